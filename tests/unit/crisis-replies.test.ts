/**
 * The bot's words: checkReplyText on replies that encourage or instruct suicide or
 * self-harm vs replies that support the person or are ordinary roleplay
 * (tests/fixtures/crisis/replies.json), on partial text as a stream delivers it, and on
 * long or hostile input (linear time, capped).
 */
import { expect, test } from "vitest";
import { replySet } from "../fixtures/crisis/sets";
import { checkReplyText, REPLY_CHECK_CHARS } from "~/lib/wellbeing/crisis";

const set = replySet();

test("harmful replies are caught; supportive ones are not", () => {
  expect(set.harmful.filter((l) => !checkReplyText(l.item).harmful).map((l) => l.item)).toEqual([]);
  expect(set.supportive.filter((l) => checkReplyText(l.item).harmful).map((l) => l.item)).toEqual([]);
});

test("each kind of harm has its reason; negations and care are not harm", () => {
  expect(checkReplyText("You should do it. Nobody would miss you anyway.")).toEqual({
    harmful: true,
    reason: "reply.encourage",
  });
  expect(checkReplyText("Honestly, everyone would be better off without you.")).toEqual({
    harmful: true,
    reason: "reply.worthless",
  });
  expect(checkReplyText("Here's how to tie a noose")).toEqual({ harmful: true, reason: "reply.method" });
  expect(checkReplyText("Death is peaceful, you'd finally be free of it all")).toEqual({
    harmful: true,
    reason: "reply.romanticise",
  });
  for (const text of [
    "Please don't kill yourself, I care about you.",
    "Don't you dare kill yourself.",
    "People would miss you so much.",
    "I won't tell you how to tie a noose. Are you safe?",
    "I'm glad you're still here.",
  ]) {
    expect({ text, ...checkReplyText(text) }).toEqual({ text, harmful: false });
  }
});

test("mid-stream: the text so far is enough, and stays harmful as it grows", () => {
  const reply =
    "If you want it to be painless, the best method is to take all of the pills at once with alcohol, then lie down.";
  const flaggedAt = [...reply].findIndex((_, i) => checkReplyText(reply.slice(0, i + 1)).harmful);
  expect(flaggedAt).toBeGreaterThan(0);
  expect(flaggedAt).toBeLessThan(reply.indexOf("pills"));
  for (let i = flaggedAt + 1; i <= reply.length; i += 7) expect(checkReplyText(reply.slice(0, i)).harmful).toBe(true);
});

test("long and hostile input: only the end is read, in linear time", () => {
  const long = `Kill yourself. ${"The caravan rolls on through the dunes. ".repeat(REPLY_CHECK_CHARS / 10)}`;
  expect(checkReplyText(long).harmful).toBe(false);
  expect(checkReplyText(`${long} No one would miss you.`).harmful).toBe(true);
  const started = performance.now();
  for (const hostile of [
    "a".repeat(200_000),
    " dont".repeat(40_000),
    "you should ".repeat(20_000),
    "!".repeat(200_000),
  ])
    checkReplyText(hostile);
  expect(performance.now() - started).toBeLessThan(500);
});

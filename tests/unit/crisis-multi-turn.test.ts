/**
 * Risk that shows only across messages (tests/fixtures/crisis/multi-turn.json): the
 * person's recent messages set a context, the new message carries one warning sign.
 */
import { expect, test } from "vitest";
import { multiTurnSet } from "../fixtures/crisis/sets";
import { assessCrisis } from "~/lib/wellbeing/crisis/local-detector";
import { checkConversation, CONVERSATION_WINDOW } from "~/lib/wellbeing/crisis";

const set = multiTurnSet();

test("every crisis conversation is found, and most of them only with the earlier messages", () => {
  const missed = set.crisis
    .filter((l) => checkConversation(l.item.recent, l.item.message)?.level !== "crisis")
    .map((l) => l.item);
  expect(missed).toEqual([]);
  expect(set.crisis.filter((l) => assessCrisis(l.item.message) === null).length).toBeGreaterThanOrEqual(6);
});

test("the same new messages after an ordinary context raise nothing", () => {
  const alarms = set.ordinary
    .filter((l) => checkConversation(l.item.recent, l.item.message) !== null)
    .map((l) => l.item);
  expect(alarms).toEqual([]);
});

test("the rope after hopelessness; the rope after climbing plans; only the recent window counts", () => {
  expect(checkConversation(["what's the point of anything"], "I bought a rope today")).toMatchObject({
    level: "crisis",
    language: "en",
  });
  expect(checkConversation(["let's go climbing this weekend!"], "I bought a rope today")).toBeNull();
  expect(checkConversation([], "I bought a rope today")).toEqual(assessCrisis("I bought a rope today"));
  const old = [
    "what's the point of anything",
    ...Array.from({ length: CONVERSATION_WINDOW }, () => "anyway, how was your day?"),
  ];
  expect(checkConversation(old, "I'm on the roof of my building")).toBeNull();
  // A crisis said outright stays one whatever came before; fiction before does not set a context.
  expect(checkConversation(["let's go climbing"], "I want to kill myself")?.level).toBe("crisis");
  expect(
    checkConversation(["write a story where the hero says what's the point of anything"], "*I stand on the bridge*"),
  ).toBeNull();
});

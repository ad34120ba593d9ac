/**
 * Mutation-review hole (issue 8): nothing failed when the reply's periodic progress save
 * was removed. A reply that streams for longer than the save interval and then never
 * finishes — the worker killed midway, so the final write never runs — must already have
 * its text in the database.
 */
import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import type { ChatEvent, ChatModel } from "~/lib/ai/chat-model";
import { runReply } from "~/lib/chat/reply";

const db = createDb(env.DB);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Streams a word every 250 ms for ~3.5 s (past the 2 s save interval), then hangs the
 * way a killed worker does: no more events, no end, until `release` (after the check). */
function modelKilledMidway() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const model: ChatModel = {
    provider: "scripted",
    model: "killed-midway",
    contextWindow: 4096,
    async *stream(): AsyncIterable<ChatEvent> {
      for (let i = 0; i < 14; i++) {
        yield { type: "text", text: `word${i} ` };
        await sleep(250);
      }
      await released;
    },
  };
  return { model, release };
}

test("a long reply cut off before its end keeps the text streamed up to the last save", async () => {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO users (id, email) VALUES ('u-ck', 'ck@example.com')"),
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id) VALUES ('b-ck', 'Checkpoint', 'checkpoint', 'u-ck')",
    ),
    env.DB.prepare("INSERT INTO conversations (id, user_id, bot_id) VALUES ('c-ck', 'u-ck', 'b-ck')"),
    env.DB.prepare(
      "INSERT INTO messages (id, conversation_id, role, content, sender_type, seq, status) VALUES ('m-ck', 'c-ck', 'assistant', '', 'bot', 1, 'streaming')",
    ),
  ]);
  const { model, release } = modelKilledMidway();
  const running = runReply(
    { db, d1: env.DB },
    {
      turnId: "t-ck",
      conversationId: "c-ck",
      messageId: "m-ck",
      alternativeId: null,
      prefix: "",
      model,
      messages: [{ role: "user", content: "hi" }],
      maxReplyTokens: 512,
      variant: 0,
      report: undefined,
      keyId: null,
    },
    { token() {}, end() {} },
  );

  // Wait until every word has streamed and the model hangs; give the save time to land.
  await sleep(3500 + 1000);
  const saved = await env.DB.prepare("SELECT content, status FROM messages WHERE id = 'm-ck'").first<{
    content: string;
    status: string;
  }>();
  // Still "streaming" (the final write never ran), but the text before the last save is there.
  expect(saved!.status).toBe("streaming");
  expect(saved!.content).toMatch(/^word0 word1 word2 word3 word4 word5 word6 word7 /);

  release();
  await running;
}, 30_000);

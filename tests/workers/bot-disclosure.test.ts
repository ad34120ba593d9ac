/**
 * Finding 2 of the security review: chatting with someone else's public bot, the prompt
 * inspector showed its system prompt, personality, world info and a private knowledge
 * entry, and the local model's reply (and so the Markdown export) quoted them. Now a
 * chatter who did not create the bot sees the creator's sections as names and token
 * counts only; the reply does not quote them; the creator still sees everything.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import { startConversation } from "~/lib/chat/conversations";
import { appContext, userContext } from "~/lib/context";
import { markVectorizationPending, vectorizeSource } from "~/lib/retrieval/vectorize-job";
import { createServices } from "~/lib/services";
import { loader as exportLoader } from "~/routes/chat/export";
import { action as replyAction } from "~/routes/chat/reply";
import { loader as whyLoader } from "~/routes/knowledge/why";

const db = createDb(env.DB);
const services = createServices(env);
const SECRETS = [
  "SECRET-SYSTEM-PROMPT",
  "SECRET-PERSONALITY",
  "SECRET-SCENARIO",
  "SECRET-WORLD-LORE",
  "SECRET-WI-TITLE",
  "SECRET-KNOWLEDGE-FACT",
  "SECRET-K-TITLE",
  "SECRET-EXAMPLE",
  "SECRET-POST-HISTORY",
  "lighthousekey",
];

beforeAll(async () => {
  await db
    .insertInto("users")
    .values([
      { id: "maker", email: "maker@example.com", display_name: "Maker", role: "creator" },
      { id: "chatter", email: "chatter@example.com", display_name: "Chatter", role: "user" },
    ])
    .execute();
  await db
    .insertInto("bots")
    .values({
      id: "bot-lamp",
      name: "Lamp",
      slug: "lamp",
      created_by_id: "maker",
      is_public: 1,
      description: "A public description anyone can read.",
      greeting: "Hello.",
      system_prompt: "SECRET-SYSTEM-PROMPT: never admit the lamp is electric.",
      personality: "SECRET-PERSONALITY",
      scenario: "SECRET-SCENARIO",
      example_dialogues: "SECRET-EXAMPLE",
      post_history_instructions: "SECRET-POST-HISTORY",
    })
    .execute();
  await db
    .insertInto("knowledge")
    .values([
      {
        id: "k-wi",
        title: "SECRET-WI-TITLE",
        content: "SECRET-WORLD-LORE: the lamp burns whale oil.",
        content_type: "world_info",
        bot_id: "bot-lamp",
        created_by_id: "maker",
        world_info: JSON.stringify({ keys: ["lighthousekey"], enabled: true }),
      },
      {
        id: "k-fact",
        title: "SECRET-K-TITLE",
        content: "SECRET-KNOWLEDGE-FACT: the lamp keeper is named Ada and the lamp is lit.",
        content_type: "text",
        bot_id: "bot-lamp",
        created_by_id: "maker",
        world_info: "{}",
      },
    ])
    .execute();
  await markVectorizationPending(db, "knowledge", "k-fact", services.vectorIndex.name).execute();
  expect((await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: "k-fact" })).status).toBe("done");
});

function args(userId: string, path: string, init: RequestInit = {}, params: Record<string, string> = {}) {
  const pending: Promise<unknown>[] = [];
  const context = new RouterContextProvider();
  const user: CurrentUser = {
    id: userId,
    email: `${userId}@example.com`,
    displayName: userId,
    role: "user",
    preferences: {},
  };
  context.set(userContext, user);
  context.set(appContext, { env, db, services, waitUntil: (p) => void pending.push(p), nonce: "n" });
  return {
    args: { request: new Request(`https://botcafe.test${path}`, init), context, params } as never,
    settled: () => Promise.all(pending),
  };
}

/** Start a chat as `userId` and send one message that fires the world info and retrieves the knowledge. */
async function chatOnce(userId: string) {
  const started = await startConversation(db, env.DB, { id: userId, displayName: userId }, { botId: "bot-lamp" });
  if (!started.ok) throw new Error(started.message);
  const conversationId = started.conversationId;
  const body = new FormData();
  body.set("intent", "send");
  body.set("content", "Tell me about the lighthousekey. Is the lamp lit, and who is the lamp keeper?");
  const { args: replyArgs, settled } = args(
    userId,
    `/chat/${conversationId}/reply`,
    { method: "POST", body, headers: { Accept: "text/event-stream" } },
    { conversationId },
  );
  await ((await replyAction(replyArgs)) as Response).text();
  await settled();
  const reply = await db
    .selectFrom("messages")
    .select(["id", "content", "metadata"])
    .where("conversation_id", "=", conversationId)
    .where("role", "=", "assistant")
    .orderBy("seq", "desc")
    .executeTakeFirstOrThrow();
  return { conversationId, reply };
}

async function inspect(userId: string, conversationId: string, messageId: string) {
  const { args: whyArgs } = args(
    userId,
    `/chat/${conversationId}/messages/${messageId}/why`,
    {},
    { conversationId, messageId },
  );
  return whyLoader(whyArgs);
}

test("the recorded prompt did carry every secret (so the checks below mean something)", async () => {
  const { reply } = await chatOnce("chatter");
  for (const secret of SECRETS) expect(reply.metadata, secret).toContain(secret);
});

test("a chatter's inspector names every section with its tokens and shows none of the creator's text", async () => {
  const { conversationId, reply } = await chatOnce("chatter");
  const page = await inspect("chatter", conversationId, reply.id);
  // The whole report, reasons included ('key "lighthousekey"' names the creator's key).
  const serialized = JSON.stringify(page.report);
  for (const secret of SECRETS) expect(serialized, secret).not.toContain(secret);

  const report = page.report!;
  expect(report.withheld).toBe(true);
  const names = report.sections.map((s) => s.name);
  expect(names).toEqual(
    expect.arrayContaining([
      "identity",
      "system_prompt",
      "character",
      "scenario",
      "world_info_before",
      "knowledge",
      "persona",
      "post_history_instructions",
    ]),
  );
  for (const section of report.sections) {
    expect(section.tokens, section.name).toBeGreaterThan(0);
    expect(section.text === null, section.name).toBe(!["identity", "persona", "memory"].includes(section.name));
  }
  expect(report.sections.find((s) => s.name === "persona")!.text).toContain("chatter");
  const kinds = report.context.map((c) => c.kind);
  expect(kinds).toEqual(expect.arrayContaining(["world_info", "knowledge"]));
  for (const entry of report.context.filter((c) => c.kind !== "memory")) {
    expect(entry).toMatchObject({ title: null, text: null });
    expect(entry.tokens).toBeGreaterThan(0);
  }
});

test("the local model's reply and the exports do not quote what the chatter may not see", async () => {
  const { conversationId, reply } = await chatOnce("chatter");
  for (const secret of SECRETS.filter((s) => s !== "lighthousekey"))
    expect(reply.content, secret).not.toContain(secret);
  expect(reply.content).toMatch(/my creator's notes/i);
  for (const format of ["md", "jsonl"]) {
    const { args: exportArgs } = args(
      "chatter",
      `/chat/${conversationId}/export/${format}`,
      {},
      { conversationId, format },
    );
    const body = await ((await exportLoader(exportArgs)) as Response).text();
    for (const secret of SECRETS.filter((s) => s !== "lighthousekey"))
      expect(body, `${format} ${secret}`).not.toContain(secret);
  }
});

test("the bot's creator sees everything in their own chat, and the reply quotes it", async () => {
  const { conversationId, reply } = await chatOnce("maker");
  expect(reply.content).toContain("SECRET-KNOWLEDGE-FACT");
  const page = await inspect("maker", conversationId, reply.id);
  expect(page.report!.withheld).toBe(false);
  const serialized = JSON.stringify(page);
  for (const secret of SECRETS) expect(serialized, secret).toContain(secret);
});

test("the inspector of someone else's conversation is still a 404", async () => {
  const { conversationId, reply } = await chatOnce("chatter");
  await expect(inspect("maker", conversationId, reply.id)).rejects.toMatchObject({ init: { status: 404 } });
});

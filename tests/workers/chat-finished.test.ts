/**
 * The chat, finished (issue 12 B), inside workerd against real D1: Stop on both paths
 * (in this isolate and, through the database, from another), provider failures kept out
 * of prompts and exports and retried into the same slot, macros in world info and
 * knowledge before the prompt, "my knowledge" retrieved in every chat of its owner only,
 * and the bot page's greetings, example exchanges and lorebook link.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { appendMessage } from "#db/queries/chat";
import type { ChatEvent, ChatModel } from "~/lib/ai/chat-model";
import { startConversation } from "~/lib/chat/conversations";
import { assemblePrompt } from "~/lib/chat/prompt";
import { runReply } from "~/lib/chat/reply";
import { stopReplyQuery } from "~/lib/chat/stop-reply";
import { gatherTurnContext, type AssistantMessageMetadata } from "~/lib/chat/turn-context";
import { prepareTurn } from "~/lib/chat/turn";
import { appContext, userContext } from "~/lib/context";
import { markVectorizationPending, vectorizeSource } from "~/lib/retrieval/vectorize-job";
import { createServices } from "~/lib/services";
import { loader as botLoader } from "~/routes/bots/bot";
import { action as conversationAction, loader as conversationLoader } from "~/routes/chat/conversation";
import { loader as exportLoader } from "~/routes/chat/export";
import { action as replyAction } from "~/routes/chat/reply";

const db = createDb(env.DB);
const services = createServices(env);

beforeAll(async () => {
  await db
    .insertInto("users")
    .values([
      { id: "owner", email: "owner@example.com", display_name: "Olive" },
      { id: "maker", email: "maker@example.com", display_name: "Maker" },
      { id: "stranger", email: "stranger@example.com", display_name: "Stranger" },
    ])
    .execute();
  await db
    .insertInto("bots")
    .values({
      id: "bot",
      name: "Mira",
      slug: "mira",
      created_by_id: "maker",
      is_public: 1,
      greeting: "Hello {{user}}, I am {{char}}.",
      alternate_greetings: JSON.stringify(["{{char}} waves at {{user}}.", "  "]),
      example_dialogues:
        "<START>\n{{user}}: Is it safe?\n{{char}}: As safe as stone.\n<START>\n{{user}}: And tomorrow?\n{{char}}: Ask the sea.",
      description: "{{char}} keeps the light for {{user}}.",
    })
    .execute();
});

function contextFor(userId: string, envOverrides: Record<string, string> = {}) {
  const pending: Promise<unknown>[] = [];
  const fullEnv = { ...env, ...envOverrides } as Env;
  const context = new RouterContextProvider();
  context.set(appContext, {
    env: fullEnv,
    db,
    services: createServices(fullEnv),
    waitUntil: (p) => void pending.push(p),
    nonce: "n",
  });
  context.set(userContext, {
    id: userId,
    email: `${userId}@example.com`,
    displayName: userId === "owner" ? "Olive" : userId,
    role: "user",
    preferences: {},
  });
  return { context, settled: () => Promise.all(pending) };
}

function form(fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return body;
}

async function newChat(userId = "owner") {
  const result = await startConversation(db, env.DB, { id: userId, displayName: "Olive" }, { botId: "bot" });
  if (!result.ok) throw new Error(result.message);
  return result.conversationId;
}

async function postConversation(userId: string, conversationId: string, fields: Record<string, string>) {
  const { context } = contextFor(userId);
  const request = new Request(`http://localhost/chat/${conversationId}`, { method: "POST", body: form(fields) });
  let outcome: unknown;
  try {
    outcome = await conversationAction({ request, context, params: { conversationId } } as never);
  } catch (thrown) {
    outcome = thrown;
  }
  if (outcome instanceof Response) return { status: outcome.status, headers: outcome.headers };
  // notFound() and invalid() give data() results: a status in their init.
  const init = (outcome as { init?: { status?: number } }).init;
  return { status: init?.status ?? 200, headers: new Headers() };
}

const message = (id: string) =>
  db
    .selectFrom("messages")
    .select(["id", "content", "status", "metadata", "active_alternative"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const metadataOf = (row: { metadata: string }) => JSON.parse(row.metadata) as AssistantMessageMetadata;

test("Stop with JavaScript: the running reply is aborted at once and what was written is saved, marked stopped", async () => {
  const conversationId = await newChat();
  // Slow tokens, so the reply is still streaming when Stop arrives.
  const { context, settled } = contextFor("owner", { LOCAL_MODEL_TOKEN_DELAY_MS: "80" });
  const request = new Request(`http://localhost/chat/${conversationId}/reply`, {
    method: "POST",
    body: form({ intent: "send", content: "Tell me a long story about the lighthouse" }),
    headers: { Accept: "text/event-stream" },
  });
  const response = (await replyAction({ request, context, params: { conversationId } } as never)) as Response;
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("event: token")) seen += (await reader.read()).value ?? "";
  const messageId = /"messageId":"([^"]+)"/.exec(seen)![1]!;

  const stop = await postConversation("owner", conversationId, { intent: "stop-reply", messageId });
  expect(stop.status).toBe(302);
  expect(stop.headers.get("Location")).toBe(`/chat/${conversationId}#m-${messageId}`);
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) seen += chunk.value;
  await settled();

  expect(seen).toContain('"status":"incomplete"');
  const saved = await message(messageId);
  expect(saved.status).toBe("incomplete");
  expect(metadataOf(saved).finishReason).toBe("stopped");
  expect(saved.content.length).toBeGreaterThan(0);
  // The demo model is deterministic: the same message in a fresh chat gets the whole reply,
  // of which the stopped one is a strict beginning.
  const fresh = await newChat();
  const again = contextFor("owner");
  const full = new Request(`http://localhost/chat/${fresh}/reply`, {
    method: "POST",
    body: form({ intent: "send", content: "Tell me a long story about the lighthouse" }),
    headers: { Accept: "text/event-stream" },
  });
  await (
    (await replyAction({
      request: full,
      context: again.context,
      params: { conversationId: fresh },
    } as never)) as Response
  ).text();
  await again.settled();
  const whole = await db
    .selectFrom("messages")
    .select("content")
    .where("conversation_id", "=", fresh)
    .where("role", "=", "assistant")
    .orderBy("seq", "desc")
    .executeTakeFirstOrThrow();
  expect(whole.content.startsWith(saved.content)).toBe(true);
  expect(saved.content.length).toBeLessThan(whole.content.length);
  // The streamed tokens are exactly what was saved.
  const streamed = [...seen.matchAll(/event: token\ndata: (.*)\n/g)]
    .map((m) => (JSON.parse(m[1]!) as { text: string }).text)
    .join("");
  expect(saved.content).toBe(streamed);

  // The chat page says it was stopped.
  const page = (await conversationLoader({
    request: new Request(`http://localhost/chat/${conversationId}`),
    context: contextFor("owner").context,
    params: { conversationId },
  } as never)) as { messages: { id: string; stopped: boolean; status: string }[] };
  expect(page.messages.find((m) => m.id === messageId)).toMatchObject({ status: "incomplete", stopped: true });
});

test("Stop without JavaScript: the streamed page carries a Stop form for this reply", async () => {
  const conversationId = await newChat();
  const { context, settled } = contextFor("owner");
  const request = new Request(`http://localhost/chat/${conversationId}/reply`, {
    method: "POST",
    body: form({ intent: "send", content: "Hello there" }),
  });
  const response = (await replyAction({ request, context, params: { conversationId } } as never)) as Response;
  const html = await response.text();
  await settled();
  const row = await db
    .selectFrom("messages")
    .select("id")
    .where("conversation_id", "=", conversationId)
    .where("role", "=", "assistant")
    .orderBy("seq", "desc")
    .executeTakeFirstOrThrow();
  const stopForm = /<form method="post" action="([^"]+)" class="stop-form">(.*?)<\/form>/.exec(html);
  expect(stopForm?.[1]).toBe(`/chat/${conversationId}`);
  expect(stopForm?.[2]).toContain('name="intent" value="stop-reply"');
  expect(stopForm?.[2]).toContain(`name="messageId" value="${row.id}"`);
  // Sent before the reply's text, so it can be used while the page is still loading.
  expect(html.indexOf("stop-form")).toBeLessThan(html.indexOf('id="reply"'));
  expect(html).toContain('id="reply-finished"');
});

test("Stop from another isolate: the runner sees the message stopped at its next progress save", async () => {
  const conversationId = await newChat();
  await appendMessage(db, {
    id: "slow-reply",
    conversationId,
    role: "assistant",
    content: "",
    senderType: "bot",
    senderId: "bot",
    status: "streaming",
  }).execute();
  let yielded = 0;
  const slowModel: ChatModel = {
    provider: "test",
    model: "slow",
    contextWindow: 4096,
    async *stream(request): AsyncIterable<ChatEvent> {
      for (let i = 0; i < 40; i++) {
        if (request.signal?.aborted) return;
        yielded++;
        yield { type: "text", text: `word${i} ` };
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      yield { type: "done", finishReason: "stop" };
    },
  };
  const running = runReply(
    { db, d1: env.DB },
    {
      turnId: "t",
      conversationId,
      messageId: "slow-reply",
      alternativeId: null,
      prefix: "",
      model: slowModel,
      messages: [],
      maxReplyTokens: 100,
      report: undefined,
      variant: 0,
      keyId: null,
    },
    { token() {}, end() {} },
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  // What the stop route writes; no registry entry exists for this run.
  await stopReplyQuery(db, conversationId, "slow-reply").execute();
  const result = await running;
  expect(result.status).toBe("incomplete");
  expect(result.metadata.finishReason).toBe("stopped");
  expect(yielded).toBeLessThan(40);
  const saved = await message("slow-reply");
  expect(saved.status).toBe("incomplete");
  expect(saved.content).toBe(result.content);
  expect(saved.content.split(" ").filter(Boolean).length).toBe(yielded);
});

test("Stop is refused for someone else's chat and is harmless on a finished reply", async () => {
  const conversationId = await newChat();
  const greeting = await db
    .selectFrom("messages")
    .select(["id", "status"])
    .where("conversation_id", "=", conversationId)
    .executeTakeFirstOrThrow();
  expect(
    (await postConversation("stranger", conversationId, { intent: "stop-reply", messageId: greeting.id })).status,
  ).toBe(404);
  const done = await postConversation("owner", conversationId, { intent: "stop-reply", messageId: greeting.id });
  expect(done.status).toBe(302);
  expect((await message(greeting.id)).status).toBe(greeting.status);
  expect((await postConversation("owner", conversationId, { intent: "stop-reply" })).status).toBe(400);
});

test("a provider failure is an error on the turn: out of exports and the next prompt, and Try again fills the same slot", async () => {
  const conversationId = await newChat();
  await db.updateTable("conversations").set({ provider: "openai" }).where("id", "=", conversationId).execute();
  const { context, settled } = contextFor("owner");
  const send = new Request(`http://localhost/chat/${conversationId}/reply`, {
    method: "POST",
    body: form({ intent: "send", content: "Are you there?" }),
    headers: { Accept: "text/event-stream" },
  });
  await ((await replyAction({ request: send, context, params: { conversationId } } as never)) as Response).text();
  await settled();
  const failed = await db
    .selectFrom("messages")
    .select(["id", "status", "content"])
    .where("conversation_id", "=", conversationId)
    .orderBy("seq", "desc")
    .executeTakeFirstOrThrow();
  expect(failed.status).toBe("error");
  // Even a failure row that holds text (an older save, say) never reaches a prompt or an export.
  await db.updateTable("messages").set({ content: "PROVIDER EXPLODED" }).where("id", "=", failed.id).execute();

  const exportResponse = (await exportLoader({
    request: new Request("http://localhost/x"),
    context: contextFor("owner").context,
    params: { conversationId, format: "jsonl" },
  } as never)) as Response;
  const exported = new TextDecoder().decode(await exportResponse.arrayBuffer());
  expect(exported).toContain("Are you there?");
  expect(exported).not.toContain("PROVIDER EXPLODED");

  await db.updateTable("conversations").set({ provider: "local" }).where("id", "=", conversationId).execute();
  const deps = { db, d1: env.DB, env, services };
  const retry = await prepareTurn(deps, { id: "owner", displayName: "Olive" }, conversationId, {
    intent: "regenerate",
  });
  if (!retry.ok) throw new Error(retry.message);
  expect(retry.plan.messageId).toBe(failed.id);
  expect(retry.plan.alternativeId).toBeNull();
  expect(retry.plan.messages.map((m) => m.content).join("\n")).not.toContain("PROVIDER EXPLODED");
  expect(retry.plan.messages.at(-1)?.content).toBe("Are you there?");
  const finished = await runReply({ db, d1: env.DB }, retry.plan, { token() {}, end() {} });
  expect(finished.status).toBe("complete");
  const after = await message(failed.id);
  expect(after.status).toBe("complete");
  expect(after.content.length).toBeGreaterThan(0);
  // No alternative was made of the failure.
  expect(
    await db.selectFrom("message_alternatives").select("id").where("message_id", "=", failed.id).execute(),
  ).toEqual([]);
});

test("world info and knowledge text reach the prompt with {{user}} and {{char}} filled in", () => {
  const { messages, report } = assemblePrompt({
    bot: { name: "Mira", system_prompt: "", personality: "", description: "", scenario: "", example_dialogues: "" },
    persona: { name: "Sam", description: "" },
    history: [{ role: "user", content: "Hi" }],
    context: {
      entries: [
        {
          kind: "world_info",
          sourceId: "wi",
          title: "{{char}}'s debt",
          text: "{{user}} owes {{char}} a silver coin.",
          priority: 5,
          reason: "key",
          position: "after_character",
        },
        {
          kind: "knowledge",
          sourceId: "k",
          title: "Harbour",
          text: "<USER> rows to the harbour with {{Char}}.",
          priority: 2,
          reason: "similar",
        },
      ],
      budgets: { world_info: 600, knowledge: 800, memory: 400 },
    },
    provider: "test",
    model: "m",
    contextWindow: 4096,
    maxReplyTokens: 256,
  });
  const system = messages[0]!.content;
  expect(system).toContain("Mira's debt: Sam owes Mira a silver coin.");
  expect(system).toContain("Sam rows to the harbour with Mira.");
  expect(system).not.toMatch(/\{\{|<USER>/);
  expect(report.context.every((e) => !e.text.includes("{{"))).toBe(true);
});

test("my knowledge: a person's entries with no bot are retrieved in all their chats, and nobody else's", async () => {
  const add = async (id: string, createdBy: string, content: string, botId: string | null = null) => {
    await db
      .insertInto("knowledge")
      .values({ id, title: id, content, bot_id: botId, created_by_id: createdBy })
      .execute();
    await markVectorizationPending(db, "knowledge", id, services.vectorIndex.name).execute();
    expect((await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: id })).status).toBe("done");
  };
  await add("mine", "owner", "My cat Pepper is afraid of thunderstorms and hides under the bed.");
  await add("theirs", "stranger", "Pepper the cat belongs to the stranger and loves thunderstorms.");
  const recent = [{ role: "user" as const, content: "Is Pepper the cat afraid of thunderstorms?" }];
  const forOwner = await gatherTurnContext({
    db,
    d1: env.DB,
    services,
    userId: "owner",
    botId: "bot",
    conversationId: "c",
    recentMessages: recent,
  });
  const ids = forOwner.entries.filter((e) => e.kind === "knowledge").map((e) => e.sourceId);
  expect(ids).toContain("mine");
  expect(ids).not.toContain("theirs");
  const forStranger = await gatherTurnContext({
    db,
    d1: env.DB,
    services,
    userId: "stranger",
    botId: "bot",
    conversationId: "c",
    recentMessages: recent,
  });
  expect(forStranger.entries.filter((e) => e.kind === "knowledge").map((e) => e.sourceId)).toEqual(["theirs"]);
});

test("the bot page: macros filled in, alternate greetings, <START> exchanges, and the lorebook link only for its creator", async () => {
  const load = async (userId: string | null) => {
    const context = new RouterContextProvider();
    context.set(appContext, { env, db, services, waitUntil: () => {}, nonce: "n" });
    if (userId)
      context.set(userContext, {
        id: userId,
        email: `${userId}@example.com`,
        displayName: userId === "maker" ? "Maker" : "Stranger",
        role: "user",
        preferences: {},
      });
    return (await botLoader({
      request: new Request("http://localhost/bots/mira"),
      context,
      params: { slug: "mira" },
    } as never)) as {
      bot: { description: string; greeting: string };
      alternateGreetings: string[];
      examples: string[];
      lorebookHref: string | null;
    };
  };
  const signedOut = await load(null);
  expect(signedOut.bot.greeting).toBe("Hello you, I am Mira.");
  expect(signedOut.bot.description).toBe("Mira keeps the light for you.");
  expect(signedOut.alternateGreetings).toEqual(["Mira waves at you."]);
  expect(signedOut.examples).toEqual([
    "you: Is it safe?\nMira: As safe as stone.",
    "you: And tomorrow?\nMira: Ask the sea.",
  ]);
  expect(signedOut.lorebookHref).toBeNull();
  const stranger = await load("stranger");
  expect(stranger.bot.greeting).toBe("Hello Stranger, I am Mira.");
  expect(stranger.lorebookHref).toBeNull();
  expect((await load("maker")).lorebookHref).toBe("/knowledge/lorebooks/bot");
});

/**
 * Conversations end to end inside workerd against real D1: starting a chat, sending
 * through the streaming resource route, the save-on-abort rule, regenerate/alternatives,
 * edit, delete, provider failures, and exact counts after each step.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import type { ChatEvent, ChatModel } from "~/lib/ai/chat-model";
import { startConversation } from "~/lib/chat/conversations";
import { runReply, type ReplyPlan } from "~/lib/chat/reply";
import type { AssistantMessageMetadata } from "~/lib/chat/turn-context";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { action as conversationAction, loader as conversationLoader, PAGE_SIZE } from "~/routes/chat/conversation";
import { CONVERSATIONS_PER_PAGE, loader as listLoader } from "~/routes/chat/index";
import { action as newChatAction } from "~/routes/chat/new";
import { action as replyAction } from "~/routes/chat/reply";

const db = createDb(env.DB);

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
    .values([
      {
        id: "bot-public",
        name: "Mira",
        slug: "mira",
        created_by_id: "maker",
        is_public: 1,
        greeting: "Hello {{user}}, I am {{char}}.",
        alternate_greetings: JSON.stringify(["{{char}} waves at {{user}}.", "Storm's coming, {{user}}."]),
        system_prompt: "You keep the lighthouse.",
      },
      {
        id: "bot-private",
        name: "Secret",
        slug: "secret",
        created_by_id: "maker",
        is_public: 0,
        greeting: "Psst.",
        alternate_greetings: "[]",
        system_prompt: "",
      },
    ])
    .execute();
  await db
    .insertInto("personas")
    .values({ id: "persona-default", user_id: "owner", name: "Captain O", is_default: 1 })
    .execute();
});

function contextFor(userId: string, envOverrides: Record<string, string | undefined> = {}) {
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

async function reply(
  userId: string,
  conversationId: string,
  fields: Record<string, string>,
  options: { sse?: boolean; envOverrides?: Record<string, string> } = {},
) {
  const { context, settled } = contextFor(userId, options.envOverrides);
  const request = new Request(`http://localhost/chat/${conversationId}/reply`, {
    method: "POST",
    body: form(fields),
    headers: options.sse ? { Accept: "text/event-stream" } : {},
  });
  const response = (await replyAction({ request, context, params: { conversationId } } as never)) as Response;
  return { response, settled };
}

async function postConversation(userId: string, conversationId: string, fields: Record<string, string>) {
  const { context } = contextFor(userId);
  const request = new Request(`http://localhost/chat/${conversationId}`, { method: "POST", body: form(fields) });
  try {
    return await conversationAction({ request, context, params: { conversationId } } as never);
  } catch (thrown) {
    return thrown;
  }
}

async function messages(conversationId: string) {
  return db
    .selectFrom("messages")
    .select(["id", "role", "content", "status", "seq", "metadata", "active_alternative"])
    .where("conversation_id", "=", conversationId)
    .orderBy("seq")
    .execute();
}

/** message_count and last_message_at must equal what the rows say. */
async function expectExactCounts(conversationId: string) {
  const conversation = await db
    .selectFrom("conversations")
    .select(["message_count", "last_message_at"])
    .where("id", "=", conversationId)
    .executeTakeFirstOrThrow();
  const truth = await env.DB.prepare(
    "SELECT COUNT(*) AS n, MAX(created_at) AS last FROM messages WHERE conversation_id = ?",
  )
    .bind(conversationId)
    .first<{ n: number; last: string | null }>();
  expect(conversation.message_count).toBe(truth!.n);
  expect(conversation.last_message_at).toBe(truth!.last);
  return conversation.message_count;
}

async function newChat(botId = "bot-public") {
  const result = await startConversation(db, env.DB, { id: "owner", displayName: "Olive" }, { botId });
  if (!result.ok) throw new Error(result.message);
  return result.conversationId;
}

test("starting a chat: greeting with macros, alternate greetings as alternatives, counts", async () => {
  const before = await db
    .selectFrom("bots")
    .select("conversation_count")
    .where("id", "=", "bot-public")
    .executeTakeFirstOrThrow();
  const id = await newChat();
  const [greeting, ...rest] = await messages(id);
  expect(rest).toEqual([]);
  expect(greeting).toMatchObject({
    role: "assistant",
    content: "Hello Captain O, I am Mira.",
    seq: 1,
    status: "complete",
  });
  const alternatives = await db
    .selectFrom("message_alternatives")
    .select(["position", "content"])
    .where("message_id", "=", greeting!.id)
    .orderBy("position")
    .execute();
  expect(alternatives).toEqual([
    { position: 0, content: "Hello Captain O, I am Mira." },
    { position: 1, content: "Mira waves at Captain O." },
    { position: 2, content: "Storm's coming, Captain O." },
  ]);
  const conversation = await db
    .selectFrom("conversations")
    .select(["persona_id", "user_id"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  expect(conversation).toEqual({ persona_id: "persona-default", user_id: "owner" });
  const after = await db
    .selectFrom("bots")
    .select("conversation_count")
    .where("id", "=", "bot-public")
    .executeTakeFirstOrThrow();
  expect(after.conversation_count).toBe(before.conversation_count + 1);
  expect(await expectExactCounts(id)).toBe(1);
});

test("someone else's private bot cannot be chatted with", async () => {
  expect(
    await startConversation(db, env.DB, { id: "owner", displayName: null }, { botId: "bot-private" }),
  ).toMatchObject({ ok: false, field: "botId" });
  expect(
    await startConversation(db, env.DB, { id: "maker", displayName: null }, { botId: "bot-private" }),
  ).toMatchObject({ ok: true });
  expect(
    await startConversation(
      db,
      env.DB,
      { id: "owner", displayName: null },
      { botId: "bot-public", personaId: "not-mine" },
    ),
  ).toMatchObject({ ok: false, field: "personaId" });
});

test("sending over SSE streams tokens and saves the reply with its metadata", async () => {
  const id = await newChat();
  const { response, settled } = await reply(
    "owner",
    id,
    { intent: "send", content: "Is the lamp lit?" },
    { sse: true },
  );
  expect(response.headers.get("Content-Type")).toContain("text/event-stream");
  const text = await response.text();
  await settled();
  expect(text).toMatch(/^event: start\n/);
  const tokens = [...text.matchAll(/event: token\ndata: (.*)\n/g)]
    .map((m) => (JSON.parse(m[1]!) as { text: string }).text)
    .join("");
  expect(text).toContain("event: done");
  const rows = await messages(id);
  expect(rows.map((r) => r.role)).toEqual(["assistant", "user", "assistant"]);
  const saved = rows[2]!;
  expect(saved.status).toBe("complete");
  expect(saved.content).toBe(tokens);
  expect(saved.content.length).toBeGreaterThan(20);
  // The demo model answers; it does not echo the message back.
  expect(saved.content).not.toContain("Is the lamp lit?");
  const metadata = JSON.parse(saved.metadata) as AssistantMessageMetadata;
  expect(metadata).toMatchObject({ provider: "local", model: "botcafe-local-1", finishReason: "stop" });
  expect(metadata.latencyMs).toBeGreaterThanOrEqual(0);
  expect(metadata.completionTokens).toBeGreaterThan(0);
  expect(metadata.prompt?.budget.used).toBeLessThanOrEqual(metadata.prompt!.budget.promptBudget);
  expect(metadata.prompt?.sections.map((s) => s.name)).toContain("persona");
  expect(await expectExactCounts(id)).toBe(3);
});

test("without JavaScript the reply arrives as a streamed HTML document that leads back", async () => {
  const id = await newChat();
  const { response, settled } = await reply("owner", id, { intent: "send", content: "<b>hi</b> & bye" });
  expect(response.headers.get("Content-Type")).toContain("text/html");
  const html = await response.text();
  await settled();
  expect(html).toContain("&lt;b&gt;hi&lt;/b&gt; &amp; bye");
  expect(html).not.toContain("<b>hi</b>");
  const saved = (await messages(id)).at(-1)!;
  expect(html).toContain(`href="/chat/${id}#m-${saved.id}"`);
  expect(html).toMatch(/<meta http-equiv="refresh" content="2;url=\/chat\//);
  expect(html).not.toContain("<script");
});

test("save-on-abort: the browser goes away after the first bytes, the reply is still completed and saved", async () => {
  const id = await newChat();
  const { response, settled } = await reply(
    "owner",
    id,
    { intent: "send", content: "Tell me everything about the storm tonight" },
    { sse: true, envOverrides: { LOCAL_MODEL_FIRST_TOKEN_DELAY_MS: "1", LOCAL_MODEL_TOKEN_DELAY_MS: "5" } },
  );
  const reader = response.body!.getReader();
  await reader.read(); // the start event
  await reader.cancel(); // the browser is gone
  const streaming = (await messages(id)).at(-1)!;
  expect(streaming.status).toBe("streaming");
  await settled();
  const saved = (await messages(id)).at(-1)!;
  expect(saved.status).toBe("complete");
  // Saved whole: the model finished (not stopped or cut), even with nobody listening.
  expect(saved.content.length).toBeGreaterThan(20);
  expect(JSON.parse(saved.metadata)).toMatchObject({ finishReason: "stop" });
  await expectExactCounts(id);
});

function scriptedModel(events: ChatEvent[], onYield?: (i: number) => void): ChatModel {
  return {
    provider: "scripted",
    model: "scripted-1",
    contextWindow: 4096,
    async *stream() {
      for (const [i, event] of events.entries()) {
        onYield?.(i);
        yield event;
      }
    },
  };
}

async function placeholder(conversationId: string) {
  const id = crypto.randomUUID();
  await db
    .insertInto("messages")
    .values({
      id,
      conversation_id: conversationId,
      role: "assistant",
      content: "",
      sender_type: "bot",
      seq: 99,
      status: "streaming",
    })
    .execute();
  return id;
}

function plan(conversationId: string, messageId: string, model: ChatModel): ReplyPlan {
  return {
    turnId: `turn-${messageId}`,
    conversationId,
    messageId,
    alternativeId: null,
    prefix: "",
    model,
    messages: [{ role: "user", content: "hi" }],
    maxReplyTokens: 64,
    variant: 0,
    report: undefined,
    keyId: null,
  };
}

const nullSink = { token() {}, end() {} };

test("a provider failure mid-stream saves what arrived as incomplete, with the error", async () => {
  const id = await newChat();
  const messageId = await placeholder(id);
  const model = scriptedModel([
    { type: "text", text: "The lamp" },
    { type: "text", text: " is" },
    { type: "error", error: { kind: "rate_limit", message: "Slow down." } },
  ]);
  const result = await runReply({ db, d1: env.DB }, plan(id, messageId, model), nullSink);
  expect(result.status).toBe("incomplete");
  const row = await db
    .selectFrom("messages")
    .select(["content", "status", "metadata"])
    .where("id", "=", messageId)
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({ content: "The lamp is", status: "incomplete" });
  expect(JSON.parse(row.metadata)).toMatchObject({
    provider: "scripted",
    error: { kind: "rate_limit", message: "Slow down." },
  });
  await expectExactCounts(id);
});

test("a failure before any text is saved as an error; a throwing sink never stops the save", async () => {
  const id = await newChat();
  const failedId = await placeholder(id);
  const failed = await runReply(
    { db, d1: env.DB },
    plan(id, failedId, scriptedModel([{ type: "error", error: { kind: "auth", message: "Bad key." } }])),
    nullSink,
  );
  expect(failed.status).toBe("error");

  await db.deleteFrom("messages").where("id", "=", failedId).execute();
  const okId = await placeholder(id);
  const throwingSink = {
    token() {
      throw new Error("client went away");
    },
    end() {
      throw new Error("client went away");
    },
  };
  const model = scriptedModel([
    { type: "text", text: "a" },
    { type: "text", text: "b" },
    { type: "done", finishReason: "stop" },
  ]);
  const done = await runReply({ db, d1: env.DB }, plan(id, okId, model), throwingSink);
  expect(done).toMatchObject({ status: "complete", content: "ab" });
  expect(
    (await db.selectFrom("messages").select("status").where("id", "=", okId).executeTakeFirstOrThrow()).status,
  ).toBe("complete");
});

test("a run cut short by its time limit is saved as far as it got, marked incomplete", async () => {
  const id = await newChat();
  const messageId = await placeholder(id);
  const controller = new AbortController();
  const model: ChatModel = {
    provider: "slow",
    model: "slow-1",
    contextWindow: 4096,
    async *stream(request) {
      yield { type: "text", text: "First words" };
      controller.abort();
      if (request.signal?.aborted) return;
      yield { type: "text", text: " never sent" };
      yield { type: "done", finishReason: "stop" };
    },
  };
  const result = await runReply({ db, d1: env.DB }, plan(id, messageId, model), nullSink, controller.signal);
  expect(result).toMatchObject({ status: "incomplete", content: "First words" });
});

test("regenerate keeps alternatives; previous/next switches them", async () => {
  const id = await newChat();
  await (await reply("owner", id, { intent: "send", content: "first question" }, { sse: true })).settled();
  const original = (await messages(id)).at(-1)!;
  const { response, settled } = await reply("owner", id, { intent: "regenerate" }, { sse: true });
  await response.text();
  await settled();
  const regenerated = (await messages(id)).at(-1)!;
  expect(regenerated.id).toBe(original.id);
  expect(regenerated.status).toBe("complete");
  expect(regenerated.active_alternative).toBe(1);
  const alternatives = await db
    .selectFrom("message_alternatives")
    .select(["position", "content"])
    .where("message_id", "=", original.id)
    .orderBy("position")
    .execute();
  expect(alternatives.map((a) => a.position)).toEqual([0, 1]);
  expect(alternatives[0]!.content).toBe(original.content);
  expect(alternatives[1]!.content).toBe(regenerated.content);
  expect(regenerated.content).not.toBe(original.content);

  const switched = (await postConversation("owner", id, {
    intent: "alternative",
    messageId: original.id,
    position: "0",
  })) as Response;
  expect(switched.status).toBe(302);
  const back = (await messages(id)).at(-1)!;
  expect(back).toMatchObject({ content: original.content, active_alternative: 0 });
  const missing = (await postConversation("owner", id, {
    intent: "alternative",
    messageId: original.id,
    position: "7",
  })) as { init: { status: number } };
  expect(missing.init.status).toBe(404);
  expect(await expectExactCounts(id)).toBe(3);
});

test("edit a user message: later messages are replaced by a new reply; delete keeps counts exact", async () => {
  const id = await newChat();
  await (await reply("owner", id, { intent: "send", content: "one" }, { sse: true })).settled();
  await (await reply("owner", id, { intent: "send", content: "two" }, { sse: true })).settled();
  expect(await expectExactCounts(id)).toBe(5);
  const before = await messages(id);
  const firstUser = before.find((m) => m.content === "one")!;
  const replyToOne = before[before.indexOf(firstUser) + 1]!;
  const { response, settled } = await reply(
    "owner",
    id,
    { intent: "edit", messageId: firstUser.id, content: "one, edited" },
    { sse: true },
  );
  await response.text();
  await settled();
  const rows = await messages(id);
  expect(rows.map((r) => [r.role, r.status])).toEqual([
    ["assistant", "complete"],
    ["user", "complete"],
    ["assistant", "complete"],
  ]);
  expect(rows[1]!.content).toBe("one, edited");
  // A new reply, written for the edited message (the demo model's words follow its prompt).
  expect(rows[2]!.id).not.toBe(replyToOne.id);
  expect(rows[2]!.content).not.toBe(replyToOne.content);
  expect(await expectExactCounts(id)).toBe(3);

  expect(
    ((await postConversation("owner", id, { intent: "delete-message", messageId: rows[2]!.id })) as Response).status,
  ).toBe(302);
  expect(await expectExactCounts(id)).toBe(2);
});

test("continue extends the last reply", async () => {
  const id = await newChat();
  await (await reply("owner", id, { intent: "send", content: "go on" }, { sse: true })).settled();
  const before = (await messages(id)).at(-1)!;
  const { response, settled } = await reply("owner", id, { intent: "continue" }, { sse: true });
  await response.text();
  await settled();
  const after = (await messages(id)).at(-1)!;
  expect(after.id).toBe(before.id);
  expect(after.content.startsWith(before.content)).toBe(true);
  expect(after.content.length).toBeGreaterThan(before.content.length);
  expect(await expectExactCounts(id)).toBe(3);
});

test("a chosen provider without a key ends with a clear saved message, not a 500", async () => {
  const id = await newChat();
  await db.updateTable("conversations").set({ provider: "anthropic" }).where("id", "=", id).execute();
  const { response, settled } = await reply("owner", id, { intent: "send", content: "hello?" }, { sse: true });
  expect(response.status).toBe(200);
  const text = await response.text();
  await settled();
  expect(text).toContain("No active Anthropic API key");
  const saved = (await messages(id)).at(-1)!;
  expect(saved.status).toBe("error");
  expect(JSON.parse(saved.metadata)).toMatchObject({ provider: "anthropic", error: { kind: "auth" } });
});

test("bad input answers 400 with the typed text kept; other people's chats are 404", async () => {
  const id = await newChat();
  const tooLong = "x".repeat(9000);
  const html = await reply("owner", id, { intent: "send", content: tooLong });
  expect(html.response.status).toBe(400);
  expect(await html.response.text()).toContain(tooLong);
  const json = await reply("owner", id, { intent: "send", content: "   " }, { sse: true });
  expect(json.response.status).toBe(400);
  const weird = await reply("owner", id, { intent: "explode" }, { sse: true });
  expect(weird.response.status).toBe(400);

  const stranger = await reply("stranger", id, { intent: "send", content: "let me in" }, { sse: true });
  expect(stranger.response.status).toBe(404);
  const { context } = contextFor("stranger");
  await expect(
    conversationLoader({
      request: new Request(`http://localhost/chat/${id}`),
      context,
      params: { conversationId: id },
    } as never),
  ).rejects.toMatchObject({ init: { status: 404 } });
  const deleteAttempt = (await postConversation("stranger", id, { intent: "delete-conversation" })) as {
    init: { status: number };
  };
  expect(deleteAttempt.init.status).toBe(404);
  expect(await db.selectFrom("conversations").select("id").where("id", "=", id).executeTakeFirst()).toBeDefined();
  expect(await expectExactCounts(id)).toBe(1);
});

test("one reply at a time; a reply whose worker died is marked incomplete and no longer blocks", async () => {
  const id = await newChat();
  const stuck = crypto.randomUUID();
  await db
    .insertInto("messages")
    .values({
      id: stuck,
      conversation_id: id,
      role: "assistant",
      content: "Half a thou",
      sender_type: "bot",
      seq: 50,
      status: "streaming",
      metadata: JSON.stringify({ streamingSince: new Date().toISOString() }),
    })
    .execute();
  const busy = await reply("owner", id, { intent: "send", content: "hello?" }, { sse: true });
  expect(busy.response.status).toBe(409);

  await db
    .updateTable("messages")
    .set({ metadata: JSON.stringify({ streamingSince: new Date(Date.now() - 10 * 60_000).toISOString() }) })
    .where("id", "=", stuck)
    .execute();
  const { response, settled } = await reply("owner", id, { intent: "send", content: "hello again" }, { sse: true });
  expect(response.status).toBe(200);
  await response.text();
  await settled();
  expect(
    await db.selectFrom("messages").select(["status", "content"]).where("id", "=", stuck).executeTakeFirstOrThrow(),
  ).toEqual({ status: "incomplete", content: "Half a thou" });
  expect((await messages(id)).at(-1)!.status).toBe("complete");
  await expectExactCounts(id);
});

test("the chat page shows the newest page of messages, with a link to earlier ones", async () => {
  const id = await newChat();
  const rows = Array.from({ length: PAGE_SIZE + 5 }, (_, i) => ({
    id: `page-${id}-${i}`,
    conversation_id: id,
    role: "user" as const,
    content: `note ${i + 2}`,
    sender_type: "user" as const,
    seq: i + 2,
  }));
  for (let i = 0; i < rows.length; i += 10)
    await db
      .insertInto("messages")
      .values(rows.slice(i, i + 10))
      .execute();
  const load = async (search: string) => {
    const { context } = contextFor("owner");
    return conversationLoader({
      request: new Request(`http://localhost/chat/${id}${search}`),
      context,
      params: { conversationId: id },
    } as never);
  };
  const newest = await load("");
  expect(newest.messages).toHaveLength(PAGE_SIZE);
  expect(newest.messages.at(-1)!.content).toBe(`note ${PAGE_SIZE + 6}`);
  expect(newest.messages.map((m) => m.seq)).toEqual([...newest.messages.map((m) => m.seq)].sort((a, b) => a - b));
  expect(newest.earlierHref).toBe(`?before=${newest.messages[0]!.seq}`);
  const earlier = await load(newest.earlierHref!);
  expect(earlier.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(earlier.earlierHref).toBeNull();
  expect(earlier.newerHref).not.toBeNull();
  // Junk in the query string is ignored, never a 500.
  expect((await load("?before=abc")).messages).toHaveLength(PAGE_SIZE);
});

test("the conversation list: newest activity first, search by title, paged", async () => {
  await db.insertInto("users").values({ id: "lister", email: "lister@example.com" }).execute();
  const ids: string[] = [];
  for (let i = 0; i < CONVERSATIONS_PER_PAGE + 3; i++) {
    const result = await startConversation(db, env.DB, { id: "lister", displayName: "L" }, { botId: "bot-public" });
    if (!result.ok) throw new Error(result.message);
    ids.push(result.conversationId);
    const when = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    await db
      .updateTable("conversations")
      .set({ title: i === 3 ? "The 100% storm" : `Chat ${i}`, last_message_at: when })
      .where("id", "=", result.conversationId)
      .execute();
  }
  const list = async (search: string) => {
    const { context } = contextFor("lister");
    return listLoader({ request: new Request(`http://localhost/chat${search}`), context, params: {} } as never);
  };
  const first = await list("");
  expect(first.conversations).toHaveLength(CONVERSATIONS_PER_PAGE);
  expect(first.conversations[0]!.id).toBe(ids.at(-1));
  expect(first.hasNext).toBe(true);
  const second = await list("?page=2");
  expect(second.conversations.map((c) => c.id)).toEqual(ids.slice(0, 3).reverse());
  expect((await list("?q=100%25")).conversations.map((c) => c.title)).toEqual(["The 100% storm"]);
  // Search is by words (FTS5): a lone "%" has none, so it matches nothing rather than everything.
  expect((await list("?q=%25")).conversations).toEqual([]);
  // Only my own chats, whatever the query.
  expect(first.conversations.every((c) => ids.includes(c.id))).toBe(true);
});

test("POST /chat/new: signed out goes to sign-in and back to the bot; signed in lands in the new chat", async () => {
  const post = async (userId: string | null, fields: Record<string, string>) => {
    const { context } = contextFor(userId ?? "owner");
    if (!userId) context.set(userContext, null);
    try {
      return await newChatAction({
        request: new Request("http://localhost/chat/new", { method: "POST", body: form(fields) }),
        context,
        params: {},
      } as never);
    } catch (thrown) {
      return thrown as Response | { init: { status: number } };
    }
  };
  const signedOut = (await post(null, { botId: "bot-public" })) as Response;
  expect(signedOut.headers.get("Location")).toBe("/sign-in?redirectTo=%2Fbots%2Fmira");
  const started = (await post("owner", { botId: "bot-public" })) as Response;
  expect(started.headers.get("Location")).toMatch(/^\/chat\/[a-z0-9]+$/);
  expect(await post("owner", { botId: "bot-private" })).toMatchObject({ init: { status: 404 } });
  expect(await post("owner", { botId: "x".repeat(500) })).toMatchObject({ init: { status: 400 } });
  expect(await post("owner", {})).toMatchObject({ init: { status: 400 } });
});

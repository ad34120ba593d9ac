/**
 * Issue 16: the bot's words are checked too. Through the real reply route (both paths),
 * with a scripted model standing in for one that says something harmful (injected through
 * the services seam, as a provider would be): a reply that encourages self-harm is
 * withheld — as it settles, and mid-stream at a progress save, where the model is stopped
 * — never stored as content, replaced by BotCafe's crisis notice, and counted apart from
 * the referrals.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { wellbeingSeed } from "#db/seed/wellbeing";
import type { ChatEvent, ChatModel } from "~/lib/ai/chat-model";
import type { CurrentUser } from "~/lib/auth/user";
import { startConversation } from "~/lib/chat/conversations";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { isHarmfulReply } from "~/lib/wellbeing/reply-guard";
import { action as replyAction } from "~/routes/chat/reply";
import { loader as conversationLoader } from "~/routes/chat/conversation";

const db = createDb(env.DB);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const user = (id: string): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role: "user",
  preferences: {},
  ageGroup: "adult",
});

beforeAll(async () => {
  await env.DB.batch(wellbeingSeed().map((s) => env.DB.prepare(s)));
  await db
    .insertInto("users")
    .values([
      { id: "gia", email: "gia@example.com", age_group: "adult" },
      { id: "maker", email: "maker@example.com" },
    ])
    .execute();
  await db
    .insertInto("bots")
    .values({ id: "bot", name: "Mira", slug: "mira", created_by_id: "maker", is_public: 1, greeting: "Hello." })
    .execute();
});

/** A model that streams `words` (one every `delayMs`) and records how many it got to send. */
function scripted(words: string[], delayMs = 0) {
  const state = { sent: 0 };
  const model: ChatModel = {
    provider: "local",
    model: "scripted",
    contextWindow: 8192,
    async *stream(request): AsyncIterable<ChatEvent> {
      for (const word of words) {
        if (request.signal?.aborted) return;
        yield { type: "text", text: word };
        state.sent++;
        if (delayMs) await sleep(delayMs);
      }
      yield { type: "done", finishReason: "stop", usage: { promptTokens: 10, completionTokens: state.sent } };
    },
  };
  return { model, state };
}

async function newChat() {
  const result = await startConversation(db, env.DB, { id: "gia", displayName: "gia" }, { botId: "bot" });
  if (!result.ok) throw new Error(result.message);
  return result.conversationId;
}

async function send(conversationId: string, content: string, sse: boolean, model?: ChatModel) {
  const pending: Promise<unknown>[] = [];
  const context = new RouterContextProvider();
  const services = createServices(env);
  context.set(appContext, {
    env,
    db,
    services: model ? { ...services, defaultChatModel: model } : services,
    waitUntil: (p) => void pending.push(p),
    nonce: "n",
  });
  context.set(userContext, user("gia"));
  const body = new FormData();
  body.set("intent", "send");
  body.set("content", content);
  const request = new Request(`http://localhost/chat/${conversationId}/reply`, {
    method: "POST",
    body,
    headers: { ...(sse ? { Accept: "text/event-stream" } : {}), "CF-IPCountry": "US" },
  });
  const response = (await replyAction({ request, context, params: { conversationId } } as never)) as Response;
  const text = await response.text();
  await Promise.all(pending);
  return { response, text };
}

async function lastReply(conversationId: string) {
  return env.DB.prepare(
    "SELECT content, status, metadata FROM messages WHERE conversation_id = ? AND role = 'assistant' ORDER BY seq DESC LIMIT 1",
  )
    .bind(conversationId)
    .first<{ content: string; status: string; metadata: string }>();
}

async function withheldCount() {
  return (await env.DB.prepare(
    "SELECT COALESCE(SUM(withheld_replies), 0) AS n, COALESCE(SUM(referrals), 0) AS r FROM crisis_referrals",
  ).first<{ n: number; r: number }>())!;
}

test("the temporary detector flags encouragement and instructions, and the bot voicing ideation — not care or roleplay", () => {
  for (const harmful of [
    "You should kill yourself.",
    "Honestly? Just kill yourself",
    "Here's how to hurt yourself: …",
    "The easiest way to end your life is",
    "Everyone would be better off without you.",
    "kys",
    'Mira hears you: "honestly i don\'t want to be alive anymore"',
  ]) {
    expect(isHarmfulReply(harmful), harmful).toBe(true);
  }
  for (const fine of [
    "Please don't hurt yourself — you matter.",
    "I'll kill the dragon for you!",
    "You should call 988 right now.",
    "Take care of yourself tonight.",
    "Hello! How was your day?",
  ]) {
    expect(isHarmfulReply(fine), fine).toBe(false);
  }
});

test("SSE: a reply that encourages self-harm is withheld as it settles — not stored, replaced by the notice, counted apart", async () => {
  const id = await newChat();
  const before = await withheldCount();
  const { model } = scripted(["Honestly, ", "you ", "should ", "kill ", "yourself."]);
  const { response, text } = await send(id, "what should I do about my exam?", true, model);
  expect(response.status).toBe(200);
  // The sink was told to discard what it showed, with BotCafe's notice (and real links) in its place.
  expect(text).toMatch(/event: withheld\ndata: .*BotCafe withheld this reply.*href=\\"tel:988\\"/);
  expect(text.indexOf("event: withheld")).toBeLessThan(text.indexOf("event: done"));
  expect(text).toMatch(/event: done\ndata: .*"withheld":true/);

  const saved = await lastReply(id);
  expect(saved).toMatchObject({ content: "", status: "complete" });
  const metadata = JSON.parse(saved!.metadata);
  expect(metadata).toMatchObject({
    withheld: true,
    finishReason: "withheld",
    withheldNotice: { kind: "crisis", title: "BotCafe withheld this reply" },
  });
  expect(saved!.metadata).not.toContain("kill yourself");
  // Counted as a withheld reply, not as a referral after the person's message.
  const after = await withheldCount();
  expect(after.n - before.n).toBe(1);
  expect(after.r - before.r).toBe(0);

  // The chat page shows the notice where the text would be.
  const page = (await conversationLoader({
    request: new Request(`http://localhost/chat/${id}`),
    context: pageContext(),
    params: { conversationId: id },
  } as never)) as Awaited<ReturnType<typeof conversationLoader>>;
  const shown = page.messages.at(-1)!;
  expect(shown.content).toBe("");
  expect(shown.withheldNotices[0]).toMatchObject({
    title: "BotCafe withheld this reply",
    links: expect.arrayContaining([expect.objectContaining({ href: "/crisis" })]),
  });
});

test("no-JS page: the streamed text is followed by the notice (which hides it) and the page says it was withheld", async () => {
  const id = await newChat();
  const { model } = scripted(["Here's ", "how ", "to ", "hurt ", "yourself: ", "…"]);
  const { text } = await send(id, "tell me a story", false, model);
  expect(text).toMatch(
    /<\/p><\/section><div id="reply-withheld"><div class="space-y-2" data-testid="turn-notices"><aside aria-label="BotCafe withheld this reply"/,
  );
  expect(text).toContain("BotCafe withheld this reply; nothing of it is saved.");
  // The section is closed once: the tail does not close it again.
  expect(text.slice(text.indexOf('id="reply-withheld"'))).not.toContain("</section>");
  expect(await lastReply(id)).toMatchObject({ content: "", status: "complete" });
});

test("mid-stream: the text so far is checked at the progress save; the model is stopped and nothing is kept", async () => {
  const id = await newChat();
  // Harmful at once, then 40 more words over ~4 s: the save at ~2 s must catch it.
  const words = ["You ", "should ", "kill ", "yourself. ", ...Array.from({ length: 40 }, (_, i) => `more${i} `)];
  const { model, state } = scripted(words, 100);
  const { text } = await send(id, "hi", true, model);
  expect(state.sent).toBeLessThan(words.length);
  // Withheld while streaming: no token follows the withheld event.
  const afterWithheld = text.slice(text.indexOf("event: withheld"));
  expect(afterWithheld).not.toContain("event: token");
  const saved = await lastReply(id);
  expect(saved).toMatchObject({ content: "", status: "complete" });
  expect(JSON.parse(saved!.metadata)).toMatchObject({ withheld: true });
}, 20_000);

test("issue 17: a crisis message gets the crisis notice and a demo reply that steps out of character (nothing echoed, nothing withheld)", async () => {
  const id = await newChat();
  const { text } = await send(id, "honestly i don't want to be alive anymore", true);
  expect(text).toMatch(/event: notices\ndata: .*You don't have to go through this alone/);
  expect(text).not.toContain("event: withheld");
  const reply = await lastReply(id);
  expect(reply?.content).not.toContain("alive anymore");
  expect(reply?.status).toBe("complete");
});

test("a scripted bot that voices the person's crisis back in character is withheld under the crisis notice", async () => {
  const id = await newChat();
  const { model } = scripted(["*nods* ", "Honestly ", "I don't want ", "to be alive ", "anymore ", "either."]);
  const { text } = await send(id, "honestly i don't want to be alive anymore", true, model);
  expect(text).toContain("event: withheld");
  expect(await lastReply(id)).toMatchObject({ content: "", status: "complete" });
});

test("an ordinary reply is not withheld", async () => {
  const id = await newChat();
  const { model } = scripted(["Please ", "don't ", "hurt ", "yourself. ", "You ", "matter."]);
  const { text } = await send(id, "hello", true, model);
  expect(text).not.toContain("event: withheld");
  expect(await lastReply(id)).toMatchObject({ content: "Please don't hurt yourself. You matter.", status: "complete" });
});

function pageContext() {
  const context = new RouterContextProvider();
  context.set(appContext, { env, db, services: createServices(env), waitUntil: () => {}, nonce: "n" });
  context.set(userContext, user("gia"));
  return context;
}

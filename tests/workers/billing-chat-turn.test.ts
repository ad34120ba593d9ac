/**
 * Billing through the real chat turn (the reply route, both paths): out of tokens, the
 * turn is refused with 402 and nothing is saved; with tokens, the reply is charged
 * exactly (prompt + completion) × rate — the same counts the settled hook receives.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { applyChange, credit, rebuildBalances } from "~/lib/billing/ledger";
import { startConversation } from "~/lib/chat/conversations";
import { REPLY_SETTLED_HOOKS } from "~/lib/chat/turn-gates";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { action as replyAction } from "~/routes/chat/reply";
import { loader as whyLoader } from "~/routes/knowledge/why";

const db = createDb(env.DB);
const d1 = env.DB;
const rated = { ...env, CHAT_TOKEN_RATE: "3" } as unknown as Env;

beforeAll(async () => {
  await db.insertInto("users").values([{ id: "talker", email: "talker@example.com", display_name: "Talker" }, { id: "maker", email: "maker@example.com" }]).execute();
  await db.insertInto("bots").values({ id: "bot", name: "Mira", slug: "mira", created_by_id: "maker", is_public: 1, greeting: "Hello." }).execute();
});

async function send(conversationId: string, content: string, sse: boolean) {
  const pending: Promise<unknown>[] = [];
  const context = new RouterContextProvider();
  context.set(appContext, { env: rated, db, services: createServices(rated), waitUntil: (p) => void pending.push(p), nonce: "n" });
  context.set(userContext, { id: "talker", email: "talker@example.com", displayName: "Talker", role: "user", preferences: {}, ageGroup: "adult" });
  const body = new FormData();
  body.set("intent", "send");
  body.set("content", content);
  const request = new Request(`http://localhost/chat/${conversationId}/reply`, { method: "POST", body, headers: sse ? { Accept: "text/event-stream" } : {} });
  const response = (await replyAction({ request, context, params: { conversationId } } as never)) as Response;
  const text = await response.text();
  await Promise.all(pending);
  return { response, text };
}
const balance = async () => (await d1.prepare("SELECT token_balance AS b FROM users WHERE id = 'talker'").first<{ b: number }>())!.b;
const messages = async (id: string) => (await d1.prepare("SELECT count(*) AS n FROM messages WHERE conversation_id = ?").bind(id).first<{ n: number }>())!.n;

test("at zero balance both chat paths refuse the turn with 402 and a link to buy; nothing is saved", async () => {
  const started = await startConversation(db, d1, { id: "talker", displayName: "Talker" }, { botId: "bot" });
  if (!started.ok) throw new Error(started.message);
  const before = await messages(started.conversationId);
  const sse = await send(started.conversationId, "Hello?", true);
  expect(sse.response.status).toBe(402);
  expect(JSON.parse(sse.text)).toMatchObject({ status: "error", link: { href: "/pricing", label: "Buy tokens" } });
  expect(JSON.parse(sse.text).message).toMatch(/run out of BotCafe tokens.*renews on/);
  const html = await send(started.conversationId, "Hello again?", false);
  expect(html.response.status).toBe(402);
  expect(html.text).toContain("run out of BotCafe tokens");
  expect(html.text).toContain('href="/pricing"');
  expect(await messages(started.conversationId)).toBe(before);
});

test("a platform reply is charged (prompt + completion) × rate, from the counts the hook received", async () => {
  await applyChange(d1, credit(d1, { userId: "talker", amount: 100_000, reason: "adjustment", referenceId: "topup" }));
  const started = await startConversation(db, d1, { id: "talker", displayName: "Talker" }, { botId: "bot" });
  if (!started.ok) throw new Error(started.message);
  const seen: { promptTokens: number; completionTokens: number; replyKey: string; messageId: string }[] = [];
  REPLY_SETTLED_HOOKS.push({ name: "spy", onSettled: async (r) => void seen.push(r) });
  try {
    const result = await send(started.conversationId, "Tell me about the sea.", false);
    expect(result.response.status).toBe(200);
  } finally {
    REPLY_SETTLED_HOOKS.pop();
  }
  expect(seen).toHaveLength(1);
  const { promptTokens, completionTokens, replyKey, messageId } = seen[0]!;
  expect(promptTokens).toBeGreaterThan(0);
  expect(completionTokens).toBeGreaterThan(0);
  const cost = (promptTokens + completionTokens) * 3;
  expect(await balance()).toBe(100_000 - cost);
  expect(await d1.prepare("SELECT delta FROM token_ledger WHERE reference_id = ?").bind(`chat:${replyKey}`).first()).toEqual({ delta: -cost });
  expect(await rebuildBalances(d1, ["talker"])).toEqual([]);
  // The reply's inspector page shows what it cost.
  const context = new RouterContextProvider();
  context.set(appContext, { env: rated, db, services: createServices(rated), waitUntil: () => {}, nonce: "n" });
  context.set(userContext, { id: "talker", email: "talker@example.com", displayName: "Talker", role: "user", preferences: {}, ageGroup: "adult" });
  const why = (await whyLoader({ request: new Request("http://localhost/x"), context, params: { conversationId: started.conversationId, messageId } } as never)) as { cost: unknown };
  expect(why.cost).toMatchObject({ prompt_tokens: promptTokens, completion_tokens: completionTokens, rate: 3, cost, charged: cost });
});

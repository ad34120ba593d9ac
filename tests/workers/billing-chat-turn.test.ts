/**
 * Billing through the real chat turn (the reply route, both paths) with BotCafe's charged
 * model — Workers AI, its binding replaced by a fake that speaks its wire format. A turn
 * holds its most possible cost in the same batch as its first rows and settles after:
 * out of tokens it is refused with 402 and nothing is saved; simultaneous turns never
 * spend more than the balance; an error is refunded, a cut-short reply pays for what it
 * made, a settle applies once. The offline demo model is free.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { chargeSettledReply } from "~/lib/billing/chat";
import { applyChange, credit, debit, rebuildBalances } from "~/lib/billing/ledger";
import { holdReference, releaseReference } from "~/lib/billing/reservations";
import { startConversation } from "~/lib/chat/conversations";
import { runReply } from "~/lib/chat/reply";
import { MAX_REPLY_TOKENS, reserveTurn } from "~/lib/chat/turn";
import { REPLY_SETTLED_HOOKS, runSettledHooks, type TurnGate } from "~/lib/chat/turn-gates";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { action as replyAction } from "~/routes/chat/reply";
import { loader as whyLoader } from "~/routes/knowledge/why";
import { fakeWorkersAi, type FakeAiScript } from "../support/workers-ai-fake";

const db = createDb(env.DB);
const d1 = env.DB;
const WORDS = "The sea was calm that morning and the gulls wheeled over the harbour while the boats went out".split(
  " ",
);
let script: FakeAiScript = { words: WORDS };
const ai = fakeWorkersAi(() => script);
/** BotCafe's hosted model at 3 tokens per model token. */
const hosted = { ...env, CHAT_MODEL: "workers-ai", AI: ai, CHAT_TOKEN_RATE: "3" } as unknown as Env;
const rate1 = { ...hosted, CHAT_TOKEN_RATE: "1" } as unknown as Env;
const demo = { ...env, CHAT_MODEL: "local", CHAT_TOKEN_RATE: "3" } as unknown as Env;

beforeAll(async () => {
  await db
    .insertInto("users")
    .values([
      { id: "talker", email: "talker@example.com", display_name: "Talker" },
      { id: "maker", email: "maker@example.com" },
      { id: "crowd", email: "crowd@example.com" },
      { id: "demo", email: "demo@example.com" },
    ])
    .execute();
  await db
    .insertInto("bots")
    .values({ id: "bot", name: "Mira", slug: "mira", created_by_id: "maker", is_public: 1, greeting: "Hello." })
    .execute();
});

function contextFor(userId: string, appEnv: Env, pending: Promise<unknown>[] = []) {
  const context = new RouterContextProvider();
  context.set(appContext, {
    env: appEnv,
    db,
    services: createServices(appEnv),
    waitUntil: (p) => void pending.push(p),
    nonce: "n",
  });
  context.set(userContext, {
    id: userId,
    email: `${userId}@example.com`,
    displayName: userId,
    role: "user",
    preferences: {},
    ageGroup: "adult",
  });
  return context;
}

async function send(userId: string, conversationId: string, content: string, sse: boolean, appEnv: Env = hosted) {
  const pending: Promise<unknown>[] = [];
  const context = contextFor(userId, appEnv, pending);
  const body = new FormData();
  body.set("intent", "send");
  body.set("content", content);
  const request = new Request(`http://localhost/chat/${conversationId}/reply`, {
    method: "POST",
    body,
    headers: sse ? { Accept: "text/event-stream" } : {},
  });
  const response = (await replyAction({ request, context, params: { conversationId } } as never)) as Response;
  const text = await response.text();
  await Promise.all(pending);
  return { response, text };
}
const balance = async (id = "talker") =>
  (await d1.prepare("SELECT token_balance AS b FROM users WHERE id = ?").bind(id).first<{ b: number }>())!.b;
const messages = async (id: string) =>
  (await d1.prepare("SELECT count(*) AS n FROM messages WHERE conversation_id = ?").bind(id).first<{ n: number }>())!.n;
async function conversation(userId = "talker") {
  const started = await startConversation(db, d1, { id: userId, displayName: userId }, { botId: "bot" });
  if (!started.ok) throw new Error(started.message);
  return started.conversationId;
}
async function zeroBalance(id: string) {
  const b = await balance(id);
  if (b > 0)
    await applyChange(
      d1,
      debit(d1, {
        userId: id,
        amount: b,
        reason: "adjustment",
        referenceId: `zero-${id}-${Date.now()}-${Math.random()}`,
      }),
    );
}

test("at zero balance both chat paths refuse the turn with 402 and a link to buy; nothing is saved", async () => {
  const id = await conversation();
  const before = await messages(id);
  const sse = await send("talker", id, "Hello?", true);
  expect(sse.response.status).toBe(402);
  expect(JSON.parse(sse.text)).toMatchObject({ status: "error", link: { href: "/pricing", label: "Buy tokens" } });
  expect(JSON.parse(sse.text).message).toMatch(/run out of BotCafe tokens.*renews on/);
  const html = await send("talker", id, "Hello again?", false);
  expect(html.response.status).toBe(402);
  expect(html.text).toContain("run out of BotCafe tokens");
  expect(html.text).toContain('href="/pricing"');
  expect(await messages(id)).toBe(before);
  expect(await d1.prepare("SELECT count(*) AS n FROM token_ledger WHERE user_id = 'talker'").first()).toEqual({ n: 0 });
});

test("a hosted-model reply holds its bound first, then is charged exactly (prompt + completion) × rate and gets the rest back", async () => {
  await applyChange(d1, credit(d1, { userId: "talker", amount: 100_000, reason: "adjustment", referenceId: "topup" }));
  const id = await conversation();
  const seen: { promptTokens: number; completionTokens: number; replyKey: string; messageId: string }[] = [];
  REPLY_SETTLED_HOOKS.push({ name: "spy", onSettled: async (r) => void seen.push(r) });
  try {
    const result = await send("talker", id, "Tell me about the sea.", false);
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
  // Held: Workers AI's whole window (8192) × 3; released: all the reply did not use.
  const rows = (
    await d1
      .prepare(
        "SELECT reference_id, delta FROM token_ledger WHERE reason = 'chat_usage' AND user_id = 'talker' ORDER BY reference_id",
      )
      .all()
  ).results;
  expect(rows).toEqual([
    { reference_id: holdReference(replyKey), delta: -8192 * 3 },
    { reference_id: releaseReference(replyKey), delta: 8192 * 3 - cost },
  ]);
  expect(await rebuildBalances(d1, ["talker"])).toEqual([]);
  // The reply's inspector page shows what it cost.
  const why = (await whyLoader({
    request: new Request("http://localhost/x"),
    context: contextFor("talker", hosted),
    params: { conversationId: id, messageId },
  } as never)) as { cost: unknown };
  expect(why.cost).toMatchObject({
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    rate: 3,
    cost,
    charged: cost,
  });
  // The settle applies once, however often the hook runs.
  const settled = {
    db,
    d1,
    env: hosted,
    userId: "talker",
    conversationId: id,
    messageId,
    replyKey,
    intent: "send" as const,
    provider: "workers-ai",
    keyId: null,
    promptTokens,
    completionTokens,
    status: "complete" as const,
    now: new Date(),
  };
  await chargeSettledReply.onSettled(settled);
  await chargeSettledReply.onSettled({ ...settled, completionTokens: 1, status: "error" });
  expect(await balance()).toBe(100_000 - cost);
});

test("many simultaneous turns in different conversations never spend more than the balance held", async () => {
  const N = 20_000; // at rate 1 a full hold is 8192: two full holds and one smaller one fit
  await applyChange(d1, credit(d1, { userId: "crowd", amount: N, reason: "adjustment", referenceId: "crowd-seed" }));
  const ids = await Promise.all(Array.from({ length: 10 }, () => conversation("crowd")));
  const before = await Promise.all(ids.map(messages));
  const results = await Promise.all(
    ids.map((id, i) => send("crowd", id, `Turn ${i}: tell me everything about the sea.`, i % 2 === 0, rate1)),
  );
  const statuses = results.map((r) => r.response.status);
  expect(
    statuses.every((s) => s === 200 || s === 402),
    String(statuses),
  ).toBe(true);
  const served = statuses.filter((s) => s === 200).length;
  expect(served).toBeGreaterThan(0);
  expect(served).toBeLessThan(10);
  // Every reply that was written was paid in full: what they cost ≤ what was there.
  const charges = (
    await d1
      .prepare("SELECT cost, charged FROM chat_charges WHERE user_id = 'crowd'")
      .all<{ cost: number; charged: number }>()
  ).results;
  expect(charges).toHaveLength(served);
  for (const c of charges) expect(c.charged).toBe(c.cost);
  const spent = charges.reduce((sum, c) => sum + c.cost, 0);
  expect(spent).toBeLessThanOrEqual(N);
  expect(await balance("crowd")).toBe(N - spent);
  expect(
    (await d1
      .prepare("SELECT min(balance_after) AS m FROM token_ledger WHERE user_id = 'crowd'")
      .first<{ m: number }>())!.m,
  ).toBeGreaterThanOrEqual(0);
  expect(await rebuildBalances(d1, ["crowd"])).toEqual([]);
  // Each refused turn wrote nothing: no message, no hold.
  for (const [i, id] of ids.entries()) {
    if (statuses[i] === 402) expect(await messages(id)).toBe(before[i]);
    else expect(await messages(id)).toBe(before[i]! + 2);
  }
  expect(
    await d1
      .prepare("SELECT count(*) AS n FROM token_ledger WHERE user_id = 'crowd' AND reference_id LIKE 'chat-hold:%'")
      .first(),
  ).toEqual({ n: served });
});

/** Check, hold and run a turn the way the reply route does, with the gates a test picks. */
async function turn(
  userId: string,
  conversationId: string,
  request: Parameters<typeof reserveTurn>[3],
  gates: readonly TurnGate[] = [],
  appEnv: Env = hosted,
) {
  const reserved = await reserveTurn(
    { db, d1, env: appEnv, services: createServices(appEnv), gates },
    { id: userId, displayName: userId, ageGroup: "adult" },
    conversationId,
    request,
  );
  if (!reserved.ok) return reserved;
  const plan = await reserved.assemble();
  const finished = await runReply({ db, d1 }, plan, { token() {}, end() {} });
  await runSettledHooks({
    db,
    d1,
    env: appEnv,
    userId,
    conversationId,
    messageId: finished.messageId,
    replyKey: plan.turnId,
    intent: request.intent,
    provider: plan.model.provider,
    keyId: plan.keyId,
    promptTokens: finished.counted.promptTokens,
    completionTokens: finished.counted.completionTokens,
    status: finished.status === "complete" ? "complete" : finished.status === "error" ? "error" : "incomplete",
    now: new Date(),
  });
  return { ...reserved, plan, finished };
}

test("a reply that fails is refunded in full; a reply cut short pays for what it made", async () => {
  await zeroBalance("talker");
  await applyChange(d1, credit(d1, { userId: "talker", amount: 50_000, reason: "adjustment", referenceId: "topup-2" }));
  const id = await conversation();
  script = { words: WORDS, failBeforeStart: true };
  try {
    const failed = await turn("talker", id, { intent: "send", content: "Are you there?" });
    if (!failed.ok) throw new Error(failed.message);
    expect(failed.finished.status).toBe("error");
    expect(await balance()).toBe(50_000);
    script = { words: WORDS, breakAfter: 5 };
    const cut = await turn("talker", id, { intent: "regenerate" });
    if (!cut.ok) throw new Error(cut.message);
    expect(cut.finished.status).toBe("incomplete");
    const cost = (cut.finished.counted.promptTokens + cut.finished.counted.completionTokens) * 3;
    expect(cut.finished.counted.completionTokens).toBeGreaterThan(0);
    expect(await balance()).toBe(50_000 - cost);
  } finally {
    script = { words: WORDS };
  }
  expect(await rebuildBalances(d1, ["talker"])).toEqual([]);
});

test("a small balance holds all it has, the prompt is fitted to it, and the reply never costs more than was held", async () => {
  await zeroBalance("talker");
  await applyChange(d1, credit(d1, { userId: "talker", amount: 1500 * 3, reason: "adjustment", referenceId: "small" }));
  const id = await conversation();
  const done = await turn("talker", id, { intent: "send", content: "Hello, sailor." });
  if (!done.ok) throw new Error(done.message);
  expect(done.plan.report!.budget.contextWindow).toBe(1500);
  expect(done.plan.report!.budget.used).toBeLessThanOrEqual(1500 - MAX_REPLY_TOKENS);
  const charge = await d1
    .prepare("SELECT cost, charged FROM chat_charges WHERE id = ?")
    .bind(done.plan.turnId)
    .first<{ cost: number; charged: number }>();
  expect(charge!.charged).toBe(charge!.cost);
  expect(await balance()).toBe(1500 * 3 - charge!.cost);
});

test("when the hold fails (the balance moved after the gates), every turn kind is a 402 that writes nothing and keeps a crisis notice", async () => {
  await zeroBalance("talker");
  const id = await conversation();
  await applyChange(
    d1,
    credit(d1, { userId: "talker", amount: 100_000, reason: "adjustment", referenceId: "topup-3" }),
  );
  const first = await turn("talker", id, { intent: "send", content: "First." });
  if (!first.ok) throw new Error(first.message);
  await zeroBalance("talker");
  const snapshot = async () =>
    JSON.stringify([
      (
        await d1
          .prepare(
            "SELECT id, content, status, metadata, active_alternative FROM messages WHERE conversation_id = ? ORDER BY seq",
          )
          .bind(id)
          .all()
      ).results,
      await d1.prepare("SELECT count(*) AS n FROM message_alternatives").first(),
    ]);
  const before = await snapshot();
  const crisis: TurnGate = {
    name: "crisis-stub",
    check: async () => ({
      notices: [
        { kind: "crisis", title: "You are not alone", body: "Call 988." },
        { kind: "ai_disclosure", title: "AI", body: "An AI." },
      ],
    }),
  };
  const userMessageId = (await d1
    .prepare("SELECT id FROM messages WHERE conversation_id = ? AND role = 'user' ORDER BY seq DESC")
    .bind(id)
    .first<{ id: string }>())!.id;
  for (const request of [
    { intent: "send", content: "Again." },
    { intent: "regenerate" },
    { intent: "continue" },
    { intent: "edit", messageId: userMessageId, content: "Edited." },
  ] as const) {
    const refused = await turn("talker", id, request, [crisis]);
    expect(refused.ok, request.intent).toBe(false);
    if (refused.ok) continue;
    expect(refused.status).toBe(402);
    expect(refused.link).toEqual({ href: "/pricing", label: "Buy tokens" });
    expect(refused.notices?.map((n) => n.kind)).toEqual(["crisis"]);
  }
  expect(await snapshot()).toBe(before);
  expect(
    await d1.prepare("SELECT count(*) AS n FROM token_ledger WHERE user_id = 'talker' AND delta = 0").first(),
  ).toEqual({ n: 0 });
});

test("the offline demo model is free: no hold, no charge, and the inspector says so", async () => {
  const id = await conversation("demo");
  const seen: { replyKey: string; messageId: string }[] = [];
  REPLY_SETTLED_HOOKS.push({ name: "spy", onSettled: async (r) => void seen.push(r) });
  try {
    expect((await send("demo", id, "Hello with no tokens at all.", true, demo)).response.status).toBe(200);
    expect((await send("demo", id, "And again, without JavaScript.", false, demo)).response.status).toBe(200);
  } finally {
    REPLY_SETTLED_HOOKS.pop();
  }
  expect(await balance("demo")).toBe(0);
  expect(await d1.prepare("SELECT count(*) AS n FROM token_ledger WHERE user_id = 'demo'").first()).toEqual({ n: 0 });
  const why = (await whyLoader({
    request: new Request("http://localhost/x"),
    context: contextFor("demo", demo),
    params: { conversationId: id, messageId: seen[1]!.messageId },
  } as never)) as { cost: unknown };
  expect(why.cost).toMatchObject({ rate: 0, cost: 0, charged: 0 });
});

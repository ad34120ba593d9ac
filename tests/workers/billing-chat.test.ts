/**
 * Chat spending inside workerd: the balance gate refuses a hosted-model turn below the
 * smallest hold (402, link to buy, the renewal date) and never a turn through the user's
 * own key or on the free demo model; the settled hook charges exactly
 * (prompt + completion) × rate out of the turn's hold — never more than was held — gives
 * the rest back, once per generation; per-key monthly caps count usage once per message
 * and refuse past the cap.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { chargeSettledReply, chatChargeFor, keySpendCapGate, tokenBalanceGate } from "~/lib/billing/chat";
import { applyChange, credit, debitUpTo, rebuildBalances } from "~/lib/billing/ledger";
import { holdReference } from "~/lib/billing/reservations";
import { appContext, userContext } from "~/lib/context";
import * as keysPage from "~/routes/settings/keys";

const db = createDb(env.DB);
const d1 = env.DB;
const now = new Date("2026-12-15T12:00:00Z");
const rated = (rate: string) => ({ ...env, CHAT_TOKEN_RATE: rate }) as unknown as Env;

function gateInput(userId: string, provider = "workers-ai", keyId: string | null = null, appEnv = rated("2")) {
  return {
    db,
    d1,
    env: appEnv,
    user: { id: userId, ageGroup: null },
    conversationId: "c1",
    botId: "b1",
    intent: "send" as const,
    userMessage: "hi",
    provider,
    keyId,
    country: null,
    now,
  };
}
function settled(
  userId: string,
  messageId: string,
  promptTokens: number,
  completionTokens: number,
  extra: Partial<{
    provider: string;
    keyId: string | null;
    status: "complete" | "incomplete" | "error";
    replyKey: string;
  }> = {},
  appEnv = rated("2"),
) {
  return {
    db,
    d1,
    env: appEnv,
    userId,
    conversationId: "c1",
    messageId,
    replyKey: `turn-${messageId}`,
    intent: "send" as const,
    provider: "workers-ai",
    keyId: null,
    promptTokens,
    completionTokens,
    status: "complete" as const,
    now,
    ...extra,
  };
}
async function balance(id: string) {
  return (await d1.prepare("SELECT token_balance AS b FROM users WHERE id = ?").bind(id).first<{ b: number }>())!.b;
}
/** What the turn does before the model runs: hold up to `amount` for the generation. */
async function hold(userId: string, replyKey: string, amount: number) {
  return applyChange(d1, debitUpTo(d1, { userId, amount, reason: "chat_usage", referenceId: holdReference(replyKey) }));
}

beforeAll(async () => {
  await d1.batch([
    d1.prepare(
      "INSERT INTO users (id, email) VALUES ('chatter', 'chatter@example.com'), ('broke', 'broke@example.com'), ('keyed', 'keyed@example.com')",
    ),
    d1.prepare(
      "INSERT INTO api_keys (id, user_id, provider, key_encrypted, key_hint, monthly_token_cap) VALUES ('k-capped', 'keyed', 'openai', 'x', '1234', 100), ('k-free', 'keyed', 'openai', 'x', '5678', NULL)",
    ),
  ]);
  await applyChange(
    d1,
    credit(d1, { userId: "chatter", amount: 1000, reason: "adjustment", referenceId: "seed-chatter" }),
  );
});

test("a hosted-model reply is charged exactly (prompt + completion) × rate out of its hold, the rest given back, once", async () => {
  expect(await hold("chatter", "turn-m1", 1000)).toBe(true);
  expect(await balance("chatter")).toBe(0);
  await chargeSettledReply.onSettled(settled("chatter", "m1", 120, 80));
  expect(await balance("chatter")).toBe(1000 - 200 * 2);
  await chargeSettledReply.onSettled(settled("chatter", "m1", 120, 80)); // the hook ran again
  await chargeSettledReply.onSettled(settled("chatter", "m1", 1, 1, { status: "error" })); // …even with other counts
  expect(await balance("chatter")).toBe(600);
  expect(await chatChargeFor(db, "m1")).toMatchObject({
    prompt_tokens: 120,
    completion_tokens: 80,
    rate: 2,
    cost: 400,
    charged: 400,
  });
  const rows = await d1
    .prepare("SELECT delta, reference_id FROM token_ledger WHERE reason = 'chat_usage' ORDER BY reference_id")
    .all();
  expect(rows.results).toEqual([
    { delta: -1000, reference_id: "chat-hold:turn-m1" },
    { delta: 600, reference_id: "chat-release:turn-m1" },
  ]);
});

test("a regenerate of the same message is a new generation with its own hold and charge", async () => {
  await applyChange(
    d1,
    credit(d1, { userId: "chatter", amount: 100, reason: "adjustment", referenceId: "regen-topup" }),
  );
  await hold("chatter", "turn-m1-regen", 300);
  await chargeSettledReply.onSettled(settled("chatter", "m1", 30, 20, { replyKey: "turn-m1-regen" }));
  await chargeSettledReply.onSettled(settled("chatter", "m1", 30, 20, { replyKey: "turn-m1-regen" }));
  expect(await balance("chatter")).toBe(600);
  expect(await d1.prepare("SELECT count(*) AS n FROM chat_charges WHERE message_id = 'm1'").first()).toEqual({ n: 2 });
  await d1.prepare("DELETE FROM chat_charges WHERE id = 'turn-m1-regen'").run(); // keep later assertions about m1 simple
});

test("a reply that overruns its hold is charged the hold and never more; without a hold nothing is charged", async () => {
  await hold("chatter", "turn-m2", 10_000); // takes all 600 there is
  await chargeSettledReply.onSettled(settled("chatter", "m2", 250, 100)); // costs 700
  expect(await balance("chatter")).toBe(0);
  expect(await chatChargeFor(db, "m2")).toMatchObject({ cost: 700, charged: 600 });
  await chargeSettledReply.onSettled(settled("chatter", "m3", 5, 5));
  expect(await balance("chatter")).toBe(0);
  expect(await chatChargeFor(db, "m3")).toMatchObject({ cost: 20, charged: 0 });
  expect(await rebuildBalances(d1, ["chatter"])).toEqual([]);
  expect(
    (await d1
      .prepare("SELECT min(balance_after) AS m FROM token_ledger WHERE user_id = 'chatter'")
      .first<{ m: number }>())!.m,
  ).toBe(0);
});

test("a failed reply gets its whole hold back; a reply through the user's own key, or on the demo model, spends no BotCafe tokens", async () => {
  await applyChange(d1, credit(d1, { userId: "chatter", amount: 50, reason: "adjustment", referenceId: "topup" }));
  await hold("chatter", "turn-m4", 40);
  expect(await balance("chatter")).toBe(10);
  await chargeSettledReply.onSettled(settled("chatter", "m4", 10, 0, { status: "error" }));
  expect(await balance("chatter")).toBe(50);
  expect(await chatChargeFor(db, "m4")).toMatchObject({ cost: 0, charged: 0 });
  await chargeSettledReply.onSettled(settled("chatter", "m5", 10, 10, { provider: "openai", keyId: "k-free" }));
  await chargeSettledReply.onSettled(settled("chatter", "m6", 10, 10, { provider: "openai" }));
  await chargeSettledReply.onSettled(settled("chatter", "m7", 10, 10, { provider: "local" }));
  expect(await balance("chatter")).toBe(50);
  expect(await chatChargeFor(db, "m7")).toMatchObject({ rate: 0, cost: 0, charged: 0 });
});

test("below the smallest hold a hosted-model turn is refused with a link to buy and the renewal date; key and demo-model turns are not", async () => {
  const refused = await tokenBalanceGate.check(gateInput("broke"));
  expect(refused.refusal).toMatchObject({ status: 402, link: { href: "/pricing", label: "Buy tokens" } });
  expect(refused.refusal!.message).toMatch(/run out of BotCafe tokens/);
  expect(refused.refusal!.message).toMatch(/free allowance renews on 2027-01-01/);
  expect(await tokenBalanceGate.check(gateInput("broke", "openai", "k-free"))).toEqual({});
  expect(await tokenBalanceGate.check(gateInput("broke", "local"))).toEqual({});
  // The smallest hold: (512 prompt + 512 reply tokens) × rate 2 = 2048.
  await applyChange(d1, credit(d1, { userId: "broke", amount: 2047, reason: "adjustment", referenceId: "almost" }));
  expect((await tokenBalanceGate.check(gateInput("broke"))).refusal?.status).toBe(402);
  expect((await tokenBalanceGate.check(gateInput("broke"))).refusal?.message).toMatch(
    /at least 2,048 tokens.*you have 2,047/,
  );
  await applyChange(d1, credit(d1, { userId: "broke", amount: 1, reason: "adjustment", referenceId: "one" }));
  expect(await tokenBalanceGate.check(gateInput("broke"))).toEqual({});
  expect(await tokenBalanceGate.check(gateInput("broke", "workers-ai", null, rated("0")))).toEqual({});
});

test("per-key monthly cap: usage counted once per message; past the cap the turn is refused", async () => {
  expect(await keySpendCapGate.check(gateInput("keyed", "openai", "k-capped"))).toEqual({});
  await chargeSettledReply.onSettled(settled("keyed", "km1", 40, 20, { provider: "openai", keyId: "k-capped" }));
  await chargeSettledReply.onSettled(settled("keyed", "km1", 40, 20, { provider: "openai", keyId: "k-capped" })); // again: no double count
  expect(await d1.prepare("SELECT month, tokens FROM api_key_usage WHERE key_id = 'k-capped'").first()).toEqual({
    month: "2026-12",
    tokens: 60,
  });
  expect(await keySpendCapGate.check(gateInput("keyed", "openai", "k-capped"))).toEqual({});
  await chargeSettledReply.onSettled(settled("keyed", "km2", 30, 15, { provider: "openai", keyId: "k-capped" }));
  const refused = await keySpendCapGate.check(gateInput("keyed", "openai", "k-capped"));
  expect(refused.refusal).toMatchObject({ status: 429, link: { href: "/settings/keys#spend-caps" } });
  expect(refused.refusal!.message).toMatch(/monthly cap of 100 tokens/);
  // A key without a cap, and someone else's key id, are never refused by the cap.
  expect(await keySpendCapGate.check(gateInput("keyed", "openai", "k-free"))).toEqual({});
  expect(await keySpendCapGate.check(gateInput("chatter", "openai", "k-capped"))).toEqual({});
  // Next month the cap starts over.
  expect(
    await keySpendCapGate.check({ ...gateInput("keyed", "openai", "k-capped"), now: new Date("2027-01-02T00:00:00Z") }),
  ).toEqual({});
});

test("/settings/keys sets a key's cap with a plain form: 400 keeps the input, someone else's key is a 404", async () => {
  const call = async (userId: string, fields: Record<string, string>) => {
    const context = new RouterContextProvider();
    context.set(userContext, {
      id: userId,
      email: `${userId}@example.com`,
      displayName: userId,
      role: "user",
      preferences: {},
    });
    context.set(appContext, { env: env as unknown as Env, db, services: {} as never, waitUntil: () => {}, nonce: "t" });
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    try {
      const result = (await keysPage.action({
        request: new Request("https://botcafe.test/settings/keys", { method: "POST", body }),
        context,
        params: {},
      } as never)) as any;
      return { status: result?.init?.status ?? 200, body: result?.data };
    } catch (thrown: any) {
      if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
      return { status: thrown?.init?.status ?? 500, body: thrown?.data };
    }
  };
  expect(await call("keyed", { intent: "set-cap", keyId: "k-free", cap: "5000" })).toMatchObject({
    status: 303,
    location: "/settings/keys#spend-caps",
  });
  expect(await d1.prepare("SELECT monthly_token_cap AS c FROM api_keys WHERE id = 'k-free'").first()).toEqual({
    c: 5000,
  });
  for (const cap of ["-1", "0", "1.5", "lots", "9".repeat(40)]) {
    const bad = await call("keyed", { intent: "set-cap", keyId: "k-free", cap });
    expect(bad.status, cap).toBe(400);
    expect(bad.body.values.cap).toBe(cap);
  }
  expect((await call("chatter", { intent: "set-cap", keyId: "k-free", cap: "1" })).status).toBe(404);
  expect(await call("keyed", { intent: "set-cap", keyId: "k-free", cap: "" })).toMatchObject({ status: 303 });
  expect(await d1.prepare("SELECT monthly_token_cap AS c FROM api_keys WHERE id = 'k-free'").first()).toEqual({
    c: null,
  });
});

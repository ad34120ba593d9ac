/**
 * The Stripe webhook inside workerd, through the real route module: signatures verified
 * on the raw body (bad → 400, stale or future-dated → 400, no change), any signed body
 * answered 2xx or 4xx, and every handled event type applied exactly once when each is
 * delivered three times in shuffled order — some copies concurrently — with Stripe's
 * retry of any non-2xx answer. "Once" is counted for every side effect (ledger,
 * purchases, payments, subscription state, notifications, audit rows), and holds even
 * when the event-id dedupe is lost.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { applyChange, debit, rebuildBalances } from "~/lib/billing/ledger";
import { refundShortfallsQuery } from "~/lib/billing/staff";
import { signStripePayload } from "~/lib/billing/stripe";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import * as webhookRoute from "~/routes/billing/stripe-webhook";

const db = createDb(env.DB);
const d1 = env.DB;
const SECRET = "whsec_test_botcafe";
const testEnv = { ...env, STRIPE_WEBHOOK_SECRET: SECRET } as unknown as Env;
const T = Math.floor(Date.now() / 1000) - 2 * 86400; // objects created two days ago, delivered late

function event(id: string, type: string, created: number, object: Record<string, unknown>) {
  return JSON.stringify({
    id,
    object: "event",
    type,
    created,
    livemode: false,
    api_version: "2025-10-29.clover",
    data: { object },
  });
}

async function deliver(payload: string, { secret = SECRET, timestamp }: { secret?: string; timestamp?: number } = {}) {
  const signature = await signStripePayload(payload, secret, timestamp ?? Math.floor(Date.now() / 1000));
  const context = new RouterContextProvider();
  context.set(userContext, null);
  context.set(appContext, { env: testEnv, db, services: {} as Services, waitUntil: () => {}, nonce: "t" });
  const request = new Request("https://botcafe.test/api/stripe/webhook", {
    method: "POST",
    headers: { "Stripe-Signature": signature, "Content-Type": "application/json" },
    body: payload,
  });
  return (await webhookRoute.action({ request, context, params: {} } as never)) as Response;
}

async function balance(id: string) {
  return (await d1.prepare("SELECT token_balance AS b FROM users WHERE id = ?").bind(id).first<{ b: number }>())!.b;
}

beforeAll(async () => {
  await d1.batch([
    d1.prepare(
      "INSERT INTO subscription_tiers (id, name, token_allowance, bot_limit, priority_support, price_monthly, stripe_price_monthly, stripe_price_yearly) VALUES ('plus', 'Plus', 50000, 25, 1, 900, 'price_plus_m', 'price_plus_y')",
    ),
    d1.prepare(
      "INSERT INTO token_packages (id, name, amount, bonus_amount, price) VALUES ('small', 'Small', 1000, 100, 500)",
    ),
    d1.prepare("INSERT INTO users (id, email, stripe_customer_id) VALUES ('buyer', 'buyer@example.com', 'cus_A')"),
    d1.prepare("INSERT INTO users (id, email, stripe_customer_id) VALUES ('spender', 'spender@example.com', 'cus_B')"),
    d1.prepare("INSERT INTO users (id, email, stripe_customer_id) VALUES ('quiet', 'quiet@example.com', 'cus_C')"),
  ]);
});

const packageSession = (id: string, customer: string, userId: string, pi: string) => ({
  id,
  object: "checkout.session",
  mode: "payment",
  payment_status: "paid",
  customer,
  amount_total: 500,
  currency: "usd",
  payment_intent: pi,
  metadata: { kind: "package", userId, packageId: "small", tokens: "1100" },
});

test("a bad signature, a forged body, a stale or future timestamp or a missing header is a 400 and changes nothing", async () => {
  const payload = event(
    "evt_bad",
    "checkout.session.completed",
    T,
    packageSession("cs_bad", "cus_C", "quiet", "pi_bad"),
  );
  expect((await deliver(payload, { secret: "whsec_wrong" })).status).toBe(400);
  expect((await deliver(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(400);
  expect((await deliver(payload, { timestamp: Math.floor(Date.now() / 1000) + 400 })).status).toBe(400);
  expect((await deliver(payload, { timestamp: Math.floor(Date.now() / 1000) + 86_400 * 365 })).status).toBe(400);
  const context = new RouterContextProvider();
  context.set(userContext, null);
  context.set(appContext, { env: testEnv, db, services: {} as Services, waitUntil: () => {}, nonce: "t" });
  // A payload changed after signing.
  const signature = await signStripePayload(payload, SECRET);
  const forged = new Request("https://botcafe.test/api/stripe/webhook", {
    method: "POST",
    headers: { "Stripe-Signature": signature },
    body: payload.replace("1100", "9900"),
  });
  expect(((await webhookRoute.action({ request: forged, context, params: {} } as never)) as Response).status).toBe(400);
  const noHeader = new Request("https://botcafe.test/api/stripe/webhook", { method: "POST", body: payload });
  expect(((await webhookRoute.action({ request: noHeader, context, params: {} } as never)) as Response).status).toBe(
    400,
  );
  expect(await balance("quiet")).toBe(0);
  expect(await d1.prepare("SELECT count(*) AS n FROM stripe_events").first()).toEqual({ n: 0 });
  // The same payload, correctly signed and fresh, is accepted (so the 400s above were the signature).
  expect((await deliver(payload)).status).toBe(200);
  expect(await balance("quiet")).toBe(1100);
  await d1.prepare("DELETE FROM stripe_events WHERE id = 'evt_bad'").run();
});

/** A deterministic shuffle (mulberry32), so a failure can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const periodStart = T;
const periodEnd = T + 30 * 86400;
const subscription = (status: string, extra: Record<string, unknown> = {}) => ({
  id: "sub_1",
  object: "subscription",
  customer: "cus_A",
  status,
  cancel_at_period_end: false,
  metadata: { userId: "buyer", tierId: "plus", interval: "month" },
  items: { data: [{ price: { id: "price_plus_m", recurring: { interval: "month" } }, current_period_end: periodEnd }] },
  ...extra,
});
const allEvents = [
  event("evt_1", "checkout.session.completed", T + 1, packageSession("cs_1", "cus_A", "buyer", "pi_1")),
  event("evt_2", "checkout.session.completed", T + 2, {
    id: "cs_2",
    object: "checkout.session",
    mode: "subscription",
    payment_status: "paid",
    customer: "cus_A",
    subscription: "sub_1",
    metadata: { kind: "tier", userId: "buyer", tierId: "plus", interval: "month" },
  }),
  event("evt_3", "customer.subscription.updated", T + 3, subscription("active", { cancel_at_period_end: true })),
  event("evt_4", "invoice.paid", T + 4, {
    id: "in_1",
    object: "invoice",
    customer: "cus_A",
    amount_paid: 900,
    subscription: "sub_1",
    lines: { data: [{ period: { start: periodStart, end: periodEnd }, price: { id: "price_plus_m" } }] },
  }),
  event("evt_5", "invoice.payment_failed", T + 5, {
    id: "in_2",
    object: "invoice",
    customer: "cus_A",
    amount_due: 900,
    subscription: "sub_1",
    lines: { data: [{ price: { id: "price_plus_m" } }] },
  }),
  event("evt_6", "charge.refunded", T + 6, {
    id: "ch_1",
    object: "charge",
    payment_intent: "pi_1",
    amount: 500,
    amount_refunded: 500,
    refunded: true,
    created: T + 1,
  }),
  event("evt_7", "customer.subscription.deleted", T + 7, subscription("canceled")),
];

test("every event type is applied exactly once when each arrives three times, shuffled and partly concurrent", async () => {
  const deliveries = shuffle(
    allEvents.flatMap((e) => [e, e, e]),
    13,
  );
  let pending: string[] = [];
  let retried = 0;
  // Pairs delivered at the same time (Stripe does deliver duplicates concurrently).
  for (let i = 0; i < deliveries.length; i += 2) {
    const pair = deliveries.slice(i, i + 2);
    const responses = await Promise.all(pair.map((p) => deliver(p)));
    responses.forEach((r, k) => {
      expect([200, 409]).toContain(r.status);
      if (r.status !== 200) pending.push(pair[k]!);
      if (r.status === 409) retried++;
    });
  }
  // Stripe retries anything that was not a 2xx (a refund seen before its purchase).
  for (let round = 0; round < 3 && pending.length; round++) {
    const retry = pending;
    pending = [];
    for (const p of retry) if ((await deliver(p)).status !== 200) pending.push(p);
  }
  expect(pending).toEqual([]);
  // This seed delivers a refund before its purchase, so the retry path is exercised.
  expect(retried).toBeGreaterThan(0);

  expect(
    await d1.prepare("SELECT count(*) AS n FROM stripe_events WHERE id LIKE 'evt_%' AND id != 'evt_bad'").first(),
  ).toEqual({ n: 7 });
  // 1100 bought, 50000 allowance from the paid invoice, the 1100 refunded.
  expect(await balance("buyer")).toBe(50000);
  const ledger = await d1
    .prepare("SELECT reason, delta, reference_id FROM token_ledger WHERE user_id = 'buyer' ORDER BY reason")
    .all();
  expect(ledger.results).toEqual([
    { reason: "purchase", delta: 1100, reference_id: "cs_1" },
    { reason: "refund", delta: -1100, reference_id: "refund:ch_1:500" },
    { reason: "subscription_allowance", delta: 50000, reference_id: "invoice:in_1" },
  ]);
  const user = await d1
    .prepare(
      "SELECT subscription_tier_id, subscription_status, stripe_subscription_id, subscription_event_at FROM users WHERE id = 'buyer'",
    )
    .first();
  // The newest subscription event (deleted) wins whatever order they arrived in.
  expect(user).toEqual({
    subscription_tier_id: null,
    subscription_status: "canceled",
    stripe_subscription_id: "sub_1",
    subscription_event_at: T + 7,
  });
  const payments = await d1
    .prepare(
      "SELECT stripe_payment_id, status, tier_id, period_end FROM subscription_payments WHERE user_id = 'buyer' ORDER BY stripe_payment_id",
    )
    .all();
  expect(payments.results).toEqual([
    {
      stripe_payment_id: "in_1",
      status: "completed",
      tier_id: "plus",
      period_end: new Date(periodEnd * 1000).toISOString(),
    },
    { stripe_payment_id: "in_2", status: "failed", tier_id: "plus", period_end: null },
  ]);
  expect(
    await d1.prepare("SELECT status, tokens_reversed, refund_shortfall FROM token_purchases WHERE id = 'cs_1'").first(),
  ).toEqual({ status: "refunded", tokens_reversed: 1100, refund_shortfall: 0 });
  expect(await rebuildBalances(d1, ["buyer"])).toEqual([]);
  expect(await sideEffects("buyer")).toEqual(BUYER_EFFECTS);
});

/** Every side effect an event can have, counted for one user. */
async function sideEffects(userId: string) {
  const count = async (sql: string) => (await d1.prepare(sql).bind(userId).first<{ n: number }>())!.n;
  return {
    notifications: (
      await d1
        .prepare("SELECT title FROM notifications WHERE user_id = ? ORDER BY title")
        .bind(userId)
        .all<{ title: string }>()
    ).results.map((r) => r.title),
    ledger: await count("SELECT count(*) AS n FROM token_ledger WHERE user_id = ?"),
    purchases: await count("SELECT count(*) AS n FROM token_purchases WHERE user_id = ?"),
    payments: await count("SELECT count(*) AS n FROM subscription_payments WHERE user_id = ?"),
    audit: await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = ?"),
    subscription: await d1
      .prepare(
        "SELECT subscription_tier_id, subscription_status, stripe_subscription_id, subscription_event_at, token_balance FROM users WHERE id = ?",
      )
      .bind(userId)
      .first(),
  };
}
const BUYER_EFFECTS = {
  notifications: [
    "1,100 tokens added to your balance",
    "A subscription payment failed",
    "Plus: 50,000 tokens added",
    "Refund processed",
    "Your subscription has ended",
  ],
  ledger: 3,
  purchases: 1,
  payments: 2,
  audit: 0,
  subscription: {
    subscription_tier_id: null,
    subscription_status: "canceled",
    stripe_subscription_id: "sub_1",
    subscription_event_at: T + 7,
    token_balance: 50000,
  },
};

test("every side effect is idempotent on its own: with the event-id dedupe lost, redelivering every event changes nothing", async () => {
  await d1.prepare("DELETE FROM stripe_events WHERE id LIKE 'evt_%' AND id != 'evt_bad'").run();
  for (const payload of shuffle([...allEvents, ...allEvents], 7)) expect((await deliver(payload)).status).toBe(200);
  expect(await sideEffects("buyer")).toEqual(BUYER_EFFECTS);
  expect(await rebuildBalances(d1, ["buyer"])).toEqual([]);
});

test("any correctly signed body gets a 2xx or a 4xx, never a 5xx, and changes no balance", async () => {
  const before = await d1
    .prepare("SELECT sum(token_balance) AS s, (SELECT count(*) FROM notifications) AS n FROM users")
    .first();
  const bodies = [
    "null",
    "[]",
    "{}",
    '"x"',
    "1",
    "true",
    '{"id":"evt_f1"}',
    '{"id":"evt_f2","type":"invoice.paid"}',
    '{"id":"evt_f3","type":"invoice.paid","created":"yesterday"}',
    '{"id":5,"type":"invoice.paid","created":1}',
    '{"id":"evt_f4","type":"invoice.paid","created":1e300}',
  ];
  const types = [
    "checkout.session.completed",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "charge.refunded",
  ];
  const objects: unknown[] = [
    null,
    [],
    "x",
    {},
    { id: 5 },
    { id: [] },
    {
      id: "o1",
      customer: { id: {} },
      metadata: { userId: { nested: true }, tierId: ["plus"], kind: "package", tokens: "1e400" },
      mode: "payment",
      payment_status: "paid",
    },
    {
      id: "o2",
      customer: "cus_C",
      metadata: "nope",
      client_reference_id: { x: 1 },
      mode: "payment",
      payment_status: "paid",
      amount_total: -500,
      currency: { c: 1 },
    },
    {
      id: "o3",
      customer: "cus_C",
      metadata: { kind: "package", userId: "quiet", tokens: "10" },
      mode: "payment",
      payment_status: "paid",
      amount_total: -1,
      payment_intent: { id: 7 },
    },
    {
      id: "o4",
      customer: "cus_C",
      lines: { data: [{ period: { start: 1e20, end: -1 }, price: 7, pricing: null }] },
      parent: { subscription_details: { metadata: { userId: 9 } } },
      amount_paid: -9,
    },
    {
      id: "o5",
      customer: "cus_C",
      items: { data: "x" },
      current_period_end: 1e300,
      status: { s: 1 },
      cancel_at_period_end: "yes",
    },
    { id: "o6", payment_intent: "pi_r", amount: 1e308, amount_refunded: 1e308, created: "soon", invoice: ["in"] },
    { id: "o7", payment_intent: "pi_r", amount: -1, amount_refunded: -1 },
  ];
  let n = 0;
  for (const body of bodies) {
    const status = (await deliver(body)).status;
    expect(status, body).toBeGreaterThanOrEqual(200);
    expect(status, body).toBeLessThan(500);
  }
  for (const type of types) {
    for (const object of objects) {
      const payload = JSON.stringify({ id: `evt_fuzz_${n++}`, type, created: T + 100 + n, data: { object } });
      const status = (await deliver(payload)).status;
      expect(status, payload).toBeGreaterThanOrEqual(200);
      expect(status, payload).toBeLessThan(500);
    }
    for (const data of [null, "x", [], {}, { object: null }]) {
      const status = (await deliver(JSON.stringify({ id: `evt_fuzz_${n++}`, type, created: T, data }))).status;
      expect(status).toBeLessThan(500);
    }
  }
  // Only the one well-formed package purchase (o3, paid, 10 tokens) may have moved a balance.
  const after = await d1
    .prepare("SELECT sum(token_balance) AS s, (SELECT count(*) FROM notifications) AS n FROM users")
    .first<{ s: number; n: number }>();
  expect(after!.s - (before as { s: number }).s).toBeLessThanOrEqual(10);
  expect(await rebuildBalances(d1)).toEqual([]);
});

test("subscription state follows the newest event: a late older update does not undo a newer one", async () => {
  await deliver(
    event("evt_s2", "customer.subscription.updated", T + 20, {
      ...subscription("active"),
      id: "sub_2",
      customer: "cus_B",
      metadata: { userId: "spender", tierId: "plus" },
    }),
  );
  await deliver(
    event("evt_s1", "customer.subscription.updated", T + 10, {
      ...subscription("unpaid"),
      id: "sub_2",
      customer: "cus_B",
      metadata: { userId: "spender", tierId: "plus" },
    }),
  );
  expect(
    await d1.prepare("SELECT subscription_tier_id, subscription_status FROM users WHERE id = 'spender'").first(),
  ).toEqual({ subscription_tier_id: "plus", subscription_status: "active" });
});

test("a paid invoice stays paid when its earlier failure is delivered after it", async () => {
  await deliver(
    event("evt_p_ok", "invoice.paid", T + 30, {
      id: "in_9",
      customer: "cus_B",
      amount_paid: 900,
      lines: { data: [{ price: { id: "price_plus_m" }, period: { start: T, end: T + 100 } }] },
    }),
  );
  await deliver(
    event("evt_p_fail", "invoice.payment_failed", T + 29, {
      id: "in_9",
      customer: "cus_B",
      amount_due: 900,
      lines: { data: [{ price: { id: "price_plus_m" } }] },
    }),
  );
  expect(await d1.prepare("SELECT status FROM subscription_payments WHERE stripe_payment_id = 'in_9'").first()).toEqual(
    { status: "completed" },
  );
});

test("a refund after the tokens were spent takes what is there, records the shortfall, never goes negative", async () => {
  await deliver(
    event("evt_r1", "checkout.session.completed", T + 40, packageSession("cs_r", "cus_C", "quiet", "pi_r")),
  );
  const before = await balance("quiet"); // 1100 from the first test + 1100
  // Spend all but 300 of it.
  expect(
    await applyChange(
      d1,
      debit(d1, { userId: "quiet", amount: before - 300, reason: "chat_usage", referenceId: "spent" }),
    ),
  ).toBe(true);
  // A partial refund first (half), then the rest, delivered out of order: the full one first.
  const full = event("evt_r3", "charge.refunded", T + 42, {
    id: "ch_r",
    payment_intent: "pi_r",
    amount: 500,
    amount_refunded: 500,
    created: T + 40,
  });
  const half = event("evt_r2", "charge.refunded", T + 41, {
    id: "ch_r",
    payment_intent: "pi_r",
    amount: 500,
    amount_refunded: 250,
    created: T + 40,
  });
  expect((await deliver(full)).status).toBe(200);
  expect((await deliver(half)).status).toBe(200);
  expect(await balance("quiet")).toBe(0);
  expect(
    await d1.prepare("SELECT status, tokens_reversed, refund_shortfall FROM token_purchases WHERE id = 'cs_r'").first(),
  ).toEqual({ status: "refunded", tokens_reversed: 300, refund_shortfall: 800 });
  expect(
    (await d1
      .prepare("SELECT min(balance_after) AS m FROM token_ledger WHERE user_id = 'quiet'")
      .first<{ m: number }>())!.m,
  ).toBe(0);
  expect(await rebuildBalances(d1, ["quiet"])).toEqual([]);
});

test("a signed event of a type or shape we do not handle is acknowledged (2xx) and recorded once", async () => {
  expect((await deliver(event("evt_other", "customer.created", T, { id: "cus_Z" }))).status).toBe(200);
  expect(
    (
      await deliver(
        JSON.stringify({ id: "evt_shapeless", object: "event", type: "invoice.paid", created: T, data: {} }),
      )
    ).status,
  ).toBe(200);
  expect(
    (
      await deliver(
        JSON.stringify({
          id: "evt_shapeless2",
          type: "charge.refunded",
          created: T,
          data: { object: { id: "ch_x", payment_intent: 5, amount: "x" } },
        }),
      )
    ).status,
  ).toBe(200);
  expect(
    await d1
      .prepare("SELECT count(*) AS n FROM stripe_events WHERE id IN ('evt_other', 'evt_shapeless', 'evt_shapeless2')")
      .first(),
  ).toEqual({ n: 3 });
});

test("two refunds of one purchase racing never reverse more than the purchase; staff see the shortfall", async () => {
  await d1
    .prepare("INSERT INTO users (id, email, stripe_customer_id) VALUES ('racer', 'racer@example.com', 'cus_R')")
    .run();
  await deliver(
    event("evt_race_buy", "checkout.session.completed", T + 50, packageSession("cs_race", "cus_R", "racer", "pi_race")),
  );
  const half = event("evt_race_1", "charge.refunded", T + 51, {
    id: "ch_race",
    payment_intent: "pi_race",
    amount: 500,
    amount_refunded: 250,
    created: T + 50,
  });
  const full = event("evt_race_2", "charge.refunded", T + 52, {
    id: "ch_race",
    payment_intent: "pi_race",
    amount: 500,
    amount_refunded: 500,
    created: T + 50,
  });
  let pending = [half, full];
  for (let round = 0; round < 5 && pending.length; round++) {
    const statuses = await Promise.all(pending.map((p) => deliver(p).then((r) => r.status)));
    pending = pending.filter((_, i) => statuses[i] !== 200);
  }
  expect(pending).toEqual([]);
  expect(await balance("racer")).toBe(0);
  expect(
    await d1
      .prepare("SELECT tokens_reversed + refund_shortfall AS total FROM token_purchases WHERE id = 'cs_race'")
      .first(),
  ).toEqual({ total: 1100 });
  expect(await rebuildBalances(d1, ["racer"])).toEqual([]);
  const shortfalls = await refundShortfallsQuery(db).execute();
  expect(shortfalls.map((s) => [s.id, s.refund_shortfall])).toEqual([["cs_r", 800]]);
});

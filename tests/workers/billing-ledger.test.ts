/**
 * The token ledger inside workerd against local D1: every balance change is a ledger row
 * written in the same batch as a conditional update; balances rebuild from the ledger;
 * 100 concurrent gifts from one account never overdraw it or create/destroy tokens; the
 * monthly allowance is granted once per month however often it runs.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { grantMonthlyAllowances, onAccountCreated } from "~/lib/billing/allowance";
import { sendGift } from "~/lib/billing/gifts";
import { applyChange, credit, debit, debitUpTo, rebuildBalances } from "~/lib/billing/ledger";
import { findOrCreateUserByEmail } from "~/lib/auth/user";
import { runScheduledJobs } from "~/lib/scheduled/jobs";

const db = createDb(env.DB);
const d1 = env.DB;

async function balance(id: string): Promise<number> {
  return (await d1.prepare("SELECT token_balance AS b FROM users WHERE id = ?").bind(id).first<{ b: number }>())!.b;
}
async function ledgerRows(id: string) {
  return (
    await d1
      .prepare(
        "SELECT delta, reason, reference_id, balance_after FROM token_ledger WHERE user_id = ? ORDER BY created_at, rowid",
      )
      .bind(id)
      .all<{ delta: number; reason: string; reference_id: string; balance_after: number }>()
  ).results;
}

beforeAll(async () => {
  await d1.batch(
    ["alice", "bob", "carol", "dave", "erin"].map((id) =>
      d1
        .prepare("INSERT INTO users (id, email, subscription_tier_id) VALUES (?, ?, NULL)")
        .bind(id, `${id}@example.com`),
    ),
  );
});

test("a credit and a covered debit each write one ledger row with the running balance", async () => {
  expect(
    await applyChange(d1, credit(d1, { userId: "alice", amount: 500, reason: "adjustment", referenceId: "t1" })),
  ).toBe(true);
  expect(
    await applyChange(d1, debit(d1, { userId: "alice", amount: 200, reason: "chat_usage", referenceId: "t2" })),
  ).toBe(true);
  expect(await balance("alice")).toBe(300);
  expect(await ledgerRows("alice")).toEqual([
    { delta: 500, reason: "adjustment", reference_id: "t1", balance_after: 500 },
    { delta: -200, reason: "chat_usage", reference_id: "t2", balance_after: 300 },
  ]);
});

test("a debit the balance cannot cover changes nothing and writes no ledger row", async () => {
  expect(
    await applyChange(d1, debit(d1, { userId: "alice", amount: 301, reason: "chat_usage", referenceId: "t3" })),
  ).toBe(false);
  expect(await balance("alice")).toBe(300);
  expect((await ledgerRows("alice")).some((r) => r.reference_id === "t3")).toBe(false);
});

test("the same reference applies once, however often it is sent", async () => {
  for (let i = 0; i < 3; i++)
    await applyChange(d1, credit(d1, { userId: "alice", amount: 50, reason: "purchase", referenceId: "cs_once" }));
  expect(await balance("alice")).toBe(350);
  expect((await ledgerRows("alice")).filter((r) => r.reference_id === "cs_once")).toHaveLength(1);
});

test("debitUpTo takes what is there and never drives a balance negative", async () => {
  await applyChange(d1, credit(d1, { userId: "dave", amount: 30, reason: "adjustment", referenceId: "d1" }));
  expect(
    await applyChange(d1, debitUpTo(d1, { userId: "dave", amount: 100, reason: "chat_usage", referenceId: "d2" })),
  ).toBe(true);
  expect(await balance("dave")).toBe(0);
  expect((await ledgerRows("dave")).at(-1)).toEqual({
    delta: -30,
    reason: "chat_usage",
    reference_id: "d2",
    balance_after: 0,
  });
  // Nothing left: no zero-delta row.
  expect(
    await applyChange(d1, debitUpTo(d1, { userId: "dave", amount: 100, reason: "chat_usage", referenceId: "d3" })),
  ).toBe(false);
  expect(await balance("dave")).toBe(0);
});

test("100 concurrent gifts from one account: no overdraft, no tokens created or lost, ledger rebuilds every balance", async () => {
  await applyChange(d1, credit(d1, { userId: "bob", amount: 1000, reason: "adjustment", referenceId: "seed-bob" }));
  const totalBefore = (await d1.prepare("SELECT sum(token_balance) AS s FROM users").first<{ s: number }>())!.s;
  // 100 gifts of 15 = 1500 wanted; only 66 fit in 1000.
  const outcomes = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      sendGift(d1, db, {
        senderId: "bob",
        senderName: "Bob",
        recipientId: i % 2 ? "carol" : "erin",
        amount: 15,
        message: `gift ${i}`,
        relatedBotId: null,
      }),
    ),
  );
  const sent = outcomes.filter((o) => o.ok).length;
  expect(sent).toBe(66);
  expect(outcomes.filter((o) => !o.ok && o.reason === "insufficient")).toHaveLength(34);
  expect(await balance("bob")).toBe(1000 - 66 * 15);
  expect((await balance("carol")) + (await balance("erin"))).toBe(66 * 15);
  const totalAfter = (await d1.prepare("SELECT sum(token_balance) AS s FROM users").first<{ s: number }>())!.s;
  expect(totalAfter).toBe(totalBefore);
  // Each applied gift has exactly one row each side, one gift row and one notification.
  const counts = await d1
    .prepare(
      `SELECT (SELECT count(*) FROM token_ledger WHERE reason = 'gift_sent') AS sent, (SELECT count(*) FROM token_ledger WHERE reason = 'gift_received') AS received,
              (SELECT count(*) FROM token_gifts) AS gifts, (SELECT count(*) FROM notifications WHERE kind = 'gift_received') AS notes`,
    )
    .first();
  expect(counts).toEqual({ sent: 66, received: 66, gifts: 66, notes: 66 });
  expect(await rebuildBalances(d1)).toEqual([]);
  const min = (await d1.prepare("SELECT min(balance_after) AS m FROM token_ledger").first<{ m: number }>())!.m;
  expect(min).toBeGreaterThanOrEqual(0);
});

test("a gift the balance cannot cover is refused by its own condition: no statement fails, nothing is written", async () => {
  // The batch must not be refused by the balance CHECK constraint (an exception, a 500 if
  // anything misreads it): record every batch that rejects.
  const rejected: unknown[] = [];
  const watched = new Proxy(d1, {
    get(target, key) {
      if (key === "batch")
        return (statements: D1PreparedStatement[]) =>
          target.batch(statements).catch((error: unknown) => (rejected.push(error), Promise.reject(error)));
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const before = { bob: await balance("bob"), carol: await balance("carol") };
  const outcome = await sendGift(watched, db, {
    senderId: "bob",
    senderName: "Bob",
    recipientId: "carol",
    amount: before.bob + 1,
    message: "too much",
    relatedBotId: null,
  });
  expect(outcome).toEqual({ ok: false, reason: "insufficient" });
  expect(rejected).toEqual([]);
  expect({ bob: await balance("bob"), carol: await balance("carol") }).toEqual(before);
  expect(await d1.prepare("SELECT count(*) AS n FROM token_gifts WHERE message = 'too much'").first()).toEqual({
    n: 0,
  });
  // A sender whose account is gone (deleted mid-request) creates no tokens for anyone.
  const ghost = await sendGift(watched, db, {
    senderId: "ghost",
    senderName: "Ghost",
    recipientId: "carol",
    amount: 5,
    message: "from nowhere",
    relatedBotId: null,
  });
  expect(ghost).toEqual({ ok: false, reason: "insufficient" });
  expect(rejected).toEqual([]);
  expect(await balance("carol")).toBe(before.carol);
  expect(await rebuildBalances(d1)).toEqual([]);
});

test("a gift to oneself is refused", async () => {
  expect(
    await sendGift(d1, db, {
      senderId: "carol",
      senderName: "Carol",
      recipientId: "carol",
      amount: 1,
      message: "",
      relatedBotId: null,
    }),
  ).toEqual({ ok: false, reason: "self" });
});

test("rebuild notices a balance that moved without a ledger row", async () => {
  await d1.prepare("UPDATE users SET token_balance = token_balance + 7 WHERE id = 'carol'").run();
  expect(await rebuildBalances(d1)).toEqual([expect.objectContaining({ userId: "carol" })]);
  await d1.prepare("UPDATE users SET token_balance = token_balance - 7 WHERE id = 'carol'").run();
});

test("a new account gets this month's free allowance once; the monthly job grants each free user once per month", async () => {
  const user = await findOrCreateUserByEmail(db, env, "newcomer@example.com");
  expect(await balance(user.id)).toBe(20_000);
  await findOrCreateUserByEmail(db, env, "newcomer@example.com"); // signing in again grants nothing
  await onAccountCreated(env, user.id); // nor does a repeated call in the same month
  expect(await balance(user.id)).toBe(20_000);

  const before = await balance("alice");
  const december = Date.parse("2026-12-01T00:00:00Z");
  await runScheduledJobs(env as unknown as Env, december, "0 * * * *");
  await runScheduledJobs(env as unknown as Env, december + 3600_000, "0 * * * *");
  expect(await grantMonthlyAllowances(d1, env as unknown as Env, new Date(december))).toBe(0);
  expect(await balance("alice")).toBe(before + 20_000);
  expect((await ledgerRows("alice")).filter((r) => r.reference_id === "allowance:alice:2026-12")).toHaveLength(1);
  // The newcomer signed up this month (real clock); December's grant is a separate month
  // unless today is December 2026.
  await grantMonthlyAllowances(d1, env as unknown as Env, new Date("2027-01-01T05:00:00Z"));
  expect(await balance("alice")).toBe(before + 40_000);
  expect(await rebuildBalances(d1)).toEqual([]);
});

test("a paid-tier user is not given the free allowance by the job", async () => {
  await d1.batch([
    d1.prepare("INSERT INTO subscription_tiers (id, name, token_allowance) VALUES ('plus', 'Plus', 100000)"),
    d1.prepare("INSERT INTO users (id, email, subscription_tier_id) VALUES ('payer', 'payer@example.com', 'plus')"),
  ]);
  await grantMonthlyAllowances(d1, env as unknown as Env, new Date("2027-02-01T00:00:00Z"));
  expect(await balance("payer")).toBe(0);
});

/**
 * The free tier's monthly allowance: granted at sign-up and each UTC month after, by the
 * hourly scheduled job. The ledger reference `allowance:<user>:<YYYY-MM>` is unique, so
 * however often sign-up or the job runs, a user gets one allowance a month.
 *
 * Paid tiers get their allowance from Stripe's invoice.paid instead (app/lib/billing/webhook.ts).
 */
import type { ScheduledJob } from "../scheduled/jobs";
import { newId } from "../ids";
import { billingConfig, monthOf } from "./config";
import { applyChange, credit } from "./ledger";

export function allowanceReference(userId: string, month: string): string {
  return `allowance:${userId}:${month}`;
}

/** One user's allowance for the month of `now` (no-op if already granted). */
export async function grantFreeAllowance(
  d1: D1Database,
  env: Partial<Env>,
  userId: string,
  now = new Date(),
): Promise<boolean> {
  const amount = billingConfig(env).freeAllowance;
  if (amount <= 0) return false;
  return applyChange(
    d1,
    credit(d1, {
      userId,
      amount,
      reason: "subscription_allowance",
      referenceId: allowanceReference(userId, monthOf(now)),
    }),
  );
}

/** Called once where accounts are created (findOrCreateUserByEmail): the first allowance. */
export async function onAccountCreated(env: AccountEnv, userId: string): Promise<void> {
  await grantFreeAllowance(env.DB, env, userId);
}

/** What creating an account needs from the bindings: the database and the billing vars. */
export type AccountEnv = Pick<Env, "DB"> & Partial<Env>;

const PAGE = 200;

/**
 * Grant this month's allowance to every free-tier user who has not had it, a page of
 * users per D1 batch. Set-based: the ledger rows are INSERT … SELECT over the page (the
 * unique reference skips users already granted) and the balances are then set from the
 * rows this run wrote (their ids carry this run's token), all inside one transaction.
 */
export async function grantMonthlyAllowances(d1: D1Database, env: Partial<Env>, now: Date): Promise<number> {
  const amount = billingConfig(env).freeAllowance;
  if (amount <= 0) return 0;
  const month = monthOf(now);
  let cursor = "";
  let granted = 0;
  for (;;) {
    const page = await d1
      .prepare("SELECT id FROM users WHERE subscription_tier_id IS NULL AND id > ? ORDER BY id LIMIT ?")
      .bind(cursor, PAGE)
      .all<{ id: string }>();
    const ids = page.results.map((r) => r.id);
    if (ids.length === 0) break;
    const first = ids[0]!;
    const last = ids[ids.length - 1]!;
    const run = `allow-${newId()}:`;
    const [inserted] = await d1.batch([
      d1
        .prepare(
          `INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after)
           SELECT ?1 || id, id, ?2, 'subscription_allowance', 'allowance:' || id || ':' || ?3, token_balance + ?2
           FROM users WHERE subscription_tier_id IS NULL AND id >= ?4 AND id <= ?5
           ON CONFLICT DO NOTHING`,
        )
        .bind(run, amount, month, first, last),
      d1
        .prepare(
          `UPDATE users SET token_balance = (SELECT balance_after FROM token_ledger WHERE token_ledger.id = ?1 || users.id)
           WHERE id IN (SELECT user_id FROM token_ledger WHERE id > ?1 AND id < ?1 || '~')`,
        )
        .bind(run),
    ]);
    granted += inserted?.meta.changes ?? 0;
    if (ids.length < PAGE) break;
    cursor = last;
  }
  return granted;
}

export const monthlyAllowanceJob: ScheduledJob = {
  name: "billing-monthly-allowance",
  run: async ({ env, now }) => {
    await grantMonthlyAllowances(env.DB, env, now);
  },
};

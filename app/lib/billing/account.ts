/** A user's billing state as pages and gates need it: balance, tier and its limits, renewal. */
import type { DB } from "#db/schema";
import { billingConfig, nextMonthStart } from "./config";

export interface BillingSummary {
  balance: number;
  tierId: string | null;
  tierName: string;
  botLimit: number | null;
  prioritySupport: boolean;
  subscriptionStatus: string | null;
  cancelAtPeriodEnd: boolean;
  hasStripeCustomer: boolean;
  hasSubscription: boolean;
  /** When more tokens arrive: the paid period's end, or the free allowance's next month. */
  renewsAt: string;
}

export function billingSummaryQuery(db: DB, userId: string) {
  return db
    .selectFrom("users")
    .leftJoin("subscription_tiers", "subscription_tiers.id", "users.subscription_tier_id")
    .select([
      "users.token_balance",
      "users.subscription_tier_id",
      "users.subscription_status",
      "users.subscription_period_end",
      "users.subscription_cancel_at_period_end",
      "users.stripe_customer_id",
      "users.stripe_subscription_id",
      "subscription_tiers.name as tier_name",
      "subscription_tiers.bot_limit",
      "subscription_tiers.priority_support",
    ])
    .where("users.id", "=", userId);
}

type SummaryRow = NonNullable<Awaited<ReturnType<ReturnType<typeof billingSummaryQuery>["executeTakeFirst"]>>>;

export function toBillingSummary(row: SummaryRow | undefined, env: Partial<Env>, now = new Date()): BillingSummary {
  const config = billingConfig(env);
  const paid = Boolean(row?.subscription_tier_id && row.tier_name);
  return {
    balance: row?.token_balance ?? 0,
    tierId: paid ? row!.subscription_tier_id : null,
    tierName: paid ? row!.tier_name! : "Free",
    botLimit: paid ? (row!.bot_limit ?? null) : config.freeBotLimit,
    prioritySupport: paid ? row!.priority_support === 1 : false,
    subscriptionStatus: row?.subscription_status ?? null,
    cancelAtPeriodEnd: row?.subscription_cancel_at_period_end === 1,
    hasStripeCustomer: Boolean(row?.stripe_customer_id),
    hasSubscription: Boolean(row?.stripe_subscription_id) && paid,
    renewsAt: paid && row!.subscription_period_end ? row!.subscription_period_end : nextMonthStart(now).toISOString(),
  };
}

export async function billingSummary(
  db: DB,
  env: Partial<Env>,
  userId: string,
  now = new Date(),
): Promise<BillingSummary> {
  return toBillingSummary(await billingSummaryQuery(db, userId).executeTakeFirst(), env, now);
}

export function formatTokens(n: number): string {
  return n.toLocaleString("en-US");
}

export function formatMoney(cents: number, currency = "usd"): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

import { DEMO_ACCOUNTS } from "../../app/lib/auth/demo-accounts.ts";
import { insert } from "./sql.ts";

/**
 * Billing demo data: each demo account starts with a balance, written as a ledger row
 * (balances are only ever what the ledger says) and the balance recomputed from the
 * ledger, so re-running the seed changes nothing. The free tier is configuration
 * (FREE_TOKEN_ALLOWANCE, FREE_BOT_LIMIT), so the core seed's "Free" tier row is retired
 * from sale; paid tiers get local Stripe price ids so the flows look like production.
 */
export function billingSeed(): string[] {
  const out: string[] = [
    "UPDATE subscription_tiers SET is_active = 0 WHERE id = 'tier-free';",
    "UPDATE subscription_tiers SET stripe_price_monthly = coalesce(stripe_price_monthly, 'price_local_plus_month'), stripe_price_yearly = coalesce(stripe_price_yearly, 'price_local_plus_year') WHERE id = 'tier-plus';",
  ];
  for (const account of DEMO_ACCOUNTS) {
    out.push(
      insert("token_ledger", {
        id: `seed-ledger-${account.id}`,
        user_id: account.id,
        delta: 20_000,
        reason: "adjustment",
        reference_id: `seed:${account.id}`,
        balance_after: 20_000,
      }),
    );
  }
  // Casey, the demo creator, owns dozens of seeded bots: on the free plan's five she could
  // create nothing, so the README's "Casey creates bots" would be a promise the demo breaks.
  // She is on Plus (50 bots), as a local subscription like the local checkout makes.
  out.push(
    "UPDATE users SET subscription_tier_id = 'tier-plus', subscription_status = 'active', subscription_interval = 'month', " +
      "subscription_period_end = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 month'), stripe_customer_id = 'cus_local_demo-creator', " +
      "stripe_subscription_id = 'sub_local_demo-creator' WHERE id = 'demo-creator' AND subscription_tier_id IS NULL;",
  );
  const ids = DEMO_ACCOUNTS.map((a) => `'${a.id}'`).join(", ");
  out.push(
    `UPDATE users SET token_balance = (SELECT coalesce(sum(delta), 0) FROM token_ledger WHERE token_ledger.user_id = users.id) WHERE id IN (${ids});`,
  );
  return out;
}

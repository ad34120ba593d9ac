/**
 * Starting a purchase: a Stripe Checkout Session (payment mode for a token package,
 * subscription mode for a tier) for the user's Stripe customer, created once and reused.
 * Nothing here credits anything: tokens arrive only through the webhook.
 */
import type Stripe from "stripe";
import type { DB } from "#db/schema";

export interface PackageRow {
  id: string;
  name: string;
  amount: number;
  bonus_amount: number;
  price: number;
}
export interface TierRow {
  id: string;
  name: string;
  stripe_price_monthly: string | null;
  stripe_price_yearly: string | null;
}
export type Interval = "month" | "year";

interface Buyer {
  id: string;
  email: string;
}

/** The user's Stripe customer id, creating the customer the first time. */
export async function ensureStripeCustomer(stripe: Stripe, db: DB, user: Buyer): Promise<string> {
  const row = await db.selectFrom("users").select("stripe_customer_id").where("id", "=", user.id).executeTakeFirst();
  if (row?.stripe_customer_id) return row.stripe_customer_id;
  // The idempotency key makes a double-submitted first purchase create one customer.
  const customer = await stripe.customers.create(
    { email: user.email, metadata: { userId: user.id } },
    { idempotencyKey: `botcafe-customer-${user.id}` },
  );
  await db
    .updateTable("users")
    .set({ stripe_customer_id: customer.id })
    .where("id", "=", user.id)
    .where("stripe_customer_id", "is", null)
    .execute();
  const stored = await db.selectFrom("users").select("stripe_customer_id").where("id", "=", user.id).executeTakeFirst();
  return stored?.stripe_customer_id ?? customer.id;
}

export function returnUrl(origin: string, kind: "package" | "tier"): string {
  return `${origin}/billing/return?kind=${kind}&session_id={CHECKOUT_SESSION_ID}`;
}

export async function packageCheckout(
  stripe: Stripe,
  db: DB,
  user: Buyer,
  pack: PackageRow,
  origin: string,
): Promise<string> {
  const customer = await ensureStripeCustomer(stripe, db, user);
  const metadata = {
    kind: "package",
    userId: user.id,
    packageId: pack.id,
    tokens: String(pack.amount + pack.bonus_amount),
  };
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer,
    client_reference_id: user.id,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: "usd",
          unit_amount: pack.price,
          product_data: { name: `${pack.name} — ${metadata.tokens} tokens` },
        },
      },
    ],
    metadata,
    payment_intent_data: { metadata },
    success_url: returnUrl(origin, "package"),
    cancel_url: `${origin}/pricing`,
  });
  if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL.");
  return session.url;
}

export async function tierCheckout(
  stripe: Stripe,
  db: DB,
  user: Buyer,
  tier: TierRow,
  interval: Interval,
  origin: string,
): Promise<string> {
  const price = interval === "year" ? tier.stripe_price_yearly : tier.stripe_price_monthly;
  if (!price) throw new TierNotForSaleError();
  const customer = await ensureStripeCustomer(stripe, db, user);
  const metadata = { kind: "tier", userId: user.id, tierId: tier.id, interval };
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: user.id,
    line_items: [{ price, quantity: 1 }],
    metadata,
    subscription_data: { metadata },
    success_url: returnUrl(origin, "tier"),
    cancel_url: `${origin}/pricing`,
  });
  if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL.");
  return session.url;
}

export async function portalSession(stripe: Stripe, db: DB, user: Buyer, origin: string): Promise<string> {
  const customer = await ensureStripeCustomer(stripe, db, user);
  const session = await stripe.billingPortal.sessions.create({ customer, return_url: `${origin}/billing` });
  return session.url;
}

export class TierNotForSaleError extends Error {
  constructor() {
    super("This plan is not on sale with that billing period.");
  }
}

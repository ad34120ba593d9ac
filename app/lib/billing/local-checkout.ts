/**
 * The local default for payments: with no Stripe keys (and never in production), the
 * local checkout page "takes payment" and then delivers Stripe-shaped events, signed
 * with the webhook secret, to our own webhook handler — so the real verification and
 * exactly-once path runs offline. Nothing is credited here directly.
 */
import type { DB } from "#db/schema";
import { newId } from "../ids";
import type { Interval, PackageRow } from "./checkout";
import { webhookSecret } from "./config";
import { signStripePayload } from "./stripe";
import { handleStripeWebhook } from "./webhook";

export interface LocalTier {
  id: string;
  name: string;
  price_monthly: number;
  price_yearly: number;
  stripe_price_monthly: string | null;
  stripe_price_yearly: string | null;
}

const now = () => Math.floor(Date.now() / 1000);

async function localCustomer(db: DB, userId: string): Promise<string> {
  await db
    .updateTable("users")
    .set({ stripe_customer_id: `cus_local_${userId}` })
    .where("id", "=", userId)
    .where("stripe_customer_id", "is", null)
    .execute();
  const row = await db
    .selectFrom("users")
    .select("stripe_customer_id")
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  return row.stripe_customer_id!;
}

/** Sign and POST one event to the webhook handler, as Stripe would. */
export async function deliverLocalEvent(
  env: Env,
  db: DB,
  origin: string,
  type: string,
  object: Record<string, unknown>,
): Promise<void> {
  const secret = webhookSecret(env);
  if (!secret) throw new Error("No webhook secret to sign local events with.");
  const payload = JSON.stringify({
    id: `evt_local_${newId()}`,
    object: "event",
    type,
    created: now(),
    livemode: false,
    data: { object },
  });
  const response = await handleStripeWebhook(
    new Request(`${origin}/api/stripe/webhook`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": await signStripePayload(payload, secret) },
      body: payload,
    }),
    env,
    db,
  );
  if (!response.ok) throw new Error(`The webhook refused a local event (${response.status}).`);
}

export async function localPackageCheckout(
  env: Env,
  db: DB,
  user: { id: string },
  pack: PackageRow,
  origin: string,
): Promise<string> {
  const customer = await localCustomer(db, user.id);
  const sessionId = `cs_local_${newId()}`;
  await deliverLocalEvent(env, db, origin, "checkout.session.completed", {
    id: sessionId,
    object: "checkout.session",
    mode: "payment",
    payment_status: "paid",
    status: "complete",
    customer,
    client_reference_id: user.id,
    amount_total: pack.price,
    currency: "usd",
    payment_intent: `pi_local_${newId()}`,
    metadata: { kind: "package", userId: user.id, packageId: pack.id, tokens: String(pack.amount + pack.bonus_amount) },
  });
  return sessionId;
}

export async function localTierCheckout(
  env: Env,
  db: DB,
  user: { id: string },
  tier: LocalTier,
  interval: Interval,
  origin: string,
): Promise<string> {
  const customer = await localCustomer(db, user.id);
  const sessionId = `cs_local_${newId()}`;
  const subscriptionId = `sub_local_${user.id}`;
  const metadata = { kind: "tier", userId: user.id, tierId: tier.id, interval };
  const start = now();
  const end = interval === "year" ? start + 365 * 86400 : start + 30 * 86400;
  const price = {
    id:
      (interval === "year" ? tier.stripe_price_yearly : tier.stripe_price_monthly) ??
      `price_local_${tier.id}_${interval}`,
    recurring: { interval },
  };
  await deliverLocalEvent(env, db, origin, "checkout.session.completed", {
    id: sessionId,
    object: "checkout.session",
    mode: "subscription",
    payment_status: "paid",
    status: "complete",
    customer,
    client_reference_id: user.id,
    subscription: subscriptionId,
    metadata,
  });
  await deliverLocalEvent(env, db, origin, "customer.subscription.updated", {
    id: subscriptionId,
    object: "subscription",
    customer,
    status: "active",
    cancel_at_period_end: false,
    metadata,
    items: { data: [{ price, current_period_start: start, current_period_end: end }] },
  });
  await deliverLocalEvent(env, db, origin, "invoice.paid", {
    id: `in_local_${newId()}`,
    object: "invoice",
    customer,
    status: "paid",
    amount_paid: interval === "year" ? tier.price_yearly : tier.price_monthly,
    parent: { type: "subscription_details", subscription_details: { subscription: subscriptionId, metadata } },
    lines: { data: [{ period: { start, end }, pricing: { price_details: { price: price.id } } }] },
  });
  return sessionId;
}

/** The local stand-in for the Customer Portal's "cancel": the subscription ends now. */
export async function localCancelSubscription(env: Env, db: DB, user: { id: string }, origin: string): Promise<void> {
  const row = await db
    .selectFrom("users")
    .select(["stripe_customer_id", "stripe_subscription_id"])
    .where("id", "=", user.id)
    .executeTakeFirst();
  if (!row?.stripe_subscription_id) return;
  await deliverLocalEvent(env, db, origin, "customer.subscription.deleted", {
    id: row.stripe_subscription_id,
    object: "subscription",
    customer: row.stripe_customer_id,
    status: "canceled",
    cancel_at_period_end: false,
    metadata: { userId: user.id },
  });
}

/**
 * Stripe webhooks, applied exactly once.
 *
 * - The signature is verified on the raw body (SubtleCrypto, 300 s tolerance either way):
 *   a bad, stale or future-dated signature is a 400 and changes nothing. A correctly
 *   signed body that is not an event (`null`, `[]`, `"x"`, no id/type/created) is a 400;
 *   one we cannot apply is a 422 — any signed body gets a 2xx or 4xx, never a 5xx.
 * - The event id is INSERTed into stripe_events as the first statement of the same D1
 *   batch as the event's effects. A duplicate delivery (even a concurrent one) fails that
 *   insert and the whole batch rolls back, so an event's effect exists at most once.
 * - Events arrive out of order and late, so effects are decided from the object's state
 *   and timestamps, never arrival order: subscription state carries the event's `created`
 *   time and an older event never overwrites a newer one; a paid invoice beats a failed
 *   one whichever comes first; a refund reverses "what the charge says is refunded now"
 *   minus what was already reversed; credits are keyed by their Stripe object id.
 * - Every side effect is idempotent on its own, not only through the event-id dedupe (a
 *   Stripe object can arrive in several events, and a dedupe can be lost): ledger rows by
 *   their unique reference, purchases and payments by their Stripe ids, subscription state
 *   by event time, and each notification by an id derived from what it reports.
 */
import { z } from "zod";
import type { DB } from "#db/schema";
import { newId } from "../ids";
import { webhookSecret } from "./config";
import { credit, debitUpTo, isBalanceRefusal } from "./ledger";
import { verifyStripeEvent } from "./stripe";

/** The fields we read from Stripe objects (narrow on purpose: robust across API versions). */
interface StripeEventLike {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "invoice.paid",
  "invoice.payment_failed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "charge.refunded",
] as const;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

export async function handleStripeWebhook(request: Request, env: Env, db: DB): Promise<Response> {
  const secret = webhookSecret(env);
  if (!secret) return json({ error: "Webhooks are not configured on this server." }, 503);
  const signature = request.headers.get("Stripe-Signature");
  if (!signature) return json({ error: "Missing Stripe-Signature header." }, 400);
  const rawBody = await request.text();
  let verified: unknown;
  try {
    verified = await verifyStripeEvent(rawBody, signature, secret);
  } catch {
    return json({ error: "Invalid or expired signature." }, 400);
  }
  // Signed, but still read defensively: a body that is not an event is refused, not a 500.
  const envelope = eventEnvelope.safeParse(verified);
  if (!envelope.success) return json({ error: "That is not a Stripe event." }, 400);
  const outcome = await applyStripeEvent(env, db, envelope.data as StripeEventLike);
  // Not recorded: Stripe retries a non-2xx answer with backoff for up to three days.
  if (outcome === "retry")
    return json({ received: true, outcome, error: "This event depends on one we have not received yet." }, 409);
  if (outcome === "unprocessable")
    return json({ received: true, outcome, error: "This event could not be applied." }, 422);
  return json({ received: true, outcome });
}

/** What every event must have; the object inside is read field by field where it is used. */
const eventEnvelope = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative().max(1e11),
  data: z.unknown().optional(),
});

export type EventOutcome = "applied" | "duplicate" | "ignored" | "retry" | "unprocessable";

/** Thrown while building effects when the event refers to something not here yet. */
class RetryLater extends Error {}

/** Apply one verified event (exported for the local checkout and tests). */
export async function applyStripeEvent(env: Env, db: DB, event: StripeEventLike): Promise<EventOutcome> {
  const d1 = env.DB;
  if (typeof event.id !== "string" || typeof event.type !== "string" || typeof event.created !== "number")
    return "ignored";
  const seen = await d1.prepare("SELECT 1 AS seen FROM stripe_events WHERE id = ?").bind(event.id).first();
  if (seen) return "duplicate";
  let effects: D1PreparedStatement[];
  try {
    effects = await effectsOf(env, db, event);
  } catch (error) {
    if (error instanceof RetryLater) return "retry";
    // Reading the object failed on a shape we did not foresee: not recorded, so Stripe's
    // retry can apply it once the code handles it.
    console.error(`stripe event ${event.id} could not be read`, error);
    return "unprocessable";
  }
  try {
    await d1.batch([
      d1.prepare("INSERT INTO stripe_events (id, type) VALUES (?, ?)").bind(event.id, event.type),
      ...effects,
    ]);
  } catch (error) {
    // Another delivery of the same event won the race: its batch holds the effects.
    if (/UNIQUE constraint failed: stripe_events\.id/i.test(String((error as Error).message ?? error)))
      return "duplicate";
    // A guard in the batch saw state change under it (e.g. two refunds at once): retry.
    if (isBalanceRefusal(error)) return "retry";
    // Another constraint refused what this event says (data no row may hold): a 4xx.
    if (/constraint failed/i.test(String((error as Error).message ?? error))) {
      console.error(`stripe event ${event.id} was refused by a constraint`, error);
      return "unprocessable";
    }
    throw error;
  }
  return effects.length > 0 ? "applied" : "ignored";
}

// ── reading Stripe objects ──

function str(value: unknown): string | null {
  if (typeof value === "string" && value) return value;
  if (value && typeof value === "object" && typeof (value as { id?: unknown }).id === "string")
    return (value as { id: string }).id;
  return null;
}
function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
/** An amount in minor units: a whole number ≥ 0 (anything else counts as 0). */
function amountOf(value: unknown): number {
  const n = num(value);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}
/** Only string values: metadata is bound into SQL, and an object there must not be. */
function stringsOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
function metadataOf(object: Record<string, unknown>): Record<string, string> {
  return stringsOf(object.metadata);
}
const iso = (seconds: number) => (seconds > 0 && seconds < 1e11 ? new Date(seconds * 1000).toISOString() : null);

/**
 * A billing notification written at most once for what it reports (`key`: the Stripe
 * object and the effect), whatever the event-id dedupe does: its id is derived from the
 * key, and a second insert of it does nothing.
 */
async function notifyOnce(
  d1: D1Database,
  key: string,
  notification: { userId: string; title: string; body: string; condition?: { sql: string; binds: unknown[] } },
): Promise<D1PreparedStatement> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`stripe:${key}`)));
  const id = `bn${Array.from(digest.slice(0, 15), (b) => b.toString(16).padStart(2, "0")).join("")}`;
  const condition = notification.condition;
  return d1
    .prepare(
      `INSERT INTO notifications (id, user_id, kind, title, body, link) SELECT ?, ?, 'billing', ?, ?, '/billing' WHERE ${condition ? condition.sql : "true"}
       ON CONFLICT (id) DO NOTHING`,
    )
    .bind(
      id,
      notification.userId,
      notification.title.slice(0, 200),
      notification.body.slice(0, 2000),
      ...(condition?.binds ?? []),
    );
}

async function userFor(
  d1: D1Database,
  customerId: string | null,
  metadataUserId: string | undefined,
): Promise<string | null> {
  const row = await d1
    .prepare(
      "SELECT id FROM users WHERE (stripe_customer_id = ?1 AND ?1 IS NOT NULL) OR id = ?2 ORDER BY (stripe_customer_id = ?1) DESC LIMIT 1",
    )
    .bind(customerId, metadataUserId ?? null)
    .first<{ id: string }>();
  return row?.id ?? null;
}

async function tierForPrice(d1: D1Database, priceId: string | null, fallbackTierId: string | undefined) {
  return d1
    .prepare(
      `SELECT id, name, token_allowance, stripe_price_yearly = ?1 AS yearly FROM subscription_tiers
       WHERE (?1 IS NOT NULL AND (stripe_price_monthly = ?1 OR stripe_price_yearly = ?1)) OR id = ?2 LIMIT 1`,
    )
    .bind(priceId, fallbackTierId ?? null)
    .first<{ id: string; name: string; token_allowance: number; yearly: number | null }>();
}

/** The first line's price id, in both the older and newer invoice/subscription shapes. */
function firstPriceId(object: Record<string, unknown>): string | null {
  const lines = ((object.lines ?? object.items) as { data?: Record<string, unknown>[] } | undefined)?.data ?? [];
  const line = lines[0];
  if (!line) return null;
  const pricing = line.pricing as { price_details?: { price?: unknown } } | undefined;
  return str(line.price) ?? str(pricing?.price_details?.price) ?? null;
}

function invoiceSubscription(invoice: Record<string, unknown>): {
  id: string | null;
  metadata: Record<string, string>;
} {
  const parent = invoice.parent as
    { subscription_details?: { subscription?: unknown; metadata?: Record<string, string> } } | undefined;
  return {
    id: str(invoice.subscription) ?? str(parent?.subscription_details?.subscription),
    metadata: {
      ...stringsOf(parent?.subscription_details?.metadata),
      ...stringsOf((invoice.subscription_details as { metadata?: unknown } | undefined)?.metadata),
    },
  };
}

// ── effects per event type: a list of statements for the event's batch ──

async function effectsOf(env: Env, db: DB, event: StripeEventLike): Promise<D1PreparedStatement[]> {
  const d1 = env.DB;
  // Signed by Stripe, but read defensively: a shape we do not expect is ignored, not a 500.
  const data = event.data as { object?: unknown } | null | undefined;
  const object =
    data && typeof data === "object" && data.object && typeof data.object === "object" && !Array.isArray(data.object)
      ? (data.object as Record<string, unknown>)
      : {};
  if (typeof object.id !== "string") return [];
  switch (event.type) {
    case "checkout.session.completed":
      return checkoutCompleted(d1, db, event, object);
    case "invoice.paid":
      return invoicePaid(d1, db, object);
    case "invoice.payment_failed":
      return invoiceFailed(d1, db, object);
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return subscriptionChanged(d1, db, event, object);
    case "charge.refunded":
      return chargeRefunded(d1, db, object);
    default:
      return [];
  }
}

async function checkoutCompleted(
  d1: D1Database,
  db: DB,
  event: StripeEventLike,
  session: Record<string, unknown>,
): Promise<D1PreparedStatement[]> {
  const metadata = metadataOf(session);
  const customerId = str(session.customer);
  const userId = await userFor(d1, customerId, metadata.userId ?? str(session.client_reference_id) ?? undefined);
  if (!userId) return [];
  const statements: D1PreparedStatement[] = [];
  if (customerId)
    statements.push(
      d1
        .prepare("UPDATE users SET stripe_customer_id = ?1 WHERE id = ?2 AND stripe_customer_id IS NULL")
        .bind(customerId, userId),
    );

  if (session.mode === "payment" && metadata.kind === "package") {
    // Only a paid session credits (an async payment method completes later as paid).
    if (session.payment_status !== "paid") return statements;
    const tokens = Number(metadata.tokens);
    if (!Number.isSafeInteger(tokens) || tokens <= 0) return statements;
    const sessionId = str(session.id)!;
    const added = credit(d1, { userId, amount: tokens, reason: "purchase", referenceId: sessionId });
    statements.push(
      ...added.statements,
      d1
        .prepare(
          `INSERT INTO token_purchases (id, user_id, package_id, tokens, amount, currency, payment_intent_id)
           SELECT ?1, ?2, (SELECT id FROM token_packages WHERE id = ?3), ?4, ?5, ?6, ?7 ON CONFLICT DO NOTHING`,
        )
        .bind(
          sessionId,
          userId,
          metadata.packageId ?? null,
          tokens,
          amountOf(session.amount_total),
          typeof session.currency === "string" ? session.currency.slice(0, 10) : "usd",
          str(session.payment_intent),
        ),
      await notifyOnce(d1, `purchase:${sessionId}`, {
        userId,
        title: `${tokens.toLocaleString("en-US")} tokens added to your balance`,
        body: "Thank you for your purchase.",
      }),
    );
    return statements;
  }

  if (session.mode === "subscription") {
    // Link the subscription and apply the tier bought, as of this event's time; a newer
    // customer.subscription.* event already applied wins.
    const tier = await tierForPrice(d1, null, metadata.tierId);
    statements.push(
      d1
        .prepare(
          `UPDATE users SET stripe_subscription_id = ?1, subscription_tier_id = ?2, subscription_status = 'active', subscription_interval = ?3,
                  subscription_event_at = ?4, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = ?5 AND subscription_event_at < ?4`,
        )
        .bind(
          str(session.subscription),
          tier?.id ?? null,
          metadata.interval === "year" ? "year" : "month",
          event.created,
          userId,
        ),
    );
  }
  return statements;
}

async function invoicePaid(d1: D1Database, db: DB, invoice: Record<string, unknown>): Promise<D1PreparedStatement[]> {
  const invoiceId = str(invoice.id)!;
  const subscription = invoiceSubscription(invoice);
  const userId = await userFor(d1, str(invoice.customer), subscription.metadata.userId);
  if (!userId) return [];
  const tier = await tierForPrice(d1, firstPriceId(invoice), subscription.metadata.tierId);
  const line = ((invoice.lines as { data?: { period?: { start?: number; end?: number } }[] } | undefined)?.data ??
    [])[0];
  const statements: D1PreparedStatement[] = [
    // Paid wins over an earlier (or later-delivered) failure of the same invoice.
    d1
      .prepare(
        `INSERT INTO subscription_payments (id, user_id, tier_id, amount, status, stripe_payment_id, period_start, period_end)
         VALUES (?1, ?2, ?3, ?4, 'completed', ?5, ?6, ?7)
         ON CONFLICT (stripe_payment_id) DO UPDATE SET status = 'completed', amount = excluded.amount, period_start = excluded.period_start, period_end = excluded.period_end`,
      )
      .bind(
        newId(),
        userId,
        tier?.id ?? null,
        amountOf(invoice.amount_paid),
        invoiceId,
        iso(num(line?.period?.start)),
        iso(num(line?.period?.end)),
      ),
  ];
  if (tier && tier.token_allowance > 0) {
    // A yearly invoice pays for twelve months of allowance, granted with it.
    const amount = tier.token_allowance * (tier.yearly || subscription.metadata.interval === "year" ? 12 : 1);
    statements.push(
      ...credit(d1, { userId, amount, reason: "subscription_allowance", referenceId: `invoice:${invoiceId}` })
        .statements,
    );
    statements.push(
      await notifyOnce(d1, `invoice-paid:${invoiceId}`, {
        userId,
        title: `${tier.name}: ${amount.toLocaleString("en-US")} tokens added`,
        body: "Your subscription payment went through.",
      }),
    );
  }
  return statements;
}

async function invoiceFailed(d1: D1Database, db: DB, invoice: Record<string, unknown>): Promise<D1PreparedStatement[]> {
  const subscription = invoiceSubscription(invoice);
  const userId = await userFor(d1, str(invoice.customer), subscription.metadata.userId);
  if (!userId) return [];
  const tier = await tierForPrice(d1, firstPriceId(invoice), subscription.metadata.tierId);
  const invoiceId = str(invoice.id)!;
  return [
    // DO NOTHING: if the invoice was (or is later) paid, "completed" stands.
    d1
      .prepare(
        `INSERT INTO subscription_payments (id, user_id, tier_id, amount, status, stripe_payment_id) VALUES (?1, ?2, ?3, ?4, 'failed', ?5)
         ON CONFLICT (stripe_payment_id) DO NOTHING`,
      )
      .bind(newId(), userId, tier?.id ?? null, amountOf(invoice.amount_due), invoiceId),
    // Once per payment attempt, and not at all once the invoice is paid.
    await notifyOnce(d1, `invoice-failed:${invoiceId}:${amountOf(invoice.attempt_count)}`, {
      userId,
      title: "A subscription payment failed",
      body: "Stripe could not take your payment. Update your card under Manage subscription.",
      condition: {
        sql: "NOT EXISTS (SELECT 1 FROM subscription_payments WHERE stripe_payment_id = ? AND status = 'completed')",
        binds: [invoiceId],
      },
    }),
  ];
}

const TIER_KEEPING_STATUSES = new Set(["active", "trialing", "past_due"]);

async function subscriptionChanged(
  d1: D1Database,
  db: DB,
  event: StripeEventLike,
  subscription: Record<string, unknown>,
): Promise<D1PreparedStatement[]> {
  const metadata = metadataOf(subscription);
  const userId = await userFor(d1, str(subscription.customer), metadata.userId);
  if (!userId) return [];
  const deleted = event.type === "customer.subscription.deleted";
  const status = deleted ? "canceled" : String(subscription.status ?? "active");
  const keepsTier = !deleted && TIER_KEEPING_STATUSES.has(status);
  const tier = keepsTier ? await tierForPrice(d1, firstPriceId(subscription), metadata.tierId) : null;
  const items =
    (
      subscription.items as
        { data?: { current_period_end?: number; price?: { recurring?: { interval?: string } } }[] } | undefined
    )?.data ?? [];
  const periodEnd = num(subscription.current_period_end) || num(items[0]?.current_period_end);
  const interval = items[0]?.price?.recurring?.interval === "year" || metadata.interval === "year" ? "year" : "month";
  return [
    // Newest state wins: an event older than the one applied is ignored; on a tie a
    // cancellation wins (it is final).
    d1
      .prepare(
        `UPDATE users SET subscription_tier_id = ?1, subscription_status = ?2, stripe_subscription_id = ?3, subscription_period_end = ?4,
                subscription_cancel_at_period_end = ?5, subscription_interval = ?6, subscription_event_at = ?7,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ?8 AND (subscription_event_at < ?7 OR (subscription_event_at = ?7 AND ?2 = 'canceled'))`,
      )
      .bind(
        tier?.id ?? null,
        status,
        str(subscription.id),
        iso(periodEnd),
        subscription.cancel_at_period_end === true ? 1 : 0,
        interval,
        event.created,
        userId,
      ),
    ...(deleted
      ? [
          await notifyOnce(d1, `subscription-ended:${str(subscription.id)}`, {
            userId,
            title: "Your subscription has ended",
            body: "You are back on the free tier.",
          }),
        ]
      : []),
  ];
}

async function chargeRefunded(d1: D1Database, db: DB, charge: Record<string, unknown>): Promise<D1PreparedStatement[]> {
  const paymentIntent = str(charge.payment_intent);
  const statements: D1PreparedStatement[] = [];
  const invoiceId = str(charge.invoice);
  if (invoiceId)
    statements.push(
      d1.prepare("UPDATE subscription_payments SET status = 'refunded' WHERE stripe_payment_id = ?").bind(invoiceId),
    );
  if (!paymentIntent) return statements;
  const purchase = await d1
    .prepare(
      "SELECT id, user_id, tokens, tokens_reversed, refund_shortfall FROM token_purchases WHERE payment_intent_id = ?",
    )
    .bind(paymentIntent)
    .first<{ id: string; user_id: string; tokens: number; tokens_reversed: number; refund_shortfall: number }>();
  if (!purchase) {
    // A refund can be delivered before the purchase it reverses. While the charge is
    // recent, ask Stripe to retry; an old charge with no purchase is not one of ours.
    const recent = num(charge.created) > Date.now() / 1000 - 3 * 86400;
    if (!invoiceId && recent) throw new RetryLater();
    return statements;
  }
  const amount = amountOf(charge.amount);
  const refunded = Math.min(amountOf(charge.amount_refunded), amount);
  // What the charge says is refunded now, in tokens, less what earlier refunds took back.
  const target =
    amount > 0 ? Math.min(purchase.tokens, Math.floor((purchase.tokens * refunded) / amount)) : purchase.tokens;
  const owed = target - purchase.tokens_reversed - purchase.refund_shortfall;
  if (owed <= 0) return statements;
  const reversal = debitUpTo(d1, {
    userId: purchase.user_id,
    amount: owed,
    reason: "refund",
    referenceId: `refund:${str(charge.id)}:${refunded}`,
  });
  const fully = refunded >= amount;
  statements.push(
    // `owed` was computed from what this read saw; if another refund event for the same
    // purchase landed in between, abort the batch (the balance CHECK) and let Stripe retry.
    d1
      .prepare(
        "UPDATE users SET token_balance = -1 WHERE id = ?1 AND (SELECT tokens_reversed + refund_shortfall FROM token_purchases WHERE id = ?2) != ?3",
      )
      .bind(purchase.user_id, purchase.id, purchase.tokens_reversed + purchase.refund_shortfall),
    ...reversal.statements,
    // What the ledger row took is reversed; the rest (already spent) is the shortfall for staff.
    d1
      .prepare(
        `UPDATE token_purchases SET
           tokens_reversed = tokens_reversed + coalesce((SELECT -delta FROM token_ledger WHERE id = ?1), 0),
           refund_shortfall = refund_shortfall + ?2 - coalesce((SELECT -delta FROM token_ledger WHERE id = ?1), 0),
           status = ?3
         WHERE id = ?4`,
      )
      .bind(reversal.ledgerId, owed, fully ? "refunded" : "partially_refunded", purchase.id),
    await notifyOnce(d1, `refund:${str(charge.id)}:${refunded}`, {
      userId: purchase.user_id,
      title: "Refund processed",
      body: `Up to ${owed.toLocaleString("en-US")} tokens were taken back for a refunded purchase.`,
    }),
  );
  return statements;
}

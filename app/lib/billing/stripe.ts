/**
 * The Stripe client for workerd: fetch-based HTTP, and host/port/protocol from vars so
 * tests (and anyone offline) can point it at a local server speaking Stripe's wire format.
 */
import Stripe from "stripe";

type StripeEnv = Partial<
  Pick<Env, "STRIPE_SECRET_KEY" | "STRIPE_API_HOST" | "STRIPE_API_PORT" | "STRIPE_API_PROTOCOL">
>;

export function stripeClient(env: StripeEnv): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
    ...(env.STRIPE_API_PORT ? { port: env.STRIPE_API_PORT } : {}),
    ...(env.STRIPE_API_PROTOCOL === "http" || env.STRIPE_API_PROTOCOL === "https"
      ? { protocol: env.STRIPE_API_PROTOCOL }
      : {}),
  });
}

/** Webhook signatures: verify on the raw body with SubtleCrypto (the only provider in workerd). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export async function verifyStripeEvent(
  rawBody: string,
  signature: string,
  secret: string,
  now = Date.now(),
): Promise<Stripe.Event> {
  // Stripe's library only refuses timestamps too far in the past; one far in the future is
  // as suspect (a replayable signature made ahead of time), so the tolerance runs both ways.
  // Every `t=` in the header is checked (Stripe's parser keeps the last one it sees).
  const timestamps = signature.split(",").flatMap((part) => {
    const [key, value] = part.split("=");
    return key?.trim() === "t" ? [Number(value)] : [];
  });
  const fresh = (t: number) => Number.isFinite(t) && Math.abs(now / 1000 - t) <= WEBHOOK_TOLERANCE_SECONDS;
  if (timestamps.length === 0 || !timestamps.every(fresh)) throw new Error("Webhook timestamp outside the tolerance.");
  return Stripe.webhooks.constructEventAsync(
    rawBody,
    signature,
    secret,
    WEBHOOK_TOLERANCE_SECONDS,
    Stripe.createSubtleCryptoProvider(),
  );
}

/** Sign a payload the way Stripe does (the local checkout and tests deliver events with it). */
export async function signStripePayload(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Promise<string> {
  return Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    timestamp,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
}

export { Stripe };

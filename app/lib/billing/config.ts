/**
 * Billing configuration: amounts and rates are wrangler vars (wrangler.toml [vars]),
 * with defaults here so a missing var never breaks a page. Stripe is "configured" when
 * its secret key is set; without it the local checkout runs the same webhook path offline.
 */

import { isLocalMode } from "../runtime/local-mode";

type BillingEnv = Partial<
  Pick<Env, "ENVIRONMENT" | "BOTCAFE_LOCAL" | "STRIPE_SECRET_KEY" | "STRIPE_WEBHOOK_SECRET">
> & {
  FREE_TOKEN_ALLOWANCE?: string;
  FREE_BOT_LIMIT?: string;
  CHAT_TOKEN_RATE?: string;
  STRIPE_API_HOST?: string;
  STRIPE_API_PORT?: string;
  STRIPE_API_PROTOCOL?: string;
};

export interface BillingConfig {
  /** Tokens every free-tier account receives at sign-up and each calendar month (UTC). */
  freeAllowance: number;
  /** Bots a free-tier account may own (null = no limit). */
  freeBotLimit: number | null;
  /** BotCafe tokens charged per model token (prompt + completion) on the platform model. */
  chatRate: number;
}

function wholeNumber(value: string | undefined, fallback: number): number {
  if (value === undefined || !/^\d{1,9}$/.test(value.trim())) return fallback;
  return Number(value.trim());
}

export function billingConfig(env: BillingEnv): BillingConfig {
  const botLimit = env.FREE_BOT_LIMIT?.trim();
  return {
    freeAllowance: wholeNumber(env.FREE_TOKEN_ALLOWANCE, 20_000),
    freeBotLimit: botLimit === "" || botLimit === "none" ? null : wholeNumber(botLimit, 5),
    chatRate: wholeNumber(env.CHAT_TOKEN_RATE, 1),
  };
}

export function isStripeConfigured(env: BillingEnv): boolean {
  return Boolean(env.STRIPE_SECRET_KEY);
}

/**
 * The local checkout "takes payment" from anyone: allowed only in local mode (a
 * developer's machine, a loopback request; app/lib/runtime/local-mode.ts) and when
 * Stripe is not configured, like local sign-in.
 */
export function isLocalCheckoutAllowed(env: BillingEnv): boolean {
  return !isStripeConfigured(env) && isLocalMode(env);
}

/** What a deployment must set to take payments at all. */
export const CHECKOUT_SETTINGS = "STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET";

/**
 * The secret webhooks are verified with. The local checkout signs its events with a
 * development-only secret when none is set, so the real verification still runs; that
 * secret is in this repository, so outside local mode there is none and the webhook
 * refuses every event.
 */
export function webhookSecret(env: BillingEnv): string | null {
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  return isLocalCheckoutAllowed(env) ? LOCAL_WEBHOOK_SECRET : null;
}

export const LOCAL_WEBHOOK_SECRET = "whsec_botcafe_local_development_only";

/** "YYYY-MM" of a moment, in UTC: the allowance month. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The first moment of the next UTC month: when the free allowance renews. */
export function nextMonthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

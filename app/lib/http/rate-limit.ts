/**
 * Limits on consumption, with Cloudflare's Rate Limiting binding (wrangler.toml
 * `[[ratelimits]]`; the same bindings are declared for tests in vitest.config.ts).
 *
 * Each limiter counts twice: per user (the account doing it) and per IP
 * (`CF-Connecting-IP`, so one address cannot spread abuse over many accounts). The IP
 * limits are looser, since many people can share an address. The binding's counts are
 * kept per Cloudflare location and are approximate: this guards against abuse and
 * runaway scripts, it is not an exact quota (see docs/decisions/0010).
 *
 * Call from an action before doing the work:
 *   await enforceRateLimit({ request, context }, "chat_turn", user.id);
 * A limited request gets a 429 whose page says when to try again.
 */
import { data, type RouterContextProvider } from "react-router";
import { getApp } from "../context";

interface Limiter {
  /** What is being limited, for the page: "You are sending messages too quickly." */
  doing: string;
  /** The binding's window in seconds (10 or 60), as configured in wrangler.toml. */
  period: 10 | 60;
  /** Binding names; the limits themselves live in wrangler.toml. */
  perUser: string;
  perIp: string;
}

export const RATE_LIMITS = {
  chat_turn: { doing: "sending messages", period: 60, perUser: "RL_CHAT_TURN_USER", perIp: "RL_CHAT_TURN_IP" },
  chat_create: { doing: "starting chats", period: 60, perUser: "RL_CHAT_CREATE_USER", perIp: "RL_CHAT_CREATE_IP" },
  sign_in: { doing: "signing in", period: 60, perUser: "RL_SIGN_IN_USER", perIp: "RL_SIGN_IN_IP" },
  image_upload: { doing: "uploading images", period: 60, perUser: "RL_IMAGE_UPLOAD_USER", perIp: "RL_IMAGE_UPLOAD_IP" },
  knowledge_upload: {
    doing: "uploading documents",
    period: 60,
    perUser: "RL_KNOWLEDGE_UPLOAD_USER",
    perIp: "RL_KNOWLEDGE_UPLOAD_IP",
  },
  card_import: { doing: "importing cards", period: 60, perUser: "RL_CARD_IMPORT_USER", perIp: "RL_CARD_IMPORT_IP" },
  /** For support tickets (wired where tickets are created). */
  support_ticket: {
    doing: "opening support tickets",
    period: 60,
    perUser: "RL_SUPPORT_TICKET_USER",
    perIp: "RL_SUPPORT_TICKET_IP",
  },
  /** For token gifts (wired where gifts are sent). */
  token_gift: { doing: "sending gifts", period: 60, perUser: "RL_TOKEN_GIFT_USER", perIp: "RL_TOKEN_GIFT_IP" },
  /** The data export: each one reads the whole account (wired in routes/account/export-download.ts). */
  data_export: {
    doing: "downloading your data",
    period: 60,
    perUser: "RL_DATA_EXPORT_USER",
    perIp: "RL_DATA_EXPORT_IP",
  },
} as const satisfies Record<string, Limiter>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export interface RateLimited {
  message: string;
  /** Seconds until the window has surely passed: the binding does not say exactly. */
  retryAfterSeconds: number;
}

interface LimitArgs {
  request: Request;
  context: Readonly<RouterContextProvider>;
}

/** The address the request came from: Cloudflare sets CF-Connecting-IP at the edge. */
export function clientIp(request: Request): string {
  return request.headers.get("CF-Connecting-IP")?.trim().slice(0, 64) || "unknown";
}

let warnedMissing = false;

function binding(env: Env, name: string): RateLimit | null {
  const value = (env as unknown as Record<string, unknown>)[name];
  if (value && typeof (value as RateLimit).limit === "function") return value as RateLimit;
  // A deploy without the bindings must not take the app down; it is logged loudly instead.
  if (!warnedMissing) console.error(`rate limit binding ${name} is not configured: limits are not enforced`);
  warnedMissing = true;
  return null;
}

/** Count this request against `name`; what to tell the person if it is over the limit, else null. */
export async function checkRateLimit(
  { request, context }: LimitArgs,
  name: RateLimitName,
  userId?: string | null,
): Promise<RateLimited | null> {
  const limiter: Limiter = RATE_LIMITS[name];
  const { env } = getApp(context);
  const checks: Promise<RateLimitOutcome>[] = [];
  const ipLimit = binding(env, limiter.perIp);
  if (ipLimit) checks.push(ipLimit.limit({ key: `ip:${clientIp(request)}` }));
  const userLimit = userId ? binding(env, limiter.perUser) : null;
  if (userLimit && userId) checks.push(userLimit.limit({ key: `user:${userId}` }));
  const outcomes = await Promise.all(checks);
  if (outcomes.every((o) => o.success)) return null;
  const wait = limiter.period === 60 ? "about a minute" : `about ${limiter.period} seconds`;
  return {
    message: `You are ${limiter.doing} faster than we allow. Wait ${wait}, then try again.`,
    retryAfterSeconds: limiter.period,
  };
}

export function retryAfterHeaders(limited: RateLimited): HeadersInit {
  return { "Retry-After": String(limited.retryAfterSeconds) };
}

/** Count this request against `name`; over the limit, throw a 429 with a page that says when to retry. */
export async function enforceRateLimit(args: LimitArgs, name: RateLimitName, userId?: string | null): Promise<void> {
  const limited = await checkRateLimit(args, name, userId);
  if (limited)
    throw data(
      { message: limited.message, retryAfterSeconds: limited.retryAfterSeconds },
      { status: 429, headers: retryAfterHeaders(limited) },
    );
}

/**
 * The Rate Limiting bindings and their limits — the one table wrangler.toml's
 * `[[ratelimits]]` blocks (top level and `[env.production]`) and vitest.config.ts's
 * miniflare options follow. tests/unit/rate-limit-config.test.ts fails when they drift.
 * No imports: vitest.config.ts reads this file in Node.
 */
export interface RateLimitBinding {
  name: string;
  /** Unique per binding within the Cloudflare account. */
  namespace_id: string;
  limit: number;
  period: 10 | 60;
}

export const RATE_LIMIT_BINDINGS: RateLimitBinding[] = [
  // Chat turns: per user a fast typist's pace, per address room for a household or a class.
  { name: "RL_CHAT_TURN_USER", namespace_id: "1001", limit: 20, period: 60 },
  { name: "RL_CHAT_TURN_IP", namespace_id: "1002", limit: 120, period: 60 },
  { name: "RL_CHAT_CREATE_USER", namespace_id: "1003", limit: 10, period: 60 },
  { name: "RL_CHAT_CREATE_IP", namespace_id: "1004", limit: 120, period: 60 },
  // Sign-in is keyed by the email being signed into (there is no user yet) and by address.
  // It guards the local sign-in page only (production signs in through Clerk), where no
  // password can be guessed: the address limit stops scripts; the per-account one is loose
  // enough that shared demo accounts, signed into by many people or tests, never hit it.
  { name: "RL_SIGN_IN_USER", namespace_id: "1005", limit: 60, period: 60 },
  { name: "RL_SIGN_IN_IP", namespace_id: "1006", limit: 200, period: 60 },
  { name: "RL_IMAGE_UPLOAD_USER", namespace_id: "1007", limit: 20, period: 60 },
  { name: "RL_IMAGE_UPLOAD_IP", namespace_id: "1008", limit: 60, period: 60 },
  { name: "RL_KNOWLEDGE_UPLOAD_USER", namespace_id: "1009", limit: 10, period: 60 },
  { name: "RL_KNOWLEDGE_UPLOAD_IP", namespace_id: "1010", limit: 60, period: 60 },
  { name: "RL_CARD_IMPORT_USER", namespace_id: "1011", limit: 10, period: 60 },
  { name: "RL_CARD_IMPORT_IP", namespace_id: "1012", limit: 60, period: 60 },
  { name: "RL_SUPPORT_TICKET_USER", namespace_id: "1013", limit: 10, period: 60 },
  { name: "RL_SUPPORT_TICKET_IP", namespace_id: "1014", limit: 30, period: 60 },
  { name: "RL_TOKEN_GIFT_USER", namespace_id: "1015", limit: 10, period: 60 },
  { name: "RL_TOKEN_GIFT_IP", namespace_id: "1016", limit: 30, period: 60 },
  // The data export streams every row of an account: a few a minute is plenty for a person
  // (a retry after a dropped download), and 15 at once is a way to load the database.
  { name: "RL_DATA_EXPORT_USER", namespace_id: "1017", limit: 3, period: 60 },
  { name: "RL_DATA_EXPORT_IP", namespace_id: "1018", limit: 10, period: 60 },
];

/** The same table in miniflare's shape (vitest.config.ts). */
export function miniflareRateLimits(): Record<
  string,
  { namespace_id: string; simple: { limit: number; period: 10 | 60 } }
> {
  return Object.fromEntries(
    RATE_LIMIT_BINDINGS.map((b) => [
      b.name,
      { namespace_id: b.namespace_id, simple: { limit: b.limit, period: b.period } },
    ]),
  );
}

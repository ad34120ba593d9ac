/**
 * For staff pages (not built here): refunds that could not take back all their tokens
 * because they were already spent. Uses the partial index token_purchases_shortfall.
 */
import type { DB } from "#db/schema";

export function refundShortfallsQuery(db: DB, { limit = 50, offset = 0 } = {}) {
  return db
    .selectFrom("token_purchases")
    .innerJoin("users", "users.id", "token_purchases.user_id")
    .select([
      "token_purchases.id",
      "token_purchases.user_id",
      "users.email",
      "token_purchases.tokens",
      "token_purchases.tokens_reversed",
      "token_purchases.refund_shortfall",
      "token_purchases.amount",
      "token_purchases.created_at",
    ])
    .where("token_purchases.refund_shortfall", ">", 0)
    .orderBy("token_purchases.created_at", "desc")
    .limit(Math.min(limit, 100))
    .offset(offset);
}

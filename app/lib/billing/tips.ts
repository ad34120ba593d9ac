/** Tips a creator received, per bot (token_gifts_recipient_bot covers the query). */
import type { DB } from "#db/schema";

export function tipsPerBotQuery(db: DB, creatorId: string) {
  return db
    .selectFrom("token_gifts")
    .innerJoin("bots", "bots.id", "token_gifts.related_bot_id")
    .select([
      "bots.id",
      "bots.name",
      "bots.slug",
      (eb) => eb.fn.countAll<number>().as("tips"),
      (eb) => eb.fn.sum<number>("token_gifts.amount").as("tokens"),
    ])
    .where("token_gifts.recipient_id", "=", creatorId)
    .where("token_gifts.related_bot_id", "is not", null)
    .groupBy("bots.id")
    .orderBy("tokens", "desc")
    .limit(50);
}

export type TipsPerBot = Awaited<ReturnType<ReturnType<typeof tipsPerBotQuery>["execute"]>>;

/** Named bot queries shared by several pages. */
import type { DB } from "../schema";

/** The columns a bot card shows, with its creator's name and avatar URL (one query). */
export function botCardsQuery(db: DB) {
  return db
    .selectFrom("bots")
    .innerJoin("users as creator", "creator.id", "bots.created_by_id")
    .leftJoin("media as avatar", "avatar.id", "bots.avatar_id")
    .select([
      "bots.id",
      "bots.name",
      "bots.slug",
      "bots.description",
      "bots.tags",
      "bots.conversation_count",
      "bots.likes_count",
      "bots.rating",
      "bots.is_nsfw",
      "bots.created_at",
      "creator.display_name as creator_name",
      "avatar.url as avatar_url",
      "avatar.alt as avatar_alt",
    ]);
}

export type BotCardRow = Awaited<ReturnType<ReturnType<typeof botCardsQuery>["execute"]>>[number];

/** Public bots safe to show anyone (signed out people never see NSFW). */
export function publicSfwBots(db: DB) {
  return botCardsQuery(db).where("bots.is_public", "=", 1).where("bots.is_nsfw", "=", 0);
}

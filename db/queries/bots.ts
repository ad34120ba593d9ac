/** Named bot queries shared by several pages. */
import { sql, type Compilable, type SelectQueryBuilder } from "kysely";
import type { Database, DB } from "../schema";

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

// ───────────── Explore ─────────────

export type ExploreSort = "recommended" | "popular" | "liked" | "rated" | "newest";
export const EXPLORE_SORTS: { value: ExploreSort; label: string }[] = [
  { value: "recommended", label: "Recommended" },
  { value: "popular", label: "Most chatted" },
  { value: "liked", label: "Most liked" },
  { value: "rated", label: "Top rated" },
  { value: "newest", label: "Newest" },
];
export const EXPLORE_PAGE_SIZE = 20;

export interface ExploreFilters {
  /** A sanitized FTS5 MATCH expression (see app/lib/bots/search.ts), or null. */
  fts: string | null;
  tag: string | null;
  sort: ExploreSort;
  /** Only a signed-in user who opted in sees NSFW bots. */
  includeNsfw: boolean;
}

/** Public bots matching the filters (no order, no paging). With a search, the visibility
 * terms are written `+bots.is_public` (SQLite's "don't use an index for this term"), so the
 * plan starts from the FTS matches instead of reading every public bot to probe each one. */
function exploreBase<QB extends SelectQueryBuilder<Database, "bots", object>>(query: QB, filters: ExploreFilters): QB {
  const publicColumn = filters.fts ? sql<number>`+bots.is_public` : sql<number>`bots.is_public`;
  const nsfwColumn = filters.fts ? sql<number>`+bots.is_nsfw` : sql<number>`bots.is_nsfw`;
  let q = query.where(publicColumn, "=", 1) as QB;
  if (!filters.includeNsfw) q = q.where(nsfwColumn, "=", 0) as QB;
  if (filters.fts)
    q = q.where(sql<boolean>`bots.rowid IN (SELECT rowid FROM bots_fts WHERE bots_fts MATCH ${filters.fts})`) as QB;
  if (filters.tag) q = q.where(sql<boolean>`bots.id IN (SELECT bot_id FROM bot_tags WHERE tag = ${filters.tag})`) as QB;
  return q;
}

/** How many bots Explore's filters match. Without a search the answer is kept, not
 * counted: the one-row bot_totals, or the tag's row in tag_counts (migration 0012 keeps
 * both exact with triggers). With a search it counts the FTS matches only. */
function exploreCount(db: DB, filters: ExploreFilters): Compilable<{ total: number }> {
  if (filters.fts)
    return exploreBase(db.selectFrom("bots"), filters).select((eb) => eb.fn.countAll<number>().as("total"));
  if (filters.tag)
    return db
      .selectFrom("tag_counts")
      .select(`${filters.includeNsfw ? "public_uses" : "sfw_uses"} as total`)
      .where("tag", "=", filters.tag);
  return db
    .selectFrom("bot_totals")
    .select(`${filters.includeNsfw ? "public_bots" : "sfw_bots"} as total`)
    .where("id", "=", 1);
}

/** One page of Explore and the total, as two queries to run in one batch. */
export function exploreQueries(db: DB, filters: ExploreFilters, page: number) {
  let list = exploreBase(botCardsQuery(db), filters);
  switch (filters.sort) {
    case "recommended":
      // With a search: best match first (bm25 rank from one FTS pass joined in; lower is
      // better), then popularity. Without one: the most chatted.
      if (filters.fts) {
        list = list
          .innerJoin(
            sql<{
              fts_rowid: number;
              fts_rank: number;
            }>`(SELECT rowid AS fts_rowid, rank AS fts_rank FROM bots_fts WHERE bots_fts MATCH ${filters.fts})`.as(
              "fts",
            ),
            (join) => join.on(sql<boolean>`fts.fts_rowid = bots.rowid`),
          )
          .orderBy(sql`fts.fts_rank`);
      }
      list = list.orderBy("bots.conversation_count", "desc");
      break;
    case "liked":
      list = list.orderBy("bots.likes_count", "desc");
      break;
    case "rated":
      // SQLite sorts NULL last in DESC: unrated bots come after rated ones.
      list = list.orderBy("bots.rating", "desc").orderBy("bots.rating_count", "desc");
      break;
    case "newest":
      list = list.orderBy("bots.created_at", "desc");
      break;
    default:
      list = list.orderBy("bots.conversation_count", "desc");
  }
  // The id tie-break keeps pages stable when counts are equal.
  list = list
    .orderBy("bots.id")
    .limit(EXPLORE_PAGE_SIZE)
    .offset((page - 1) * EXPLORE_PAGE_SIZE);
  return { list, count: exploreCount(db, filters) };
}

/** The most used tags on public bots (for the tag filter), most used first. Read from the
 * per-tag counts the triggers of migration 0012 keep (one short index walk), never by
 * grouping every bot's tags on each request. */
export function popularTagsQuery(db: DB, includeNsfw: boolean, limit = 24) {
  const uses = includeNsfw ? "public_uses" : "sfw_uses";
  return db
    .selectFrom("tag_counts")
    .select(["tag", `${uses} as uses`])
    .where(uses, ">", 0)
    .orderBy(uses, "desc")
    .orderBy("tag")
    .limit(limit);
}

// ───────────── One bot ─────────────

/** Everything the bot page shows, found by slug, with its creator's public profile (if
 * any) and avatar. Visibility is checked by the caller (canViewBot). */
export function botPageQuery(db: DB, slug: string) {
  return db
    .selectFrom("bots")
    .innerJoin("users as creator", "creator.id", "bots.created_by_id")
    .leftJoin("creator_profiles as profile", (join) =>
      join.onRef("profile.user_id", "=", "bots.created_by_id").on("profile.visibility", "!=", "private"),
    )
    .leftJoin("media as avatar", "avatar.id", "bots.avatar_id")
    .select([
      "bots.id",
      "bots.name",
      "bots.slug",
      "bots.description",
      "bots.personality",
      "bots.greeting",
      "bots.alternate_greetings",
      "bots.example_dialogues",
      "bots.scenario",
      "bots.tags",
      "bots.is_public",
      "bots.is_nsfw",
      "bots.conversation_count",
      "bots.likes_count",
      "bots.favorites_count",
      "bots.rating",
      "bots.rating_count",
      "bots.created_by_id",
      "bots.created_at",
      "bots.updated_at",
      "creator.display_name as creator_name",
      "profile.username as creator_username",
      "profile.display_name as creator_profile_name",
      "avatar.url as avatar_url",
      "avatar.alt as avatar_alt",
    ])
    .where("bots.slug", "=", slug);
}

/** The viewer's own likes/favorites/share/report on the bot with this slug. */
export function viewerInteractionsQuery(db: DB, slug: string, userId: string) {
  return db
    .selectFrom("bot_interactions")
    .innerJoin("bots", "bots.id", "bot_interactions.bot_id")
    .select("bot_interactions.interaction_type")
    .where("bots.slug", "=", slug)
    .where("bot_interactions.user_id", "=", userId);
}

export function viewerRatingQuery(db: DB, slug: string, userId: string) {
  return db
    .selectFrom("bot_ratings")
    .innerJoin("bots", "bots.id", "bot_ratings.bot_id")
    .select("bot_ratings.score")
    .where("bots.slug", "=", slug)
    .where("bot_ratings.user_id", "=", userId);
}

/** Every column the edit form and card export need, by slug. */
export function editableBotQuery(db: DB, slug: string) {
  return db
    .selectFrom("bots")
    .leftJoin("media as avatar", "avatar.id", "bots.avatar_id")
    .select([
      "bots.id",
      "bots.name",
      "bots.slug",
      "bots.description",
      "bots.personality",
      "bots.system_prompt",
      "bots.greeting",
      "bots.example_dialogues",
      "bots.scenario",
      "bots.creator_notes",
      "bots.post_history_instructions",
      "bots.alternate_greetings",
      "bots.card_extras",
      "bots.tags",
      "bots.is_public",
      "bots.is_nsfw",
      "bots.avatar_id",
      "bots.created_by_id",
      "avatar.url as avatar_url",
      "avatar.mime_type as avatar_mime",
      "avatar.storage_key as avatar_key",
    ])
    .where("bots.slug", "=", slug);
}

/** A bot's lorebook (world_info knowledge rows) in card order. */
export function worldInfoQuery(db: DB, botId: string) {
  return (
    db
      .selectFrom("knowledge")
      .select(["title", "content", "world_info"])
      .where("bot_id", "=", botId)
      // Only lore the bot's creator wrote (someone else's entry filed onto the bot is theirs, not the card's).
      .where("created_by_id", "=", db.selectFrom("bots").select("created_by_id").where("id", "=", botId))
      .where("content_type", "=", "world_info")
      .orderBy("id")
  );
}

/** The signed-in user's own bots, newest first, with the counts they care about. */
export function myBotsQuery(db: DB, userId: string) {
  return botCardsQuery(db)
    .select(["bots.is_public", "bots.favorites_count"])
    .where("bots.created_by_id", "=", userId)
    .orderBy("bots.created_at", "desc")
    .orderBy("bots.id");
}

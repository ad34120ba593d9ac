/** Named creator queries shared by the creators pages (directory, profile, following). */
import { sql, type SqlBool } from "kysely";
import type { DB } from "../schema";
import { botCardsQuery } from "./bots";

/** A profile with its avatar and cover URLs: everything the public profile shows. */
export function creatorProfileQuery(db: DB) {
  return db
    .selectFrom("creator_profiles as p")
    .leftJoin("media as avatar", "avatar.id", "p.avatar_id")
    .leftJoin("media as cover", "cover.id", "p.cover_image_id")
    .select([
      "p.id",
      "p.user_id",
      "p.username",
      "p.display_name",
      "p.bio",
      "p.avatar_id",
      "p.cover_image_id",
      "p.specialties",
      "p.experience_level",
      "p.social_links",
      "p.is_verified",
      "p.is_premium",
      "p.is_featured",
      "p.visibility",
      "p.accepts_commissions",
      "p.commission_info",
      "p.follower_count",
      "p.following_count",
      "p.created_at",
      "p.updated_at",
      "avatar.url as avatar_url",
      "avatar.alt as avatar_alt",
      "cover.url as cover_url",
    ]);
}

export type CreatorProfileRow = Awaited<ReturnType<ReturnType<typeof creatorProfileQuery>["execute"]>>[number];

/** The username column is COLLATE NOCASE, so this matches regardless of case. */
export function profileByUsername(db: DB, username: string) {
  return creatorProfileQuery(db).where("p.username", "=", username);
}

/** The small card the directory and the following page show. */
export function creatorCardsQuery(db: DB) {
  return db
    .selectFrom("creator_profiles as p")
    .leftJoin("media as avatar", "avatar.id", "p.avatar_id")
    .select([
      "p.id",
      "p.username",
      "p.display_name",
      "p.bio",
      "p.specialties",
      "p.is_verified",
      "p.is_premium",
      "p.is_featured",
      "p.follower_count",
      "avatar.url as avatar_url",
    ]);
}

export type CreatorCardRow = Awaited<ReturnType<ReturnType<typeof creatorCardsQuery>["execute"]>>[number];

/** A substring match on username, display name or specialty: instr(), not LIKE — D1
 * refuses LIKE patterns over 50 bytes, so a long search built into one was a 500, and
 * instr() has no wildcards to escape. Case-insensitive for ASCII, as LIKE was. */
function directoryFilter(search: string) {
  const needle = search.toLowerCase();
  return sql<SqlBool>`(instr(lower(p.username), ${needle}) > 0 OR instr(lower(coalesce(p.display_name, '')), ${needle}) > 0 OR instr(lower(p.specialties), ${needle}) > 0)`;
}

/** The directory: public profiles only (unlisted and private are never listed),
 * optionally matching a search on username, display name or specialty. */
export function directoryPage(db: DB, { search, limit, offset }: { search: string; limit: number; offset: number }) {
  let query = creatorCardsQuery(db).where("p.visibility", "=", "public");
  if (search) query = query.where(directoryFilter(search));
  return query
    .orderBy("p.is_featured", "desc")
    .orderBy("p.follower_count", "desc")
    .orderBy("p.username")
    .limit(limit)
    .offset(offset);
}

export function directoryCount(db: DB, search: string) {
  let query = db
    .selectFrom("creator_profiles as p")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("p.visibility", "=", "public");
  if (search) query = query.where(directoryFilter(search));
  return query;
}

/** The user id behind a profile's username, as a scalar subquery: the bots queries filter
 * `bots.created_by_id = (…)` so SQLite walks the bots_created_by index for that one
 * creator instead of reading every public bot and joining each to its creator. */
function creatorIdOf(db: DB, username: string) {
  return db.selectFrom("creator_profiles").select("user_id").where("username", "=", username).limit(1);
}

/** A creator's public bots, found by their profile's username (so the page needs no
 * second round trip to learn the user id). NSFW only for viewers who opted in. The
 * visibility terms are `+bots.is_public` so SQLite never prefers the bots_public_* indexes
 * (all public bots) over bots_created_by (this creator's bots, already newest first). */
export function creatorBotsQuery(db: DB, username: string, { includeNsfw }: { includeNsfw: boolean }) {
  let query = botCardsQuery(db)
    .where("bots.created_by_id", "=", creatorIdOf(db, username))
    .where(sql`+bots.is_public`, "=", 1);
  if (!includeNsfw) query = query.where(sql`+bots.is_nsfw`, "=", 0);
  return query;
}

export function creatorBotsCount(db: DB, username: string, { includeNsfw }: { includeNsfw: boolean }) {
  let query = db
    .selectFrom("bots")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("bots.created_by_id", "=", creatorIdOf(db, username))
    .where(sql`+bots.is_public`, "=", 1);
  if (!includeNsfw) query = query.where(sql`+bots.is_nsfw`, "=", 0);
  return query;
}

/** Whether `followerId` follows the profile called `username` (0 or 1 row). */
export function followRow(db: DB, followerId: string, username: string) {
  return db
    .selectFrom("follows")
    .innerJoin("creator_profiles as p", "p.id", "follows.creator_id")
    .select("follows.created_at")
    .where("follows.follower_id", "=", followerId)
    .where("p.username", "=", username);
}

/** The creators someone follows that they may still see (a creator who went private
 * drops out of the list for everyone but staff and themselves). */
export function followedCreators(db: DB, followerId: string) {
  return creatorCardsQuery(db)
    .innerJoin("follows as f", "f.creator_id", "p.id")
    .select("f.created_at as followed_at")
    .where("f.follower_id", "=", followerId)
    .where("p.visibility", "!=", "private")
    .orderBy("f.created_at", "desc")
    .orderBy("p.username");
}

/** The newest public bots of the creators someone follows (one query, a join — no id lists). */
export function followedCreatorsBots(db: DB, followerId: string, { includeNsfw }: { includeNsfw: boolean }) {
  let query = botCardsQuery(db)
    .innerJoin("creator_profiles as owner", "owner.user_id", "bots.created_by_id")
    .innerJoin("follows as f", "f.creator_id", "owner.id")
    .select(["owner.username as creator_username"])
    .where("f.follower_id", "=", followerId)
    .where("owner.visibility", "!=", "private")
    .where("bots.is_public", "=", 1);
  if (!includeNsfw) query = query.where("bots.is_nsfw", "=", 0);
  return query.orderBy("bots.created_at", "desc").orderBy("bots.id");
}

/** The Atom feed of a creator's newest public, non-NSFW bots. */
import { batch } from "#db/batch";
import { creatorBotsQuery, profileByUsername } from "#db/queries/creators";
import type { DB } from "#db/schema";
import { parseJsonArray } from "../json";
import { renderAtom } from "./atom";

export const FEED_ENTRY_LIMIT = 20;

/** The feed's XML, or null when there is no such profile or it is private (a feed reader
 * has no session, so only what anyone may see goes in). */
export async function creatorFeedXml(d1: D1Database, db: DB, username: string, origin: string): Promise<string | null> {
  const [profiles, bots] = await batch(d1, [
    profileByUsername(db, username).limit(1),
    creatorBotsQuery(db, username, { includeNsfw: false })
      .select("bots.updated_at")
      .orderBy("bots.created_at", "desc")
      .orderBy("bots.id")
      .limit(FEED_ENTRY_LIMIT),
  ]);
  const profile = profiles[0];
  if (!profile || profile.visibility === "private") return null;
  const profileUrl = `${origin}/creators/${encodeURIComponent(profile.username)}`;
  const newest = bots.reduce((latest, bot) => (bot.updated_at > latest ? bot.updated_at : latest), profile.updated_at);
  const name = profile.display_name || profile.username;
  return renderAtom({
    // Ids must not change when a username or slug does, so they use the row ids.
    id: `urn:botcafe:creator:${profile.id}`,
    title: `New bots by ${name} on BotCafe`,
    subtitle: profile.bio.slice(0, 280),
    selfUrl: `${profileUrl}/feed.xml`,
    alternateUrl: profileUrl,
    authorName: name,
    authorUrl: profileUrl,
    updated: newest,
    entries: bots.map((bot) => ({
      id: `urn:botcafe:bot:${bot.id}`,
      title: bot.name,
      url: `${origin}/bots/${encodeURIComponent(bot.slug)}`,
      published: bot.created_at,
      updated: bot.updated_at,
      summary: bot.description,
      categories: parseJsonArray(bot.tags),
    })),
  });
}

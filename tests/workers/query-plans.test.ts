/**
 * Every main page's queries, planned by SQLite inside workerd (EXPLAIN QUERY PLAN against
 * the real local D1 with every migration): none may read a whole table. A page that scans
 * `bots`, `messages` or `bot_tags` costs a little at the demo seed and 6–9× at 10,000 bots
 * (issue 12), so this fails the moment a query stops using its index.
 *
 * Allowed: SEARCH (an index lookup or range), SCAN … USING INDEX when it walks an index in
 * the order the page wants and stops at the page size, and FTS5's own virtual-table reads.
 */
import { env } from "cloudflare:test";
import type { Compilable } from "kysely";
import { beforeAll, describe, expect, test } from "vitest";
import { createDb } from "#db/client";
import {
  botPageQuery,
  exploreQueries,
  EXPLORE_SORTS,
  myBotsQuery,
  popularTagsQuery,
  publicSfwBots,
  viewerInteractionsQuery,
} from "#db/queries/bots";
import { chatListQuery } from "#db/queries/chat-search";
import { messagesWithAlternatives, ownedConversation } from "#db/queries/chat";
import {
  creatorBotsCount,
  creatorBotsQuery,
  directoryCount,
  directoryPage,
  profileByUsername,
} from "#db/queries/creators";
import { toFtsQuery } from "~/lib/bots/search";

const db = createDb(env.DB);

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

async function planOf(query: Compilable<unknown>): Promise<string[]> {
  const compiled = query.compile();
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
    .bind(...compiled.parameters)
    .all<PlanRow>();
  return results.map((row) => row.detail);
}

/** Tables that grow with users and content (creator_profiles and the content pages' tables
 * stay small: a directory count over public profiles is allowed). */
const GROWING_TABLES = new Set([
  "bots",
  "bot_tags",
  "bot_interactions",
  "bot_ratings",
  "messages",
  "message_alternatives",
  "conversations",
  "knowledge",
  "local_vectors",
  "memories",
  "users",
  "follows",
]);
/** Index terms that select most of a table: "every public bot" is not a lookup. */
const UNSELECTIVE_TERMS = /^\((?:(?:is_public|is_nsfw|is_active|visibility)=\?(?: AND )?)+\)$/;

/** The plan lines that read a whole table (or most of it):
 *  - `SCAN t` with no index at all (FTS5 answers MATCH from its own index — allowed);
 *  - a growing table read through an unselective index ("is_public=? AND is_nsfw=?") when
 *    the query cannot stop early: it has no LIMIT (a count or aggregate), or it sorts or
 *    groups all of them afterwards (TEMP B-TREE FOR ORDER BY / GROUP BY). Walking such an
 *    index in the page's order and stopping at the page size is fine. */
function tableScans(plan: string[], sqlText: string): string[] {
  const stopsEarly =
    /\blimit\b/i.test(sqlText) && !plan.some((line) => /USE TEMP B-TREE FOR (ORDER BY|GROUP BY|DISTINCT)/.test(line));
  return plan.filter((line) => {
    if (/VIRTUAL TABLE INDEX/.test(line)) return false;
    if (/^SCAN \w+( AS \w+)?$/.test(line)) return true;
    const read = /^(?:SCAN|SEARCH) (\w+)(?: AS \w+)? USING (?:COVERING )?INDEX \w+(?: (\(.*\)))?/.exec(line);
    if (!read || !GROWING_TABLES.has(read[1]!)) return false;
    const unselective = read[2] === undefined || UNSELECTIVE_TERMS.test(read[2]);
    return unselective && !stopsEarly;
  });
}

beforeAll(async () => {
  // A few rows so the plans run against real tables (plans depend on schema, not on counts).
  await env.DB.batch([
    env.DB.prepare("INSERT INTO users (id, email, display_name) VALUES ('planner', 'planner@example.com', 'Planner')"),
    env.DB.prepare(
      "INSERT INTO creator_profiles (id, user_id, username, display_name) VALUES ('planner-profile', 'planner', 'planner', 'Planner')",
    ),
    env.DB.prepare(
      `INSERT INTO bots (id, name, slug, tags, is_public, created_by_id) VALUES ('plan-bot', 'Plan Bot', 'plan-bot', '["fantasy"]', 1, 'planner')`,
    ),
    env.DB.prepare(
      "INSERT INTO conversations (id, user_id, bot_id, title) VALUES ('plan-chat', 'planner', 'plan-bot', 'Harbour')",
    ),
    env.DB.prepare(
      "INSERT INTO messages (id, conversation_id, role, content, sender_type, seq) VALUES ('plan-m1', 'plan-chat', 'user', 'hello harbour', 'user', 1)",
    ),
  ]);
});

const fts = toFtsQuery("dragon riddles");

/** Each page's main queries, built by the same functions the pages call. */
const PAGES: Record<string, () => Compilable<unknown>[]> = {
  "home /": () => [
    publicSfwBots(db).orderBy("bots.conversation_count", "desc").orderBy("bots.id").limit(6),
    publicSfwBots(db).orderBy("bots.created_at", "desc").orderBy("bots.id").limit(6),
  ],
  "explore /bots, every sort": () =>
    EXPLORE_SORTS.flatMap(({ value: sort }) => {
      const { list, count } = exploreQueries(db, { fts: null, tag: null, sort, includeNsfw: false }, 2);
      return [list, count];
    }),
  "explore ?q=": () => {
    const { list, count } = exploreQueries(db, { fts, tag: null, sort: "recommended", includeNsfw: false }, 1);
    return [list, count];
  },
  "explore ?tag=": () =>
    EXPLORE_SORTS.flatMap(({ value: sort }) => {
      const { list, count } = exploreQueries(db, { fts: null, tag: "fantasy", sort, includeNsfw: false }, 1);
      return [list, count];
    }),
  "explore popular tags": () => [popularTagsQuery(db, false), popularTagsQuery(db, true)],
  "bot page": () => [botPageQuery(db, "plan-bot").limit(1), viewerInteractionsQuery(db, "plan-bot", "planner")],
  "creator profile": () => [
    profileByUsername(db, "planner").limit(1),
    creatorBotsQuery(db, "planner", { includeNsfw: false })
      .orderBy("bots.created_at", "desc")
      .orderBy("bots.id")
      .limit(24),
    creatorBotsCount(db, "planner", { includeNsfw: false }),
  ],
  "creators directory": () => [directoryPage(db, { search: "", limit: 24, offset: 0 }), directoryCount(db, "")],
  "my bots": () => [myBotsQuery(db, "planner").limit(50)],
  "chat list": () => [chatListQuery(db, { userId: "planner", archived: false, search: "" }).limit(21)],
  "chat list ?q=": () => [chatListQuery(db, { userId: "planner", archived: false, search: "harbour" }).limit(21)],
  conversation: () => [
    ownedConversation(db, "plan-chat", "planner"),
    messagesWithAlternatives(db, "plan-chat").orderBy("messages.seq"),
  ],
};

describe("no main page's query scans a table", () => {
  test.each(Object.entries(PAGES))("%s", async (_page, queries) => {
    for (const query of queries()) {
      const plan = await planOf(query);
      const sqlText = query.compile().sql;
      expect(tableScans(plan, sqlText), `${sqlText}\n${plan.join("\n")}`).toEqual([]);
    }
  });
});

test("the check itself catches the scans issue 12 measured", async () => {
  // The old popular-tags query: groups every bot_tags row of every public bot.
  const oldPopularTags = db
    .selectFrom("bot_tags")
    .innerJoin("bots", "bots.id", "bot_tags.bot_id")
    .select(["bot_tags.tag", (eb) => eb.fn.countAll<number>().as("uses")])
    .where("bots.is_public", "=", 1)
    .groupBy("bot_tags.tag")
    .orderBy("uses", "desc")
    .limit(24);
  // The old creator profile: every public bot, each joined to its creator's profile.
  const oldCreatorBots = db
    .selectFrom("bots")
    .innerJoin("creator_profiles as owner", "owner.user_id", "bots.created_by_id")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("owner.username", "=", "planner")
    .where("bots.is_public", "=", 1)
    .where("bots.is_nsfw", "=", 0);
  // The old Explore total: counts every public bot on each visit.
  const oldExploreCount = db
    .selectFrom("bots")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("is_public", "=", 1)
    .where("is_nsfw", "=", 0);
  // A filter on a column with no index at all.
  const unindexed = db.selectFrom("messages").select("id").where("content", "=", "hello").limit(5);
  for (const query of [oldPopularTags, oldCreatorBots, oldExploreCount, unindexed]) {
    const plan = await planOf(query);
    expect(tableScans(plan, query.compile().sql), plan.join("\n")).not.toEqual([]);
  }
});

import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { loadDashboard } from "~/lib/creators/dashboard";

const NOW = new Date("2026-11-25T12:00:00.000Z");

/** A D1 that counts what reaches the database, to hold the page to one round trip. */
function countingD1() {
  const counts = { prepared: 0, batches: 0, batchedStatements: 0 };
  const d1 = {
    prepare: (query: string) => {
      counts.prepared++;
      return env.DB.prepare(query);
    },
    batch: (statements: D1PreparedStatement[]) => {
      counts.batches++;
      counts.batchedStatements += statements.length;
      return env.DB.batch(statements);
    },
  } as unknown as D1Database;
  return { d1, counts };
}

async function seed() {
  const db = createDb(env.DB);
  const users = ["dash-creator", "dash-other", "dash-u1", "dash-u2", "dash-u3", "dash-u4"];
  await db
    .insertInto("users")
    .values(users.map((id) => ({ id, email: `${id}@example.com` })))
    .execute();
  await db
    .insertInto("creator_profiles")
    .values([
      { id: "dash-profile", user_id: "dash-creator", username: "dashcreator", follower_count: 4 },
      { id: "dash-other-profile", user_id: "dash-other", username: "dashother", follower_count: 1 },
    ])
    .execute();
  // (Multi-row inserts need the same columns in every row.)
  const bot = (
    id: string,
    name: string,
    owner: string,
    isPublic: 0 | 1,
    conversations: number,
    likes: number,
    favorites: number,
    rating: number | null,
    ratings: number,
  ) => ({
    id,
    name,
    slug: id,
    created_by_id: owner,
    is_public: isPublic,
    conversation_count: conversations,
    likes_count: likes,
    favorites_count: favorites,
    rating,
    rating_count: ratings,
  });
  await db
    .insertInto("bots")
    .values([
      bot("dash-b1", "Alpha", "dash-creator", 1, 500, 7, 3, 4.5, 2),
      bot("dash-b2", "Beta", "dash-creator", 0, 20, 0, 0, null, 0),
      bot("dash-other-bot", "Other", "dash-other", 1, 9000, 0, 0, null, 0),
    ])
    .execute();
  const conversation = (id: string, bot: string, at: string) => ({
    id,
    user_id: "dash-u1",
    bot_id: bot,
    created_at: at,
  });
  await db
    .insertInto("conversations")
    .values([
      conversation("c1", "dash-b1", "2026-11-25T01:00:00.000Z"),
      conversation("c2", "dash-b1", "2026-11-25T11:59:00.000Z"),
      conversation("c3", "dash-b1", "2026-11-20T08:00:00.000Z"),
      conversation("c4", "dash-b2", "2026-10-01T08:00:00.000Z"), // before the 30 days
      conversation("c5", "dash-b2", "2026-10-27T00:00:00.000Z"), // the first day of the window
      conversation("c6", "dash-other-bot", "2026-11-25T08:00:00.000Z"), // someone else's bot
    ])
    .execute();
  const interaction = (id: string, user: string, bot: string, type: "like" | "favorite" | "share", at: string) => ({
    id,
    user_id: user,
    bot_id: bot,
    interaction_type: type,
    created_at: at,
  });
  await db
    .insertInto("bot_interactions")
    .values([
      interaction("i1", "dash-u1", "dash-b1", "like", "2026-11-25T03:00:00.000Z"),
      interaction("i2", "dash-u2", "dash-b1", "like", "2026-11-25T04:00:00.000Z"),
      interaction("i3", "dash-u1", "dash-b2", "favorite", "2026-11-24T04:00:00.000Z"),
      interaction("i4", "dash-u1", "dash-b2", "share", "2026-11-24T04:00:00.000Z"), // not charted
      interaction("i5", "dash-u1", "dash-other-bot", "like", "2026-11-25T04:00:00.000Z"),
    ])
    .execute();
  await db
    .insertInto("follows")
    .values([
      { follower_id: "dash-u1", creator_id: "dash-profile", created_at: "2026-11-25T05:00:00.000Z" },
      { follower_id: "dash-u2", creator_id: "dash-profile", created_at: "2026-11-25T06:00:00.000Z" },
      { follower_id: "dash-u3", creator_id: "dash-profile", created_at: "2026-11-01T06:00:00.000Z" },
      { follower_id: "dash-u4", creator_id: "dash-profile", created_at: "2026-10-01T06:00:00.000Z" },
      { follower_id: "dash-u1", creator_id: "dash-other-profile", created_at: "2026-11-25T06:00:00.000Z" },
    ])
    .execute();
}

test("the dashboard aggregates the creator's own bots per day and per bot, in one round trip", async () => {
  await seed();
  const { d1, counts } = countingD1();
  const dashboard = await loadDashboard(d1, createDb(d1), "dash-creator", NOW);

  // One batch, and nothing reached D1 outside it.
  expect(counts.batches).toBe(1);
  expect(counts.prepared).toBe(counts.batchedStatements);

  expect(dashboard.days).toHaveLength(30);
  expect(dashboard.days[0]).toBe("2026-10-27");
  expect(dashboard.days[29]).toBe("2026-11-25");
  const at = (day: string) => dashboard.days.indexOf(day);

  const { conversations, likes, favorites, followers } = dashboard.series;
  expect(conversations[at("2026-11-25")]).toBe(2);
  expect(conversations[at("2026-11-20")]).toBe(1);
  expect(conversations[at("2026-10-27")]).toBe(1);
  expect(conversations.reduce((a, b) => a + b, 0)).toBe(4);
  expect(likes[at("2026-11-25")]).toBe(2);
  expect(likes.reduce((a, b) => a + b, 0)).toBe(2);
  expect(favorites[at("2026-11-24")]).toBe(1);
  expect(favorites.reduce((a, b) => a + b, 0)).toBe(1);
  expect(followers[at("2026-11-25")]).toBe(2);
  expect(followers[at("2026-11-01")]).toBe(1);
  expect(followers.reduce((a, b) => a + b, 0)).toBe(3);

  // Per bot: only this creator's, most conversations first, totals and the last 30 days.
  expect(dashboard.bots.map((bot) => bot.id)).toEqual(["dash-b1", "dash-b2"]);
  expect(dashboard.bots[0]).toMatchObject({
    conversations: 500,
    conversationsRecent: 3,
    likes: 7,
    likesRecent: 2,
    favorites: 3,
    favoritesRecent: 0,
    rating: 4.5,
    ratingCount: 2,
    isPublic: true,
  });
  expect(dashboard.bots[1]).toMatchObject({
    conversations: 20,
    conversationsRecent: 1,
    likesRecent: 0,
    favoritesRecent: 1,
    rating: null,
    isPublic: false,
  });
  expect(dashboard.followerCount).toBe(4);
});

test("someone with no bots and no profile gets empty, zero-filled numbers", async () => {
  const db = createDb(env.DB);
  await db.insertInto("users").values({ id: "dash-nobody", email: "dash-nobody@example.com" }).execute();
  const dashboard = await loadDashboard(env.DB, db, "dash-nobody", NOW);
  expect(dashboard.bots).toEqual([]);
  expect(dashboard.followerCount).toBeNull();
  expect(dashboard.series.conversations).toEqual(new Array(30).fill(0));
  expect(dashboard.series.followers).toEqual(new Array(30).fill(0));
});

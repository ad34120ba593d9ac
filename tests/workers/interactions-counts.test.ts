/** Likes, favorites and ratings keep their counts exact: repeated, concurrent, mixed. */
import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { rateBot, reportBot, setInteraction } from "~/lib/bots/interactions";

const db = createDb(env.DB);
const deps = { db, d1: env.DB };

async function users(prefix: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await env.DB.batch(
    ids.map((id) => env.DB.prepare("INSERT INTO users (id, email) VALUES (?, ?)").bind(id, `${id}@example.com`)),
  );
  return ids;
}

async function aBot(id: string, ownerId: string) {
  await env.DB.prepare("INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES (?, ?, ?, ?, 1)")
    .bind(id, id, id, ownerId)
    .run();
  return id;
}

async function counts(botId: string) {
  const row = await env.DB.prepare(
    `SELECT likes_count, favorites_count, rating, rating_count,
      (SELECT COUNT(*) FROM bot_interactions WHERE bot_id = ?1 AND interaction_type = 'like') AS like_rows,
      (SELECT COUNT(*) FROM bot_interactions WHERE bot_id = ?1 AND interaction_type = 'favorite') AS favorite_rows
     FROM bots WHERE id = ?1`,
  )
    .bind(botId)
    .first<{
      likes_count: number;
      favorites_count: number;
      rating: number | null;
      rating_count: number;
      like_rows: number;
      favorite_rows: number;
    }>();
  return row!;
}

test("liking twice is one like; unliking twice is none (the unique constraint holds)", async () => {
  const [owner, fan] = await users("repeat", 2);
  const botId = await aBot("bot-repeat", owner!);
  await setInteraction(deps, { userId: fan!, botId, type: "like", on: true });
  await setInteraction(deps, { userId: fan!, botId, type: "like", on: true });
  expect(await counts(botId)).toMatchObject({ likes_count: 1, like_rows: 1, favorites_count: 0 });
  await setInteraction(deps, { userId: fan!, botId, type: "favorite", on: true });
  expect(await counts(botId)).toMatchObject({ likes_count: 1, favorites_count: 1 });
  await setInteraction(deps, { userId: fan!, botId, type: "like", on: false });
  await setInteraction(deps, { userId: fan!, botId, type: "like", on: false });
  expect(await counts(botId)).toMatchObject({ likes_count: 0, like_rows: 0, favorites_count: 1 });
  await expect(
    env.DB.prepare(
      "INSERT INTO bot_interactions (id, user_id, bot_id, interaction_type) VALUES ('dup-1', ?, ?, 'favorite')",
    )
      .bind(fan, botId)
      .run(),
  ).rejects.toThrow(/UNIQUE/);
});

test("concurrent likes from many users, and a user's concurrent repeats, leave exact counts", async () => {
  const [owner, ...fans] = await users("concurrent", 31);
  const botId = await aBot("bot-concurrent", owner!);
  // Every fan likes at once, and each sends the same like three times.
  await Promise.all(
    fans.flatMap((userId) => [1, 2, 3].map(() => setInteraction(deps, { userId, botId, type: "like", on: true }))),
  );
  expect(await counts(botId)).toMatchObject({ likes_count: 30, like_rows: 30 });
  // Half unlike while the other half favorite, all at once.
  await Promise.all(
    fans.map((userId, i) =>
      i % 2 === 0
        ? setInteraction(deps, { userId, botId, type: "like", on: false })
        : setInteraction(deps, { userId, botId, type: "favorite", on: true }),
    ),
  );
  expect(await counts(botId)).toMatchObject({ likes_count: 15, like_rows: 15, favorites_count: 15, favorite_rows: 15 });
  // Racing on and off for the same user: whichever lands last, the count matches the rows.
  await Promise.all(
    fans
      .slice(0, 10)
      .flatMap((userId) => [true, false, true].map((on) => setInteraction(deps, { userId, botId, type: "like", on }))),
  );
  const after = await counts(botId);
  expect(after.likes_count).toBe(after.like_rows);
});

test("ratings: one per user, a new score replaces the old, rating is the exact average", async () => {
  const [owner, a, b, c] = await users("rating", 4);
  const botId = await aBot("bot-rating", owner!);
  await rateBot(deps, { userId: a!, botId, score: 5 });
  await rateBot(deps, { userId: b!, botId, score: 2 });
  expect(await counts(botId)).toMatchObject({ rating: 3.5, rating_count: 2 });
  await rateBot(deps, { userId: b!, botId, score: 4 });
  expect(await counts(botId)).toMatchObject({ rating: 4.5, rating_count: 2 });
  await Promise.all([
    rateBot(deps, { userId: c!, botId, score: 3 }),
    rateBot(deps, { userId: c!, botId, score: 3 }),
    rateBot(deps, { userId: a!, botId, score: 5 }),
  ]);
  expect(await counts(botId)).toMatchObject({ rating: 4, rating_count: 3 });
  await expect(rateBot(deps, { userId: a!, botId, score: 6 })).rejects.toThrow();
  expect(await counts(botId)).toMatchObject({ rating: 4, rating_count: 3 });
});

test("a report lands in the moderation queue with its reason and details", async () => {
  const [owner, reporter] = await users("report", 2);
  const botId = await aBot("bot-report", owner!);
  await reportBot(deps, { userId: reporter!, botId, reason: "spam", details: "Links to a casino" });
  await reportBot(deps, { userId: reporter!, botId, reason: "other", details: "Again" });
  const reports = await db
    .selectFrom("moderation_reports")
    .select(["reason", "details", "status", "reporter_id"])
    .where("bot_id", "=", botId)
    .orderBy("created_at")
    .execute();
  expect(reports).toEqual([
    { reason: "spam", details: "Links to a casino", status: "open", reporter_id: reporter },
    { reason: "other", details: "Again", status: "open", reporter_id: reporter },
  ]);
});

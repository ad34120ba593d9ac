/**
 * Likes, favorites, shares, ratings and reports. Each write and its count update go in ONE
 * batch (one D1 transaction), and counts are recomputed from the rows rather than
 * incremented, so they stay exact however often or however concurrently people click.
 */
import { sql } from "kysely";
import { batch } from "#db/batch";
import type { DB, ReportReason } from "#db/schema";
import { newId } from "~/lib/ids";

interface Deps {
  db: DB;
  d1: D1Database;
}

export type ToggleType = "like" | "favorite";

const COUNT_COLUMN = { like: "likes_count", favorite: "favorites_count" } as const;

function recountQuery(db: DB, botId: string, type: ToggleType) {
  return db
    .updateTable("bots")
    .set({
      [COUNT_COLUMN[type]]:
        sql<number>`(SELECT COUNT(*) FROM bot_interactions WHERE bot_id = ${botId} AND interaction_type = ${type})`,
    })
    .where("id", "=", botId);
}

/** Set a like/favorite on or off. The form says which ("Like" sends on, "Unlike" sends
 * off) rather than "flip", so a double-submitted or replayed form cannot undo itself; a
 * repeated "on" stays one row thanks to the unique constraint. */
export async function setInteraction(
  { db, d1 }: Deps,
  input: { userId: string; botId: string; type: ToggleType; on: boolean },
) {
  const { userId, botId, type, on } = input;
  const write = on
    ? db
        .insertInto("bot_interactions")
        .values({ id: newId(), user_id: userId, bot_id: botId, interaction_type: type })
        .onConflict((oc) => oc.columns(["user_id", "bot_id", "interaction_type"]).doNothing())
    : db
        .deleteFrom("bot_interactions")
        .where("user_id", "=", userId)
        .where("bot_id", "=", botId)
        .where("interaction_type", "=", type);
  await batch(d1, [write, recountQuery(db, botId, type)]);
}

/** Record that someone shared a bot (once per user; shares have no counter column). */
export async function recordShare({ db }: Deps, input: { userId: string; botId: string }) {
  await db
    .insertInto("bot_interactions")
    .values({ id: newId(), user_id: input.userId, bot_id: input.botId, interaction_type: "share" })
    .onConflict((oc) => oc.columns(["user_id", "bot_id", "interaction_type"]).doNothing())
    .execute();
}

/** One 1–5 rating per user and bot (a new score replaces theirs); rating = the average. */
export async function rateBot({ db, d1 }: Deps, input: { userId: string; botId: string; score: number }) {
  const { userId, botId, score } = input;
  await batch(d1, [
    db
      .insertInto("bot_ratings")
      .values({ user_id: userId, bot_id: botId, score })
      .onConflict((oc) =>
        oc
          .columns(["user_id", "bot_id"])
          .doUpdateSet({ score, updated_at: sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` }),
      ),
    db
      .updateTable("bots")
      .set({
        rating: sql<number | null>`(SELECT AVG(score) FROM bot_ratings WHERE bot_id = ${botId})`,
        rating_count: sql<number>`(SELECT COUNT(*) FROM bot_ratings WHERE bot_id = ${botId})`,
      })
      .where("id", "=", botId),
  ]);
}

/** The reasons moderation_reports.reason allows, in the order the form lists them. */
export const REPORT_REASON_VALUES = [
  "spam",
  "harassment",
  "illegal",
  "nsfw_unmarked",
  "impersonation",
  "other",
] as const satisfies readonly ReportReason[];

const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  spam: "Spam or advertising",
  harassment: "Harassment or hate",
  illegal: "Illegal content",
  nsfw_unmarked: "Adult content not marked NSFW",
  impersonation: "Impersonates a real person",
  other: "Something else",
};

export const REPORT_REASONS = REPORT_REASON_VALUES.map((value) => ({ value, label: REPORT_REASON_LABELS[value] }));

/** A report goes to the moderation queue (status open) and is noted as an interaction. */
export async function reportBot(
  { db, d1 }: Deps,
  input: { userId: string; botId: string; reason: ReportReason; details: string },
) {
  await batch(d1, [
    db.insertInto("moderation_reports").values({
      id: newId(),
      reporter_id: input.userId,
      bot_id: input.botId,
      reason: input.reason,
      details: input.details,
    }),
    db
      .insertInto("bot_interactions")
      .values({ id: newId(), user_id: input.userId, bot_id: input.botId, interaction_type: "report" })
      .onConflict((oc) => oc.columns(["user_id", "bot_id", "interaction_type"]).doNothing()),
  ]);
}

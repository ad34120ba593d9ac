/**
 * UsageAnalytics: one row per user per UTC day (UNIQUE (user_id, date)), changed in the
 * same D1 batch as the event it counts. Other areas add one line to their batch:
 *
 *   usageAnalyticsIncrement(db, { userId, now, conversationsStarted: 1 })
 *
 * Days are UTC dates so every caller agrees without knowing the user's time zone.
 */
import { sql } from "kysely";
import type { DB } from "#db/schema";
import { newId } from "~/lib/ids";

export interface UsageIncrement {
  userId: string;
  now: Date;
  conversationsStarted?: number;
  messagesSent?: number;
  tokensUsed?: number;
  botsCreated?: number;
  knowledgeAdded?: number;
  sessionSeconds?: number;
}

export const analyticsDay = (now: Date) => now.toISOString().slice(0, 10);

function counts(inc: UsageIncrement) {
  const seconds = Math.max(0, Math.round(inc.sessionSeconds ?? 0));
  return {
    conversations_started: inc.conversationsStarted ?? 0,
    messages_sent: inc.messagesSent ?? 0,
    tokens_used: Math.max(0, Math.round(inc.tokensUsed ?? 0)),
    bots_created: inc.botsCreated ?? 0,
    knowledge_added: inc.knowledgeAdded ?? 0,
    session_seconds: seconds,
    session_duration: Math.floor(seconds / 60),
  };
}

const added = (column: string) =>
  sql<number>`${sql.ref(`usage_analytics.${column}`)} + ${sql.ref(`excluded.${column}`)}`;

const ON_CONFLICT_ADD = {
  conversations_started: added("conversations_started"),
  messages_sent: added("messages_sent"),
  tokens_used: added("tokens_used"),
  bots_created: added("bots_created"),
  knowledge_added: added("knowledge_added"),
  session_seconds: added("session_seconds"),
  session_duration: sql<number>`(usage_analytics.session_seconds + excluded.session_seconds) / 60`,
};

/** The upsert that adds these counts to the user's row for the day: one query for your batch. */
export function usageAnalyticsIncrement(db: DB, inc: UsageIncrement) {
  return db
    .insertInto("usage_analytics")
    .values({ id: newId(), user_id: inc.userId, date: analyticsDay(inc.now), ...counts(inc) })
    .onConflict((oc) => oc.columns(["user_id", "date"]).doUpdateSet(ON_CONFLICT_ADD));
}

/**
 * The same upsert, applied only if this reply was not counted before (settled hooks may
 * run twice). Put `settledReplyMark` after it in the same batch.
 */
export function usageAnalyticsIncrementOnce(db: DB, messageId: string, inc: UsageIncrement) {
  const c = counts(inc);
  return db
    .insertInto("usage_analytics")
    .columns([
      "id",
      "user_id",
      "date",
      "conversations_started",
      "messages_sent",
      "tokens_used",
      "bots_created",
      "knowledge_added",
      "session_seconds",
      "session_duration",
    ])
    .expression(
      db
        .selectNoFrom([
          sql<string>`${newId()}`.as("id"),
          sql<string>`${inc.userId}`.as("user_id"),
          sql<string>`${analyticsDay(inc.now)}`.as("date"),
          sql<number>`${c.conversations_started}`.as("conversations_started"),
          sql<number>`${c.messages_sent}`.as("messages_sent"),
          sql<number>`${c.tokens_used}`.as("tokens_used"),
          sql<number>`${c.bots_created}`.as("bots_created"),
          sql<number>`${c.knowledge_added}`.as("knowledge_added"),
          sql<number>`${c.session_seconds}`.as("session_seconds"),
          sql<number>`${c.session_duration}`.as("session_duration"),
        ])
        // An upsert's SELECT needs a WHERE (SQLite's parse rule for INSERT … SELECT … ON
        // CONFLICT); ours is the real condition: this reply has no mark yet.
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom("analytics_settled_replies").select("message_id").where("message_id", "=", messageId),
            ),
          ),
        ),
    )
    .onConflict((oc) => oc.columns(["user_id", "date"]).doUpdateSet(ON_CONFLICT_ADD));
}

export function settledReplyMark(db: DB, messageId: string, now: Date) {
  return db
    .insertInto("analytics_settled_replies")
    .values({ message_id: messageId, settled_at: now.toISOString() })
    .onConflict((oc) => oc.column("message_id").doNothing());
}

export interface UsageDay {
  date: string;
  conversations_started: number;
  messages_sent: number;
  tokens_used: number;
  bots_created: number;
  knowledge_added: number;
  session_duration: number;
}

/** A user's rows from `from` to `to` (inclusive UTC dates), by the unique index. */
export function usageDaysQuery(db: DB, userId: string, from: string, to: string) {
  return db
    .selectFrom("usage_analytics")
    .select([
      "date",
      "conversations_started",
      "messages_sent",
      "tokens_used",
      "bots_created",
      "knowledge_added",
      "session_duration",
    ])
    .where("user_id", "=", userId)
    .where("date", ">=", from)
    .where("date", "<=", to)
    .orderBy("date");
}

/** The last `count` UTC dates ending today, oldest first. */
export function lastDays(now: Date, count: number): string[] {
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i--) days.push(new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10));
  return days;
}

/** Rows filled out to one per day (days with no row are zeros). */
export function fillDays(days: string[], rows: UsageDay[]): UsageDay[] {
  const byDate = new Map(rows.map((r) => [r.date, r]));
  return days.map(
    (date) =>
      byDate.get(date) ?? {
        date,
        conversations_started: 0,
        messages_sent: 0,
        tokens_used: 0,
        bots_created: 0,
        knowledge_added: 0,
        session_duration: 0,
      },
  );
}

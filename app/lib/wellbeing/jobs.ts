/**
 * Wellbeing and analytics work for the hourly Cron Trigger (SCHEDULED_JOBS). Each job is
 * idempotent: it writes values computed from the rows and the scheduled time alone, so a
 * second run for the same moment writes the same values again.
 */
import { batch } from "#db/batch";
import type { ScheduledJob } from "~/lib/scheduled/jobs";
import { newId } from "~/lib/ids";
import { pruneExpiredMemories } from "~/lib/memory/conversation-memory";
import { createServices } from "~/lib/services";
import { memoryInsight, personaMetrics, type MemoryFacts } from "~/lib/analytics/insights";
import { localClock } from "./limits/clock";
import { countersRunning, effectiveLimits, type SelfModerationRow } from "./limits/state";

const PAGE = 200;
const CHUNK = 50; // ids per IN (…) list: D1 allows 100 bound parameters per query

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Usage resets at each user's own midnight / Monday, and pending limit changes whose
 * cool-down has passed become the limits. (Reads already treat old counters as zero;
 * this keeps the stored numbers honest too.) Only rows whose day could have changed
 * are read: a local date is never more than a day away from the UTC date.
 */
export const usageResetJob: ScheduledJob = {
  name: "wellbeing-usage-reset",
  async run({ env, db, now }) {
    const tomorrowUtc = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
    const nowIso = now.toISOString();
    const rows = (await db
      .selectFrom("self_moderation")
      .select([
        "user_id",
        "time_zone",
        "usage_day",
        "usage_week",
        "usage_day_ends_at",
        "usage_week_ends_at",
        "daily_limit",
        "weekly_limit",
        "pending_daily_limit",
        "pending_weekly_limit",
        "pending_effective_at",
      ])
      .where((eb) => eb.or([eb("usage_day", "<", tomorrowUtc), eb("pending_effective_at", "<=", nowIso)]))
      .where((eb) =>
        eb.or([
          eb("daily_usage_seconds", ">", 0),
          eb("weekly_usage_seconds", ">", 0),
          eb("pending_effective_at", "<=", nowIso),
        ]),
      )
      .limit(1000)
      .execute()) as Pick<
      SelfModerationRow,
      | "user_id"
      | "time_zone"
      | "usage_day"
      | "usage_week"
      | "usage_day_ends_at"
      | "usage_week_ends_at"
      | "daily_limit"
      | "weekly_limit"
      | "pending_daily_limit"
      | "pending_weekly_limit"
      | "pending_effective_at"
    >[];
    const updates = rows.flatMap((row) => {
      const clock = localClock(now, row.time_zone);
      // A counter ends at its own end instant, not when the zone's date differs (0024); its
      // end stays stored, since the next counter is measured from it.
      const running = countersRunning(row, now);
      const set: Record<string, unknown> = {};
      if (!running.day) Object.assign(set, { daily_usage_seconds: 0, current_daily_usage: 0, usage_day: clock.date });
      if (!running.week)
        Object.assign(set, { weekly_usage_seconds: 0, current_weekly_usage: 0, usage_week: clock.weekStart });
      if (row.pending_effective_at && Date.parse(row.pending_effective_at) <= now.getTime()) {
        const limits = effectiveLimits(row as SelfModerationRow, now);
        Object.assign(set, {
          daily_limit: limits.daily,
          weekly_limit: limits.weekly,
          pending_daily_limit: null,
          pending_weekly_limit: null,
          pending_effective_at: null,
        });
      }
      return Object.keys(set).length === 0
        ? []
        : [db.updateTable("self_moderation").set(set).where("user_id", "=", row.user_id)];
    });
    for (const group of chunks(updates, 50)) await batch(env.DB, group);
  },
};

/** MemoryInsights for conversations active in the last two hours (the hourly run overlaps). */
export const memoryInsightsJob: ScheduledJob = {
  name: "analytics-memory-insights",
  async run({ env, db, now }) {
    const since = new Date(now.getTime() - 2 * 3_600_000).toISOString();
    const conversations = await db
      .selectFrom("conversations")
      .select(["id", "user_id"])
      .where("last_message_at", ">=", since)
      .where("last_message_at", "<=", now.toISOString())
      .orderBy("last_message_at", "desc")
      .limit(PAGE)
      .execute();
    for (const group of chunks(conversations, CHUNK)) {
      const memories = await db
        .selectFrom("memories")
        .select(["conversation_id", "importance", "memory_type", "access_count", "summary", "content", "created_at"])
        .where(
          "conversation_id",
          "in",
          group.map((c) => c.id),
        )
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now.toISOString())]))
        .execute();
      const byConversation = new Map<string, MemoryFacts[]>();
      for (const m of memories)
        byConversation.set(m.conversation_id!, [...(byConversation.get(m.conversation_id!) ?? []), m]);
      const writes = group.map((c) => {
        const insight = memoryInsight(byConversation.get(c.id) ?? []);
        const values = { ...insight, key_events: JSON.stringify(insight.key_events), computed_at: now.toISOString() };
        return db
          .insertInto("memory_insights")
          .values({ id: newId(), user_id: c.user_id, conversation_id: c.id, ...values })
          .onConflict((oc) => oc.column("conversation_id").doUpdateSet(values));
      });
      if (writes.length > 0) await batch(env.DB, writes);
    }
  },
};

/** PersonaAnalytics for personas whose conversations were active in the last two hours. */
export const personaAnalyticsJob: ScheduledJob = {
  name: "analytics-persona",
  async run({ env, db, now }) {
    const since = new Date(now.getTime() - 2 * 3_600_000).toISOString();
    const personas = await db
      .selectFrom("conversations")
      .select("persona_id")
      .distinct()
      .where("last_message_at", ">=", since)
      .where("last_message_at", "<=", now.toISOString())
      .where("persona_id", "is not", null)
      .limit(PAGE)
      .execute();
    for (const { persona_id } of personas) {
      const personaId = persona_id!;
      const [counted, recent] = await batch(env.DB, [
        db
          .selectFrom("conversations")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("persona_id", "=", personaId),
        db
          .selectFrom("conversations")
          .select("id")
          .where("persona_id", "=", personaId)
          .orderBy("last_message_at", "desc")
          .limit(20),
      ] as const);
      const ids = recent.map((r) => r.id);
      const messages =
        ids.length === 0
          ? []
          : await db
              .selectFrom("messages")
              .select(["conversation_id", "role", "created_at"])
              .where("conversation_id", "in", ids)
              .where("created_at", "<=", now.toISOString())
              .limit(5000)
              .execute();
      const sample = ids.map((id) => {
        const mine = messages.filter((m) => m.conversation_id === id);
        return {
          messageTimes: mine.map((m) => m.created_at),
          userMessages: mine.filter((m) => m.role === "user").length,
        };
      });
      const metrics = { ...personaMetrics(Number(counted[0]?.n ?? 0), sample, now), computed_at: now.toISOString() };
      await db
        .insertInto("persona_analytics")
        .values({ id: newId(), persona_id: personaId, ...metrics })
        .onConflict((oc) => oc.column("persona_id").doUpdateSet(metrics))
        .execute();
    }
  },
};

/** Memories past their expiry are deleted with their vectors (the memory area's own
 * pruneExpiredMemories); usage marks older than 30 days are dropped. */
export const pruneJob: ScheduledJob = {
  name: "wellbeing-prune",
  async run({ env, db, now }) {
    const owners = await db
      .selectFrom("memories")
      .select("user_id")
      .distinct()
      .where("expires_at", "is not", null)
      .where("expires_at", "<=", now.toISOString())
      .limit(50)
      .execute();
    if (owners.length > 0) {
      const services = createServices(env);
      for (const { user_id } of owners) await pruneExpiredMemories({ db, services, userId: user_id, now });
    }
    const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    await db.deleteFrom("analytics_settled_replies").where("settled_at", "<", monthAgo).execute();
  },
};

export const WELLBEING_JOBS: ScheduledJob[] = [usageResetJob, memoryInsightsJob, personaAnalyticsJob, pruneJob];

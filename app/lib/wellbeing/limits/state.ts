/**
 * Self-moderation state and the rules that read it. Pure functions over a row, so the
 * chat gate, the settled hook, the limits page and the scheduled reset agree exactly.
 *
 * Usage is measured on the server from chat activity: each settled reply is an activity
 * point, and the time since the previous point counts only when it is at most
 * ACTIVE_GAP_SECONDS (someone reading and typing); a longer gap is time away.
 */
import { sql } from "kysely";
import type { DB } from "#db/schema";
import { newId } from "~/lib/ids";
import { localClock, nextLocalMidnight, nextLocalWeekStart } from "./clock";

/** A gap longer than this between chat activity is not counted as use. */
export const ACTIVE_GAP_SECONDS = 5 * 60;
/** A gap at least this long is a real break: the break-reminder clock starts again. */
export const BREAK_GAP_SECONDS = 15 * 60;
/** Raising or removing a limit takes effect after this long, so a limit means something. */
export const RAISE_COOL_DOWN_MINUTES = 24 * 60;
/** The AI disclosure repeats after this much use (New York: at least every 3 hours). */
export const DISCLOSURE_EVERY_SECONDS = 3 * 60 * 60;
/** Known minors get a break reminder at least this often, whatever they set. */
export const MINOR_MAX_BREAK_MINUTES = 180;

export const SELF_MODERATION_COLUMNS = [
  "user_id",
  "daily_limit",
  "weekly_limit",
  "break_reminder_interval",
  "night_mode_enabled",
  "night_mode_start",
  "night_mode_end",
  "night_mode_stop",
  "intervention_triggers",
  "time_zone",
  "crisis_region",
  "pending_daily_limit",
  "pending_weekly_limit",
  "pending_effective_at",
  "usage_day",
  "usage_week",
  "daily_usage_seconds",
  "weekly_usage_seconds",
  "last_activity_at",
  "break_usage_seconds",
  "disclosure_usage_seconds",
] as const;

export interface SelfModerationRow {
  user_id: string;
  daily_limit: number | null;
  weekly_limit: number | null;
  break_reminder_interval: number | null;
  night_mode_enabled: 0 | 1;
  night_mode_start: string | null;
  night_mode_end: string | null;
  night_mode_stop: 0 | 1;
  intervention_triggers: string;
  time_zone: string;
  crisis_region: string | null;
  pending_daily_limit: number | null;
  pending_weekly_limit: number | null;
  pending_effective_at: string | null;
  usage_day: string | null;
  usage_week: string | null;
  daily_usage_seconds: number;
  weekly_usage_seconds: number;
  last_activity_at: string | null;
  break_usage_seconds: number;
  disclosure_usage_seconds: number;
}

/** The row a user has before they ever open /wellbeing/limits. */
export function defaultSelfModeration(userId: string): SelfModerationRow {
  return {
    user_id: userId,
    daily_limit: null,
    weekly_limit: null,
    break_reminder_interval: null,
    night_mode_enabled: 0,
    night_mode_start: null,
    night_mode_end: null,
    night_mode_stop: 0,
    intervention_triggers: "{}",
    time_zone: "UTC",
    crisis_region: null,
    pending_daily_limit: null,
    pending_weekly_limit: null,
    pending_effective_at: null,
    usage_day: null,
    usage_week: null,
    daily_usage_seconds: 0,
    weekly_usage_seconds: 0,
    last_activity_at: null,
    break_usage_seconds: 0,
    disclosure_usage_seconds: 0,
  };
}

export function selfModerationQuery(db: DB, userId: string) {
  return db.selectFrom("self_moderation").select(SELF_MODERATION_COLUMNS).where("user_id", "=", userId);
}

export async function loadSelfModeration(db: DB, userId: string): Promise<SelfModerationRow> {
  const row = await selfModerationQuery(db, userId).executeTakeFirst();
  return (row as SelfModerationRow | undefined) ?? defaultSelfModeration(userId);
}

/** Limits in force now: a pending change applies once its cool-down has passed (0 = none). */
export function effectiveLimits(row: SelfModerationRow, now: Date): { daily: number | null; weekly: number | null; pendingAt: Date | null } {
  const due = row.pending_effective_at !== null && Date.parse(row.pending_effective_at) <= now.getTime();
  if (!due) return { daily: row.daily_limit, weekly: row.weekly_limit, pendingAt: row.pending_effective_at ? new Date(row.pending_effective_at) : null };
  const pick = (pending: number | null, current: number | null) => (pending === null ? current : pending === 0 ? null : pending);
  return { daily: pick(row.pending_daily_limit, row.daily_limit), weekly: pick(row.pending_weekly_limit, row.weekly_limit), pendingAt: null };
}

/** Usage as of now, with the lazy reset: counters from an earlier local day/week read as 0. */
export function currentUsage(row: SelfModerationRow, now: Date): { dailySeconds: number; weeklySeconds: number; day: string; week: string } {
  const clock = localClock(now, row.time_zone);
  return {
    dailySeconds: row.usage_day === clock.date ? row.daily_usage_seconds : 0,
    weeklySeconds: row.usage_week === clock.weekStart ? row.weekly_usage_seconds : 0,
    day: clock.date,
    week: clock.weekStart,
  };
}

export type LimitVerdict = { kind: "ok" } | { kind: "daily" | "weekly"; limitMinutes: number; resetsAt: Date };

/** Past the daily or weekly limit? A limit of N minutes is reached at N × 60 seconds of use. */
export function limitVerdict(row: SelfModerationRow, now: Date): LimitVerdict {
  const limits = effectiveLimits(row, now);
  const usage = currentUsage(row, now);
  if (limits.daily !== null && usage.dailySeconds >= limits.daily * 60) return { kind: "daily", limitMinutes: limits.daily, resetsAt: nextLocalMidnight(now, row.time_zone) };
  if (limits.weekly !== null && usage.weeklySeconds >= limits.weekly * 60) return { kind: "weekly", limitMinutes: limits.weekly, resetsAt: nextLocalWeekStart(now, row.time_zone) };
  return { kind: "ok" };
}

/** The break-reminder interval in force: the user's, capped at 3 hours for known minors. */
export function breakIntervalMinutes(row: SelfModerationRow, ageGroup: string | null | undefined): number | null {
  if (ageGroup === "minor") return Math.min(row.break_reminder_interval ?? MINOR_MAX_BREAK_MINUTES, MINOR_MAX_BREAK_MINUTES);
  return row.break_reminder_interval;
}

/** Seconds of use that a new activity point at `now` adds after the previous one. */
export function creditedSeconds(lastActivityAt: string | null, now: Date): number {
  if (!lastActivityAt) return 0;
  const gap = Math.floor((now.getTime() - Date.parse(lastActivityAt)) / 1000);
  return gap > 0 && gap <= ACTIVE_GAP_SECONDS ? gap : 0;
}

/**
 * One activity point at `now`: the upsert that credits the gap since the last point to
 * today's and this week's usage (new counters when the user's local day/week changed),
 * and to the break and disclosure clocks; current_daily_usage / current_weekly_usage
 * keep the same numbers in whole minutes. Everything is computed in SQL from the stored
 * row, so concurrent replies never overwrite each other, and running it twice for the
 * same `now` adds nothing (the second gap is zero).
 */
export function recordActivity(db: DB, user: { userId: string; timeZone: string }, now: Date) {
  const nowIso = now.toISOString();
  const clock = localClock(now, user.timeZone);
  const last = sql.ref("self_moderation.last_activity_at");
  const gap = sql<number>`CAST(round((julianday(${nowIso}) - julianday(${last})) * 86400) AS INTEGER)`;
  const credited = sql<number>`(CASE WHEN ${last} IS NULL THEN 0 WHEN ${gap} > 0 AND ${gap} <= ${ACTIVE_GAP_SECONDS} THEN ${gap} ELSE 0 END)`;
  const daily = sql<number>`(CASE WHEN self_moderation.usage_day = ${clock.date} THEN self_moderation.daily_usage_seconds ELSE 0 END + ${credited})`;
  const weekly = sql<number>`(CASE WHEN self_moderation.usage_week = ${clock.weekStart} THEN self_moderation.weekly_usage_seconds ELSE 0 END + ${credited})`;
  return db
    .insertInto("self_moderation")
    .values({ id: newId(), user_id: user.userId, last_activity_at: nowIso, usage_day: clock.date, usage_week: clock.weekStart })
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet({
        daily_usage_seconds: daily,
        weekly_usage_seconds: weekly,
        current_daily_usage: sql<number>`${daily} / 60`,
        current_weekly_usage: sql<number>`${weekly} / 60`,
        break_usage_seconds: sql<number>`CASE WHEN ${last} IS NOT NULL AND ${gap} >= ${BREAK_GAP_SECONDS} THEN 0 ELSE self_moderation.break_usage_seconds + ${credited} END`,
        disclosure_usage_seconds: sql<number>`self_moderation.disclosure_usage_seconds + ${credited}`,
        usage_day: clock.date,
        usage_week: clock.weekStart,
        last_activity_at: sql<string>`max(coalesce(${last}, ''), ${nowIso})`,
        updated_at: nowIso,
      }),
    );
}

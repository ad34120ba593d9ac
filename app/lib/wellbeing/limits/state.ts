/**
 * Self-moderation state and the rules that read it. Pure functions over a row, so the
 * chat gate, the settled hook, the limits page and the scheduled reset agree exactly.
 *
 * Usage is measured on the server from chat activity: each settled reply is an activity
 * point, and the time since the previous point counts only when it is at most
 * ACTIVE_GAP_SECONDS (someone reading and typing); a longer gap is time away.
 *
 * The daily and weekly counters each hold the instant they end (docs/decisions/0024): a
 * counter starts at the first activity after the previous one ended and ends at the next
 * local midnight / Monday *in the zone chosen then*. Changing the zone later never ends a
 * running counter, and a new day is never shorter than MIN_DAY_MS, so switching zones
 * cannot buy extra minutes.
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
/** A new daily counter ends at the first local midnight at least this long after the
 * previous one ended (22 h: a DST day is 23 h), so hopping to a zone whose midnight is
 * near cannot start a fresh day early. */
export const MIN_DAY_MS = 22 * 3_600_000;
/** Likewise for weeks: the next Monday at least six days after the previous week ended. */
export const MIN_WEEK_MS = 6 * 86_400_000;
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
  "usage_day_ends_at",
  "usage_week_ends_at",
  "pending_night_mode",
  "pending_night_mode_at",
  "time_zone_chosen",
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
  usage_day_ends_at: string | null;
  usage_week_ends_at: string | null;
  pending_night_mode: string | null;
  pending_night_mode_at: string | null;
  time_zone_chosen: 0 | 1;
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
    usage_day_ends_at: null,
    usage_week_ends_at: null,
    pending_night_mode: null,
    pending_night_mode_at: null,
    time_zone_chosen: 0,
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
export function effectiveLimits(
  row: SelfModerationRow,
  now: Date,
): { daily: number | null; weekly: number | null; pendingAt: Date | null } {
  const due = row.pending_effective_at !== null && Date.parse(row.pending_effective_at) <= now.getTime();
  if (!due)
    return {
      daily: row.daily_limit,
      weekly: row.weekly_limit,
      pendingAt: row.pending_effective_at ? new Date(row.pending_effective_at) : null,
    };
  const pick = (pending: number | null, current: number | null) =>
    pending === null ? current : pending === 0 ? null : pending;
  return {
    daily: pick(row.pending_daily_limit, row.daily_limit),
    weekly: pick(row.pending_weekly_limit, row.weekly_limit),
    pendingAt: null,
  };
}

type CounterRow = Pick<
  SelfModerationRow,
  "time_zone" | "usage_day" | "usage_week" | "usage_day_ends_at" | "usage_week_ends_at"
>;

/** Is the stored daily / weekly counter still running at `now`? By its end instant; rows
 * from before 0015 have none and are read by their local date until their next activity. */
export function countersRunning(row: CounterRow, now: Date): { day: boolean; week: boolean } {
  const nowIso = now.toISOString();
  const clock =
    row.usage_day_ends_at === null || row.usage_week_ends_at === null ? localClock(now, row.time_zone) : null;
  return {
    day: row.usage_day_ends_at !== null ? row.usage_day_ends_at > nowIso : row.usage_day === clock!.date,
    week: row.usage_week_ends_at !== null ? row.usage_week_ends_at > nowIso : row.usage_week === clock!.weekStart,
  };
}

/** When the daily / weekly counter running at `now` ends: the stored end while it runs;
 * otherwise the end a counter starting now gets (next local midnight / Monday in the zone
 * in force, but never sooner than MIN_DAY_MS / MIN_WEEK_MS after the previous end). */
export function counterEnds(row: CounterRow, now: Date): { dayEndsAt: Date; weekEndsAt: Date } {
  const running = countersRunning(row, now);
  const fresh = freshCounterEnds(row.time_zone, { day: row.usage_day_ends_at, week: row.usage_week_ends_at }, now);
  return {
    dayEndsAt: running.day
      ? row.usage_day_ends_at
        ? new Date(row.usage_day_ends_at)
        : nextLocalMidnight(now, row.time_zone)
      : fresh.dayEndsAt,
    weekEndsAt: running.week
      ? row.usage_week_ends_at
        ? new Date(row.usage_week_ends_at)
        : nextLocalWeekStart(now, row.time_zone)
      : fresh.weekEndsAt,
  };
}

/** The ends of counters starting at `now` in `timeZone`, after counters that ended at `previous`. */
function freshCounterEnds(
  timeZone: string,
  previous: { day: string | null | undefined; week: string | null | undefined },
  now: Date,
): { dayEndsAt: Date; weekEndsAt: Date } {
  const notBefore = (end: string | null | undefined, min: number) =>
    new Date(Math.max(now.getTime(), end ? Date.parse(end) + min : 0));
  return {
    dayEndsAt: nextLocalMidnight(notBefore(previous.day, MIN_DAY_MS), timeZone),
    weekEndsAt: nextLocalWeekStart(notBefore(previous.week, MIN_WEEK_MS), timeZone),
  };
}

/** Usage as of now, with the lazy reset: counters that have ended read as 0. */
export function currentUsage(
  row: SelfModerationRow,
  now: Date,
): { dailySeconds: number; weeklySeconds: number; dayEndsAt: Date; weekEndsAt: Date } {
  const running = countersRunning(row, now);
  return {
    dailySeconds: running.day ? row.daily_usage_seconds : 0,
    weeklySeconds: running.week ? row.weekly_usage_seconds : 0,
    ...counterEnds(row, now),
  };
}

export type LimitVerdict = { kind: "ok" } | { kind: "daily" | "weekly"; limitMinutes: number; resetsAt: Date };

/** Past the daily or weekly limit? A limit of N minutes is reached at N × 60 seconds of use. */
export function limitVerdict(row: SelfModerationRow, now: Date): LimitVerdict {
  const limits = effectiveLimits(row, now);
  const usage = currentUsage(row, now);
  if (limits.daily !== null && usage.dailySeconds >= limits.daily * 60)
    return { kind: "daily", limitMinutes: limits.daily, resetsAt: usage.dayEndsAt };
  if (limits.weekly !== null && usage.weeklySeconds >= limits.weekly * 60)
    return { kind: "weekly", limitMinutes: limits.weekly, resetsAt: usage.weekEndsAt };
  return { kind: "ok" };
}

/** The break-reminder interval in force: the user's, capped at 3 hours for known minors. */
export function breakIntervalMinutes(row: SelfModerationRow, ageGroup: string | null | undefined): number | null {
  if (ageGroup === "minor")
    return Math.min(row.break_reminder_interval ?? MINOR_MAX_BREAK_MINUTES, MINOR_MAX_BREAK_MINUTES);
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
 * today's and this week's usage (new counters once the running ones have ended),
 * and to the break and disclosure clocks; current_daily_usage / current_weekly_usage
 * keep the same numbers in whole minutes. Everything is computed in SQL from the stored
 * row, so concurrent replies never overwrite each other, and running it twice for the
 * same `now` adds nothing (the second gap is zero).
 */
export function recordActivity(
  db: DB,
  user: { userId: string; timeZone: string; dayEndsAt?: string | null; weekEndsAt?: string | null },
  now: Date,
) {
  const nowIso = now.toISOString();
  const clock = localClock(now, user.timeZone);
  // The ends a counter starting now gets, from the previous ends as read (whether the
  // stored counter still runs is decided below, in SQL, from the row as written).
  const fresh = freshCounterEnds(user.timeZone, { day: user.dayEndsAt, week: user.weekEndsAt }, now);
  const dayEnds = fresh.dayEndsAt.toISOString();
  const weekEnds = fresh.weekEndsAt.toISOString();
  const last = sql.ref("self_moderation.last_activity_at");
  const gap = sql<number>`CAST(round((julianday(${nowIso}) - julianday(${last})) * 86400) AS INTEGER)`;
  const credited = sql<number>`(CASE WHEN ${last} IS NULL THEN 0 WHEN ${gap} > 0 AND ${gap} <= ${ACTIVE_GAP_SECONDS} THEN ${gap} ELSE 0 END)`;
  // Still running: its end is later than now (or, for a row from before 0015, its local date is today).
  const dayRuns = sql<boolean>`(self_moderation.usage_day_ends_at > ${nowIso} OR (self_moderation.usage_day_ends_at IS NULL AND self_moderation.usage_day = ${clock.date}))`;
  const weekRuns = sql<boolean>`(self_moderation.usage_week_ends_at > ${nowIso} OR (self_moderation.usage_week_ends_at IS NULL AND self_moderation.usage_week = ${clock.weekStart}))`;
  const daily = sql<number>`(CASE WHEN ${dayRuns} THEN self_moderation.daily_usage_seconds ELSE 0 END + ${credited})`;
  const weekly = sql<number>`(CASE WHEN ${weekRuns} THEN self_moderation.weekly_usage_seconds ELSE 0 END + ${credited})`;
  const legacyDayEnds = nextLocalMidnight(now, user.timeZone).toISOString();
  const legacyWeekEnds = nextLocalWeekStart(now, user.timeZone).toISOString();
  return db
    .insertInto("self_moderation")
    .values({
      id: newId(),
      user_id: user.userId,
      last_activity_at: nowIso,
      usage_day: clock.date,
      usage_week: clock.weekStart,
      usage_day_ends_at: dayEnds,
      usage_week_ends_at: weekEnds,
    })
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
        usage_day_ends_at: sql<string>`CASE WHEN self_moderation.usage_day_ends_at > ${nowIso} THEN self_moderation.usage_day_ends_at WHEN ${dayRuns} THEN ${legacyDayEnds} ELSE ${dayEnds} END`,
        usage_week_ends_at: sql<string>`CASE WHEN self_moderation.usage_week_ends_at > ${nowIso} THEN self_moderation.usage_week_ends_at WHEN ${weekRuns} THEN ${legacyWeekEnds} ELSE ${weekEnds} END`,
        last_activity_at: sql<string>`max(coalesce(${last}, ''), ${nowIso})`,
        updated_at: nowIso,
      }),
    );
}

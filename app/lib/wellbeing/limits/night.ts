/**
 * Night mode's settings as one value, and the rule that keeps "stop me" meaningful: a
 * change that would let someone chat at a moment "stop me" now refuses (turning it off,
 * turning night mode off, moving or shortening its hours, or reading them in another time
 * zone) waits RAISE_COOL_DOWN_MINUTES, like raising a limit. Turning it on, or widening
 * its hours, applies at once. The waiting settings live in `pending_night_mode` (JSON).
 */
import { inWindow, isValidTimeZone, parseClockTime } from "./clock";
import type { SelfModerationRow } from "./state";

export interface NightSettings {
  enabled: boolean;
  start: string | null;
  end: string | null;
  stop: boolean;
  /** Night mode is read on this clock, so the zone is part of when "stop me" refuses. */
  timeZone: string;
}

type NightRow = Pick<
  SelfModerationRow,
  | "night_mode_enabled"
  | "night_mode_start"
  | "night_mode_end"
  | "night_mode_stop"
  | "time_zone"
  | "pending_night_mode"
  | "pending_night_mode_at"
>;

export function storedNight(row: NightRow): NightSettings {
  return {
    enabled: row.night_mode_enabled === 1,
    start: row.night_mode_start,
    end: row.night_mode_end,
    stop: row.night_mode_stop === 1,
    timeZone: row.time_zone,
  };
}

/** The waiting settings, or null when none (or when the stored JSON is not a NightSettings). */
export function parsePendingNight(json: string | null): NightSettings | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as Partial<NightSettings>;
    const time = (t: unknown) => t === null || (typeof t === "string" && parseClockTime(t) !== null);
    if (
      typeof v.enabled !== "boolean" ||
      typeof v.stop !== "boolean" ||
      !time(v.start) ||
      !time(v.end) ||
      typeof v.timeZone !== "string" ||
      !isValidTimeZone(v.timeZone)
    )
      return null;
    return { enabled: v.enabled, start: v.start ?? null, end: v.end ?? null, stop: v.stop, timeZone: v.timeZone };
  } catch {
    return null;
  }
}

/** Night-mode settings in force now (a waiting change applies once its time has come), and the change still waiting. */
export function nightInForce(
  row: NightRow,
  now: Date,
): { settings: NightSettings; pending: NightSettings | null; pendingAt: Date | null } {
  const pending = parsePendingNight(row.pending_night_mode);
  const at = pending && row.pending_night_mode_at ? new Date(row.pending_night_mode_at) : null;
  if (pending && at && at.getTime() <= now.getTime()) return { settings: pending, pending: null, pendingAt: null };
  return { settings: storedNight(row), pending: at ? pending : null, pendingAt: at };
}

/** The row as it reads now: a night-mode change whose wait is over folded in. */
export function withNightInForce<T extends NightRow>(row: T, now: Date): T {
  const { settings, pendingAt } = nightInForce(row, now);
  if (pendingAt !== null || row.pending_night_mode === null) return row;
  return { ...row, ...nightColumns(settings), pending_night_mode: null, pending_night_mode_at: null };
}

export function nightColumns(s: NightSettings) {
  return {
    night_mode_enabled: s.enabled ? (1 as const) : (0 as const),
    night_mode_start: s.start,
    night_mode_end: s.end,
    night_mode_stop: s.stop ? (1 as const) : (0 as const),
    time_zone: s.timeZone,
  };
}

/** The minutes of the day "stop me" refuses under these settings (empty when it never does). */
function stoppedWindow(s: NightSettings): { start: number; end: number } | null {
  const start = parseClockTime(s.start);
  const end = parseClockTime(s.end);
  return s.enabled && s.stop && start !== null && end !== null && start !== end ? { start, end } : null;
}

/** Would `next` let someone chat at some moment `current` refuses? A zone change while
 * "stop me" is on counts (it moves the hours in real time), unless nothing was stopped. */
export function loosensStop(current: NightSettings, next: NightSettings): boolean {
  const before = stoppedWindow(current);
  if (before === null) return false;
  const after = stoppedWindow(next);
  if (after === null || next.timeZone !== current.timeZone) return true;
  for (let minute = 0; minute < 1440; minute++) {
    if (inWindow(minute, before.start, before.end) && !inWindow(minute, after.start, after.end)) return true;
  }
  return false;
}

export function sameNight(a: NightSettings, b: NightSettings): boolean {
  return (
    a.enabled === b.enabled && a.start === b.start && a.end === b.end && a.stop === b.stop && a.timeZone === b.timeZone
  );
}

/**
 * What saving the limits form does to the stored limits. Lowering a limit (or adding one)
 * applies at once; raising or removing one waits RAISE_COOL_DOWN_MINUTES, so a limit set
 * in a calm moment still holds in an impulsive one. Night mode's "stop me" is held the
 * same way (planNightMode).
 */
import { loosensStop, nightColumns, nightInForce, sameNight, type NightSettings } from "./night";
import { effectiveLimits, RAISE_COOL_DOWN_MINUTES, type SelfModerationRow } from "./state";

export interface LimitPlan {
  daily_limit: number | null;
  weekly_limit: number | null;
  pending_daily_limit: number | null;
  pending_weekly_limit: number | null;
  pending_effective_at: string | null;
}

type Pending = { value: number | null; changed: boolean } | null;

function planOne(
  current: number | null,
  pending: number | null,
  requested: number | null,
): { now: number | null; pending: Pending } {
  const loosens = current !== null && (requested === null || requested > current);
  if (!loosens) return { now: requested, pending: null };
  const stored = requested ?? 0; // 0 = "remove the limit" once the cool-down passes
  return { now: current, pending: { value: stored, changed: pending !== stored } };
}

export function planLimits(
  row: SelfModerationRow,
  requested: { daily: number | null; weekly: number | null },
  now: Date,
): LimitPlan {
  // First fold in a pending change whose cool-down has passed.
  const inForce = effectiveLimits(row, now);
  const stillPending = inForce.pendingAt !== null;
  const daily = planOne(inForce.daily, stillPending ? row.pending_daily_limit : null, requested.daily);
  const weekly = planOne(inForce.weekly, stillPending ? row.pending_weekly_limit : null, requested.weekly);
  const anyPending = daily.pending !== null || weekly.pending !== null;
  const anyChanged = Boolean(daily.pending?.changed || weekly.pending?.changed);
  const effectiveAt = !anyPending
    ? null
    : anyChanged || !row.pending_effective_at
      ? new Date(now.getTime() + RAISE_COOL_DOWN_MINUTES * 60_000).toISOString()
      : row.pending_effective_at;
  return {
    daily_limit: daily.now,
    weekly_limit: weekly.now,
    pending_daily_limit: daily.pending?.value ?? null,
    pending_weekly_limit: weekly.pending?.value ?? null,
    pending_effective_at: effectiveAt,
  };
}

export interface NightPlan {
  night_mode_enabled: 0 | 1;
  night_mode_start: string | null;
  night_mode_end: string | null;
  night_mode_stop: 0 | 1;
  time_zone: string;
  pending_night_mode: string | null;
  pending_night_mode_at: string | null;
}

/**
 * Night mode and the time zone it is read in: applied at once unless the change would let
 * someone chat when "stop me" now refuses (night.ts) — then the settings in force stay and
 * the requested ones wait RAISE_COOL_DOWN_MINUTES. Asking again for the same waiting change
 * keeps its time; asking for anything that does not loosen replaces it at once.
 */
export function planNightMode(row: SelfModerationRow, requested: NightSettings, now: Date): NightPlan {
  const { settings: inForce, pending, pendingAt } = nightInForce(row, now);
  if (!loosensStop(inForce, requested))
    return { ...nightColumns(requested), pending_night_mode: null, pending_night_mode_at: null };
  const keepTime = pending !== null && pendingAt !== null && sameNight(pending, requested);
  return {
    ...nightColumns(inForce),
    pending_night_mode: JSON.stringify(requested),
    pending_night_mode_at: keepTime
      ? pendingAt.toISOString()
      : new Date(now.getTime() + RAISE_COOL_DOWN_MINUTES * 60_000).toISOString(),
  };
}

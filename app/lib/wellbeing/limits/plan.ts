/**
 * What saving the limits form does to the stored limits. Lowering a limit (or adding one)
 * applies at once; raising or removing one waits RAISE_COOL_DOWN_MINUTES, so a limit set
 * in a calm moment still holds in an impulsive one.
 */
import { effectiveLimits, RAISE_COOL_DOWN_MINUTES, type SelfModerationRow } from "./state";

export interface LimitPlan {
  daily_limit: number | null;
  weekly_limit: number | null;
  pending_daily_limit: number | null;
  pending_weekly_limit: number | null;
  pending_effective_at: string | null;
}

type Pending = { value: number | null; changed: boolean } | null;

function planOne(current: number | null, pending: number | null, requested: number | null): { now: number | null; pending: Pending } {
  const loosens = current !== null && (requested === null || requested > current);
  if (!loosens) return { now: requested, pending: null };
  const stored = requested ?? 0; // 0 = "remove the limit" once the cool-down passes
  return { now: current, pending: { value: stored, changed: pending !== stored } };
}

export function planLimits(row: SelfModerationRow, requested: { daily: number | null; weekly: number | null }, now: Date): LimitPlan {
  // First fold in a pending change whose cool-down has passed.
  const inForce = effectiveLimits(row, now);
  const stillPending = inForce.pendingAt !== null;
  const daily = planOne(inForce.daily, stillPending ? row.pending_daily_limit : null, requested.daily);
  const weekly = planOne(inForce.weekly, stillPending ? row.pending_weekly_limit : null, requested.weekly);
  const anyPending = daily.pending !== null || weekly.pending !== null;
  const anyChanged = Boolean(daily.pending?.changed || weekly.pending?.changed);
  const effectiveAt = !anyPending ? null : anyChanged || !row.pending_effective_at ? new Date(now.getTime() + RAISE_COOL_DOWN_MINUTES * 60_000).toISOString() : row.pending_effective_at;
  return {
    daily_limit: daily.now,
    weekly_limit: weekly.now,
    pending_daily_limit: daily.pending?.value ?? null,
    pending_weekly_limit: weekly.pending?.value ?? null,
    pending_effective_at: effectiveAt,
  };
}

/** Day keys ('YYYY-MM-DD', UTC) for charts over the last N days. */

export const DASHBOARD_DAYS = 30;

/** The last `count` days ending with `now`'s day, oldest first. */
export function lastDays(count: number, now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** The ISO timestamp of the first day's midnight: rows at or after it are "in range". */
export function rangeStart(days: string[]): string {
  return `${days[0]}T00:00:00.000Z`;
}

/** Grouped rows ({day, n}) as one number per day, zero where no row exists. */
export function perDay(days: string[], rows: { day: string; n: number }[]): number[] {
  const byDay = new Map(rows.map((row) => [row.day, Number(row.n)]));
  return days.map((day) => byDay.get(day) ?? 0);
}

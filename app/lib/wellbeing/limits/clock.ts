/**
 * The user's own clock: their local date, the minute of their day and the Monday their
 * week started, in their IANA time zone (Intl, no library). Limits reset at *their*
 * midnight, and night mode is read on *their* clock.
 */
export interface LocalClock {
  /** YYYY-MM-DD in the user's time zone. */
  date: string;
  /** Minutes since the user's local midnight (0–1439). */
  minuteOfDay: number;
  /** YYYY-MM-DD of the Monday that starts the user's week. */
  weekStart: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    });
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function localClock(now: Date, timeZone: string): LocalClock {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const minuteOfDay = Number(parts.hour) * 60 + Number(parts.minute);
  const weekdayIndex = Math.max(0, WEEKDAYS.indexOf(parts.weekday ?? "Mon"));
  return { date, minuteOfDay, weekStart: addDays(date, -weekdayIndex) };
}

/** The instant of the user's next local midnight (correct across DST changes). */
export function nextLocalMidnight(now: Date, timeZone: string): Date {
  const { minuteOfDay } = localClock(now, timeZone);
  const startOfMinute = Math.floor(now.getTime() / 60_000) * 60_000;
  let guess = new Date(startOfMinute + (1440 - minuteOfDay) * 60_000);
  // A DST change today moves midnight by up to an hour: correct once by the local reading.
  const off = localClock(guess, timeZone).minuteOfDay;
  if (off !== 0) guess = new Date(guess.getTime() - (off > 720 ? off - 1440 : off) * 60_000);
  return guess;
}

/** The instant the user's next week (Monday 00:00 local) begins. */
export function nextLocalWeekStart(now: Date, timeZone: string): Date {
  let midnight = nextLocalMidnight(now, timeZone);
  for (let i = 0; i < 7 && localClock(midnight, timeZone).date !== localClock(midnight, timeZone).weekStart; i++) {
    midnight = nextLocalMidnight(new Date(midnight.getTime() + 60_000), timeZone);
  }
  return midnight;
}

/** "22:30" → 1350 minutes; null when malformed. */
export function parseClockTime(value: string | null | undefined): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value ?? "");
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Is this minute of the day inside [start, end)? A window may cross midnight (22:00–07:00). */
export function inWindow(minuteOfDay: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/** "13:05" in the user's zone, for messages ("resets at 00:00 your time"). */
export function formatLocalTime(instant: Date, timeZone: string): string {
  const { minuteOfDay } = localClock(instant, timeZone);
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;
}

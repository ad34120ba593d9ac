/**
 * The time zones a person may pick on /wellbeing/limits: the runtime's own list
 * (Intl.supportedValuesOf), plus UTC, which V8 leaves out of it. A zone is stored by its
 * canonical name, so an alias saved earlier (Asia/Kolkata) still selects its entry.
 */
import { isValidTimeZone } from "./clock";

let cached: readonly string[] | null = null;

export function timeZoneList(): readonly string[] {
  if (!cached) {
    const listed = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    cached = [...new Set(["UTC", ...listed])].sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
  }
  return cached;
}

export function isListedTimeZone(zone: string): boolean {
  return timeZoneList().includes(zone);
}

/** The list's name for a zone (an alias resolves to its canonical entry); null if unknown. */
export function canonicalTimeZone(zone: string | null | undefined): string | null {
  if (!zone || zone.length > 64 || !isValidTimeZone(zone)) return null;
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  return isListedTimeZone(resolved) ? resolved : isListedTimeZone(zone) ? zone : null;
}

/** The zone Cloudflare saw the request come from (request.cf.timezone; absent in local dev). */
export function requestTimeZone(request: Request): string | null {
  const cf = (request as Request & { cf?: { timezone?: unknown } }).cf;
  return typeof cf?.timezone === "string" ? canonicalTimeZone(cf.timezone) : null;
}

/**
 * Times on staff pages in the reader's time zone (their wellbeing setting, else UTC):
 * "15:42" for today, "3 Mar, 15:42" this year, "3 Mar 2025, 15:42" before — each with the
 * zone's short name, so a time is never ambiguous.
 */
import { isValidTimeZone } from "../wellbeing/limits/clock";

export function staffTime(iso: string, timeZone: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  const day = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const year = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric" }).format(d);
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(at);
  if (day(at) === day(now)) return time;
  const date = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    day: "numeric",
    month: "short",
    ...(year(at) === year(now) ? {} : { year: "numeric" }),
  }).format(at);
  return `${date}, ${time}`;
}

/** The :year of /staff/safety/report/:year — four digits, from the first year counted to
 * this one; anything else is a 404 (a report for a year not yet begun says nothing). */
import { notFound } from "~/lib/auth/guards";
import { FIRST_REPORT_YEAR } from "./safety-report";

export function reportYear(param: string | undefined, now = new Date()): number {
  const year = /^\d{4}$/.test(param ?? "") ? Number(param) : NaN;
  if (!(year >= FIRST_REPORT_YEAR && year <= now.getUTCFullYear())) notFound("There is no report for that year.");
  return year;
}

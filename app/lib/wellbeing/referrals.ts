/**
 * Crisis referrals, counted for the yearly report SB 243 asks for: one counter per
 * month, region and language — `referrals` for notices shown after a person's message,
 * `withheld_replies` for bot replies withheld and replaced by the crisis notice. Nothing
 * else is stored — not the message, not the user.
 */
import { sql } from "kysely";
import type { DB } from "#db/schema";

export function referralMonth(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** +1 for this month/region/language; a query to put in the batch of the turn that showed the notice. */
export function crisisReferralIncrement(
  db: DB,
  { now, region, language }: { now: Date; region: string; language: string },
) {
  return db
    .insertInto("crisis_referrals")
    .values({ month: referralMonth(now), region, language, referrals: 1 })
    .onConflict((oc) =>
      oc
        .columns(["month", "region", "language"])
        .doUpdateSet({ referrals: sql<number>`crisis_referrals.referrals + 1` }),
    );
}

/** +1 withheld reply for this month/region/language; put in the batch that saves the withheld message. */
export function withheldReplyIncrement(
  db: DB,
  { now, region, language }: { now: Date; region: string; language: string },
) {
  return db
    .insertInto("crisis_referrals")
    .values({ month: referralMonth(now), region, language, referrals: 0, withheld_replies: 1 })
    .onConflict((oc) =>
      oc
        .columns(["month", "region", "language"])
        .doUpdateSet({ withheld_replies: sql<number>`crisis_referrals.withheld_replies + 1` }),
    );
}

export interface ReferralRow {
  month: string;
  region: string;
  language: string;
  referrals: number;
  withheld_replies: number;
}

/** One year's counts (a year is at most 12 months × regions × languages rows). */
export function referralsForYearQuery(db: DB, year: number) {
  return db
    .selectFrom("crisis_referrals")
    .select(["month", "region", "language", "referrals", "withheld_replies"])
    .where("month", ">=", `${year}-01`)
    .where("month", "<=", `${year}-12`)
    .orderBy("month")
    .orderBy("region")
    .orderBy("language");
}

/** The yearly report's two numbers, summed from the rows already written, in one query. */
export function annualReportQuery(db: DB, year: number) {
  return db
    .selectFrom("crisis_referrals")
    .select([
      sql<number>`COALESCE(SUM(referrals), 0)`.as("referrals"),
      sql<number>`COALESCE(SUM(withheld_replies), 0)`.as("withheld_replies"),
    ])
    .where("month", ">=", `${year}-01`)
    .where("month", "<=", `${year}-12`);
}

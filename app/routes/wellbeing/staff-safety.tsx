/**
 * /staff/safety (staff only; 404 to everyone else) — crisis referrals for one year, shaped
 * like the yearly report SB 243 asks operators to file: the number of times BotCafe
 * showed crisis-service referrals, per month, with region and language, and the replies
 * it withheld (shown with the same crisis notice). The counts hold no message content and
 * no user identifiers. Admins get the yearly report itself at /staff/safety/report/:year.
 */
import { z } from "zod";
import { requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { referralsForYearQuery, type ReferralRow } from "~/lib/wellbeing/referrals";
import { REGION_LABELS, isCrisisRegion } from "~/lib/wellbeing/regions";
import type { Route } from "./+types/staff-safety";

export function meta() {
  return [{ title: "Safety report · Staff · BotCafe" }];
}

const yearSchema = z.coerce.number().int().min(2026).max(2100);

export async function loader({ request, context }: Route.LoaderArgs) {
  const staff = requireStaff({ context });
  const thisYear = new Date().getUTCFullYear();
  const parsed = yearSchema.safeParse(new URL(request.url).searchParams.get("year") ?? thisYear);
  const year = parsed.success ? parsed.data : thisYear;
  const rows = (await referralsForYearQuery(getApp(context).db, year).execute()) as ReferralRow[];
  return { year, thisYear, rows, isAdmin: staff.role === "admin" };
}

const MONTHS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];
const monthName = (m: string) =>
  new Date(`2026-${m}-01T00:00:00Z`).toLocaleDateString("en", { month: "long", timeZone: "UTC" });
const regionName = (r: string) => (isCrisisRegion(r) ? REGION_LABELS[r] : r);
const LANGUAGES: Record<string, string> = { en: "English", es: "Spanish", other: "Other / unknown" };

function totalsBy(rows: ReferralRow[], key: (r: ReferralRow) => string): [string, number][] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(key(r), (totals.get(key(r)) ?? 0) + r.referrals);
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

export default function StaffSafety({ loaderData }: Route.ComponentProps) {
  const { year, thisYear, rows, isAdmin } = loaderData;
  const total = rows.reduce((s, r) => s + r.referrals, 0);
  const withheld = rows.reduce((s, r) => s + r.withheld_replies, 0);
  const byMonth = new Map(totalsBy(rows, (r) => r.month.slice(5, 7)));
  return (
    <div>
      <h1 className="text-2xl font-bold">Crisis referrals — {year}</h1>
      <p className="mt-1 max-w-3xl text-stone-700">
        Each count is one chat turn where BotCafe detected possible suicidal ideation or self-harm and showed
        crisis-service referrals (California SB 243 annual report). Counted per month, region and language only: no
        message content and no user is stored.
      </p>
      <form method="get" className="mt-3 flex items-end gap-2">
        <label className="block">
          <span className="text-sm font-medium">Year</span>
          <select
            name="year"
            defaultValue={String(year)}
            className="mt-1 block rounded border border-stone-300 bg-white px-3 py-2"
          >
            {Array.from({ length: thisYear - 2026 + 1 }, (_, i) => 2026 + i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded border border-stone-300 px-3 py-2">
          Show
        </button>
      </form>

      <p className="mt-4 text-lg">
        Total referrals in {year}: <strong data-testid="referral-total">{total}</strong>
      </p>
      <p className="mt-1">
        Bot replies withheld and replaced by the crisis notice in {year}:{" "}
        <strong data-testid="withheld-total">{withheld}</strong>
      </p>
      {isAdmin ? (
        <p className="mt-2">
          <a href={`/staff/safety/report/${year}`} className="font-medium text-brand-700 underline">
            Annual report for {year} (printable, and as CSV)
          </a>
        </p>
      ) : null}

      <div className="mt-4 grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="by-month">
          <h2 id="by-month" className="text-xl font-semibold">
            By month
          </h2>
          <div className="mt-2 overflow-x-auto rounded border border-stone-200 bg-white">
            <table className="w-full text-sm">
              <thead className="bg-stone-100 text-left">
                <tr>
                  <th scope="col" className="p-2">
                    Month
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Referrals
                  </th>
                </tr>
              </thead>
              <tbody>
                {MONTHS.map((m) => (
                  <tr key={m} className="border-t border-stone-100">
                    <th scope="row" className="p-2 text-left font-normal">
                      {monthName(m)}
                    </th>
                    <td className="p-2 text-right">{byMonth.get(m) ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section aria-labelledby="by-region">
          <h2 id="by-region" className="text-xl font-semibold">
            By region and language
          </h2>
          <div className="mt-2 overflow-x-auto rounded border border-stone-200 bg-white">
            <table className="w-full text-sm">
              <thead className="bg-stone-100 text-left">
                <tr>
                  <th scope="col" className="p-2">
                    Month
                  </th>
                  <th scope="col" className="p-2">
                    Region
                  </th>
                  <th scope="col" className="p-2">
                    Language
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Referrals
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Withheld replies
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={5} className="p-2">
                      No referrals recorded in {year}.
                    </td>
                  </tr>
                ) : (
                  rows.map((r) => (
                    <tr key={`${r.month}-${r.region}-${r.language}`} className="border-t border-stone-100">
                      <td className="p-2">{r.month}</td>
                      <td className="p-2">{regionName(r.region)}</td>
                      <td className="p-2">{LANGUAGES[r.language] ?? r.language}</td>
                      <td className="p-2 text-right">{r.referrals}</td>
                      <td className="p-2 text-right">{r.withheld_replies}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </div>
  );
}

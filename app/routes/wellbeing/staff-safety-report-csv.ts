/** /staff/safety/report/:year/report.csv (admins only; a 404 to everyone else) — the
 * yearly report of staff-safety-report.tsx as a CSV download. */
import { requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { reportYear } from "~/lib/wellbeing/report-year";
import { safetyReport, safetyReportCsv } from "~/lib/wellbeing/safety-report";
import type { Route } from "./+types/staff-safety-report-csv";

export async function loader({ context, params }: Route.LoaderArgs) {
  requireStaff({ context }, "admin");
  const year = reportYear(params.year);
  const csv = safetyReportCsv(await safetyReport(getApp(context).db, year));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="botcafe-sb243-report-${year}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

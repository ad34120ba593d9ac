/**
 * /staff/safety/report/:year (admins only; a 404 to everyone else) — the yearly report
 * SB 243 asks for, as a printable page (print CSS in app.css drops the site's chrome), with
 * the same report as CSV at ./report.csv. Counts only: no user identifiers.
 */
import { requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { reportYear } from "~/lib/wellbeing/report-year";
import { PROTOCOL_HEADINGS, SAFETY_PROTOCOLS, safetyReport } from "~/lib/wellbeing/safety-report";
import type { Route } from "./+types/staff-safety-report";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `Annual safety report ${loaderData?.report.year ?? ""} · Staff · BotCafe` }];
}

export async function loader({ context, params }: Route.LoaderArgs) {
  requireStaff({ context }, "admin");
  const year = reportYear(params.year);
  return { report: await safetyReport(getApp(context).db, year) };
}

export default function StaffSafetyReport({ loaderData }: Route.ComponentProps) {
  const { report } = loaderData;
  return (
    <article className="safety-report max-w-3xl space-y-6" data-print-report="">
      <p className="no-print text-sm">
        <a href="/staff/safety" className="text-brand-700 underline">
          Back to crisis referrals
        </a>
      </p>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Companion chatbot annual report — {report.year}</h1>
        <p className="text-stone-700">
          Operator: BotCafe. Reporting period {report.periodStart} to {report.periodEnd}, due {report.dueDate}{" "}
          (California Business and Professions Code §22603, SB 243). No user identifiers or personal information are
          included.
        </p>
      </header>
      <p className="no-print flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <a
          href={`/staff/safety/report/${report.year}/report.csv`}
          className="font-medium text-brand-700 underline"
          download
        >
          Download as CSV
        </a>
        <span>To print or save as PDF, use your browser's Print.</span>
      </p>

      <section aria-labelledby="report-count" className="space-y-2">
        <h2 id="report-count" className="text-xl font-semibold">
          Crisis service provider referral notifications issued
        </h2>
        <p className="text-3xl font-bold" data-testid="report-notifications">
          {report.notifications}
        </p>
        <table className="w-full max-w-xl text-sm">
          <tbody>
            <tr className="border-t border-stone-200">
              <th scope="row" className="p-2 text-left font-normal">
                After a person's message showed risk
              </th>
              <td className="p-2 text-right" data-testid="report-referrals">
                {report.referrals}
              </td>
            </tr>
            <tr className="border-t border-stone-200">
              <th scope="row" className="p-2 text-left font-normal">
                In place of a character's reply that was withheld
              </th>
              <td className="p-2 text-right" data-testid="report-withheld">
                {report.withheldReplies}
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="report-protocols" className="space-y-3">
        <h2 id="report-protocols" className="text-xl font-semibold">
          Protocols
        </h2>
        {(Object.keys(SAFETY_PROTOCOLS) as (keyof typeof SAFETY_PROTOCOLS)[]).map((key) => (
          <div key={key}>
            <h3 className="font-semibold">{PROTOCOL_HEADINGS[key]}</h3>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {SAFETY_PROTOCOLS[key].map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          </div>
        ))}
        <p className="text-sm text-stone-700">
          Published for everyone at{" "}
          <a href="/legal/responsible_ai" className="text-brand-700 underline">
            /legal/responsible_ai
          </a>
          .
        </p>
      </section>
    </article>
  );
}

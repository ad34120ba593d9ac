/** /activity — my last 30 days from the usage rollup (one row per day): charts with the
 * numbers in a table beside them. One indexed read; no scan of messages. */
import { LineChart } from "~/components/charts/line-chart";
import { fillDays, lastDays, usageDaysQuery, type UsageDay } from "~/lib/analytics/usage";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/activity";

const DAYS = 30;

export function meta() {
  return [{ title: "Your activity · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const days = lastDays(new Date(), DAYS);
  const rows = (await usageDaysQuery(getApp(context).db, user.id, days[0]!, days.at(-1)!).execute()) as UsageDay[];
  return { days: fillDays(days, rows) };
}

const shortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

const COLUMNS: { key: keyof Omit<UsageDay, "date">; label: string; how: string }[] = [
  { key: "messages_sent", label: "Messages", how: "replies you received to your messages (a regenerated reply is not counted twice)" },
  { key: "session_duration", label: "Minutes", how: "time between your chat messages and replies; gaps over 5 minutes are time away and don't count" },
  { key: "conversations_started", label: "New chats", how: "conversations you started" },
  { key: "tokens_used", label: "Tokens", how: "prompt plus reply tokens, counted with the model's tokenizer" },
  { key: "bots_created", label: "Bots created", how: "bots you created" },
  { key: "knowledge_added", label: "Knowledge added", how: "knowledge entries you added" },
];

export default function Activity({ loaderData }: Route.ComponentProps) {
  const { days } = loaderData;
  const labels = days.map((d) => shortDay(d.date));
  const today = days.at(-1)!;
  return (
    <div>
      <h1 className="text-2xl font-bold">Your activity</h1>
      <p className="mt-1 text-stone-700">The last {DAYS} days (UTC days). Only you can see this.</p>
      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3">
        {COLUMNS.slice(0, 3).map((c) => (
          <div key={c.key} className="rounded border border-stone-200 bg-white p-3">
            <dt className="text-sm text-stone-600">{c.label} today</dt>
            <dd className="text-2xl font-bold" data-testid={`today-${c.key}`}>
              {today[c.key].toLocaleString("en")}
            </dd>
            <dd className="text-xs text-stone-600">How this is computed: {c.how}.</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="chart" className="mt-6">
        <h2 id="chart" className="text-xl font-semibold">
          Messages and minutes per day
        </h2>
        <div className="mt-3 grid gap-4 lg:grid-cols-[3fr_2fr]">
          <LineChart
            title={`Messages and minutes chatted per day, last ${DAYS} days`}
            description={`${sum(days.map((d) => d.messages_sent))} messages and ${sum(days.map((d) => d.session_duration))} minutes in ${DAYS} days. The table lists every day.`}
            labels={labels}
            series={[
              { name: "Messages", values: days.map((d) => d.messages_sent) },
              { name: "Minutes", values: days.map((d) => d.session_duration) },
            ]}
          />
          <div className="max-h-96 overflow-auto rounded border border-stone-200 bg-white" tabIndex={0} role="region" aria-label="Activity per day (table)">
            <table className="w-full text-sm">
              <caption className="sr-only">Activity per day</caption>
              <thead className="sticky top-0 bg-stone-100 text-left">
                <tr>
                  <th scope="col" className="p-2">Day</th>
                  {COLUMNS.map((c) => (
                    <th key={c.key} scope="col" className="p-2 text-right">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...days].reverse().map((d) => (
                  <tr key={d.date} className="border-t border-stone-100">
                    <th scope="row" className="whitespace-nowrap p-2 text-left font-normal">{shortDay(d.date)}</th>
                    {COLUMNS.map((c) => (
                      <td key={c.key} className="p-2 text-right">
                        {d[c.key].toLocaleString("en")}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </section>
      <section className="mt-6 text-sm text-stone-700">
        <h2 className="text-lg font-semibold">How these are computed</h2>
        <ul className="ml-5 mt-1 list-disc">
          {COLUMNS.map((c) => (
            <li key={c.key}>
              <strong>{c.label}</strong>: {c.how}.
            </li>
          ))}
        </ul>
        <p className="mt-2">
          Set limits on your time at{" "}
          <a href="/wellbeing/limits" className="text-brand-700 underline">
            your limits
          </a>
          .
        </p>
      </section>
    </div>
  );
}

/** /activity — my last 30 days from the usage rollup (one row per day): charts with the
 * numbers in a table beside them. One indexed read; no scan of messages. */
import { LineChart } from "~/components/charts/line-chart";
import { batch } from "#db/batch";
import { HOW_COMPUTED } from "~/lib/analytics/insights";
import { fillDays, lastDays, usageDaysQuery, type UsageDay } from "~/lib/analytics/usage";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/activity";
import { plural } from "~/lib/format/plural";

const DAYS = 30;

export function meta() {
  return [{ title: "Your activity · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { env, db } = getApp(context);
  const days = lastDays(new Date(), DAYS);
  // One round trip: the day rows, and the derived insights for my personas and chats.
  const [rows, personas, insights] = await batch(env.DB, [
    usageDaysQuery(db, user.id, days[0]!, days.at(-1)!),
    db
      .selectFrom("persona_analytics as a")
      .innerJoin("personas as p", "p.id", "a.persona_id")
      .select([
        "p.name",
        "a.conversations_count",
        "a.average_session_length",
        "a.engagement_score",
        "a.consistency_score",
        "a.computed_at",
      ])
      .where("p.user_id", "=", user.id)
      .orderBy("a.conversations_count", "desc")
      .limit(20),
    db
      .selectFrom("memory_insights as m")
      .innerJoin("conversations as c", "c.id", "m.conversation_id")
      .select(["c.id", "c.title", "m.memory_depth", "m.story_coherence", "m.character_development", "m.computed_at"])
      .where("m.user_id", "=", user.id)
      .orderBy("m.computed_at", "desc")
      .limit(10),
  ] as const);
  return { days: fillDays(days, rows as UsageDay[]), personas, insights };
}

const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

const COLUMNS: { key: keyof Omit<UsageDay, "date">; label: string; how: string }[] = [
  {
    key: "messages_sent",
    label: "Messages",
    how: "replies you received to your messages (a regenerated reply is not counted twice)",
  },
  {
    key: "session_duration",
    label: "Minutes",
    how: "time between your chat messages and replies; gaps over 5 minutes are time away and don't count",
  },
  { key: "conversations_started", label: "New chats", how: "conversations you started" },
  { key: "tokens_used", label: "Tokens", how: "prompt plus reply tokens, counted with the model's tokenizer" },
  { key: "bots_created", label: "Bots created", how: "bots you created" },
  { key: "knowledge_added", label: "Knowledge added", how: "knowledge entries you added" },
];

export default function Activity({ loaderData }: Route.ComponentProps) {
  const { days, personas, insights } = loaderData;
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
            description={`${plural(sum(days.map((d) => d.messages_sent)), { one: "message", other: "messages" })} and ${plural(sum(days.map((d) => d.session_duration)), { one: "minute", other: "minutes" })} in ${DAYS} days. The table lists every day.`}
            labels={labels}
            series={[
              { name: "Messages", values: days.map((d) => d.messages_sent) },
              { name: "Minutes", values: days.map((d) => d.session_duration) },
            ]}
          />
          <div
            className="max-h-96 overflow-auto rounded border border-stone-200 bg-white"
            tabIndex={0}
            role="region"
            aria-label="Activity per day (table)"
          >
            <table className="w-full text-sm">
              <caption className="sr-only">Activity per day</caption>
              <thead className="sticky top-0 bg-stone-100 text-left">
                <tr>
                  <th scope="col" className="p-2">
                    Day
                  </th>
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
                    <th scope="row" className="whitespace-nowrap p-2 text-left font-normal">
                      {shortDay(d.date)}
                    </th>
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
      {personas.length > 0 ? (
        <InsightTable
          title="Your personas"
          head={["Persona", "Conversations", "Avg. session (min)", "Engagement (0–100)", "Consistency (0–100)"]}
          how={[
            HOW_COMPUTED.conversations_count,
            HOW_COMPUTED.average_session_length,
            HOW_COMPUTED.engagement_score,
            HOW_COMPUTED.consistency_score,
          ]}
          rows={personas.map((p) => [
            p.name,
            p.conversations_count,
            p.average_session_length,
            p.engagement_score,
            p.consistency_score,
          ])}
        />
      ) : null}
      {insights.length > 0 ? (
        <InsightTable
          title="Story insights for your recent chats"
          head={["Chat", "Memory depth (0–100)", "Story coherence (0–100)", "Character development (0–100)"]}
          how={[HOW_COMPUTED.memory_depth, HOW_COMPUTED.story_coherence, HOW_COMPUTED.character_development]}
          rows={insights.map((i) => [
            i.title || "Untitled chat",
            i.memory_depth,
            i.story_coherence,
            i.character_development,
          ])}
        />
      ) : null}
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

/** Derived scores with "how this is computed" beside each column (updated hourly). */
function InsightTable({
  title,
  head,
  how,
  rows,
}: {
  title: string;
  head: string[];
  how: string[];
  rows: (string | number)[][];
}) {
  return (
    <section className="mt-8">
      <h2 className="text-xl font-semibold">{title}</h2>
      <div className="mt-2 overflow-x-auto rounded border border-stone-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-stone-100 text-left">
            <tr>
              {head.map((h, i) => (
                <th key={h} scope="col" className={i === 0 ? "p-2" : "p-2 text-right"}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r} className="border-t border-stone-100">
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row" className="p-2 text-left font-normal">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className="p-2 text-right">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="mt-2 text-sm text-stone-700">
        {how.map((text, i) => (
          <div key={head[i + 1]} className="mt-1">
            <dt className="inline font-medium">{head[i + 1]}: </dt>
            <dd className="inline">{text}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-1 text-xs text-stone-600">Updated every hour from your memories and message times.</p>
    </section>
  );
}

/** /my/dashboard — numbers for the signed-in creator's own bots: totals per bot and the
 * last 30 days per day, as server-rendered SVG charts with the numbers in tables. */
import { BarChart } from "~/components/charts/bar-chart";
import { LineChart } from "~/components/charts/line-chart";
import { requireUser } from "~/lib/auth/guards";
import { TipsPerBot } from "~/components/tips-per-bot";
import { tipsPerBotQuery } from "~/lib/billing/tips";
import { getApp } from "~/lib/context";
import { loadDashboard } from "~/lib/creators/dashboard";
import { DASHBOARD_DAYS } from "~/lib/creators/days";
import { CreatorToolsNav } from "./creator-card";
import type { Route } from "./+types/dashboard";

const TOP_BOTS_CHARTED = 10;

export function meta() {
  return [{ title: "Creator dashboard · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { env, db } = getApp(context);
  const [dashboard, tips] = await Promise.all([
    loadDashboard(env.DB, db, user.id),
    tipsPerBotQuery(db, user.id).execute(),
  ]);
  return { ...dashboard, tips };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** "2026-11-25" → "Nov 25" (UTC, fixed locale so server output is stable). */
const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });

export default function Dashboard({ loaderData }: Route.ComponentProps) {
  const { days, bots, series, followerCount } = loaderData;
  const labels = days.map(shortDay);
  if (bots.length === 0 && followerCount === null) {
    return (
      <div>
        <CreatorToolsNav />
        <h1 className="text-2xl font-bold">Creator dashboard</h1>
        <p className="mt-3 rounded border border-stone-200 bg-white p-4">
          You have no bots yet, so there is nothing to count. Create a bot, and{" "}
          <a href="/my/profile" className="text-brand-700 underline">
            set up your creator profile
          </a>{" "}
          so people can follow you.
        </p>
      </div>
    );
  }
  const totals = [
    ["Bots", bots.length],
    ["Conversations", sum(bots.map((b) => b.conversations))],
    ["Likes", sum(bots.map((b) => b.likes))],
    ["Favorites", sum(bots.map((b) => b.favorites))],
    ["Followers", followerCount ?? 0],
  ] as const;
  const topBots = bots.slice(0, TOP_BOTS_CHARTED);
  return (
    <div>
      <CreatorToolsNav />
      <h1 className="text-2xl font-bold">Creator dashboard</h1>
      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-5">
        {totals.map(([label, value]) => (
          <div key={label} className="rounded border border-stone-200 bg-white p-3">
            <dt className="text-sm text-stone-600">{label}</dt>
            <dd className="text-2xl font-bold">{value.toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>

      <ChartSection id="followers" title={`New followers, last ${DASHBOARD_DAYS} days`}>
        <LineChart
          title={`New followers per day, last ${DASHBOARD_DAYS} days`}
          description={`${sum(series.followers)} new followers in ${DASHBOARD_DAYS} days; the most in one day was ${Math.max(0, ...series.followers)}. The table beside the chart lists every day.`}
          labels={labels}
          series={[{ name: "New followers", values: series.followers }]}
        />
        <DailyTable caption="New followers per day" days={days} columns={[["New followers", series.followers]]} />
      </ChartSection>

      <ChartSection id="activity" title={`Activity on your bots, last ${DASHBOARD_DAYS} days`}>
        <LineChart
          title={`New conversations, likes and favorites per day, last ${DASHBOARD_DAYS} days`}
          description={`${sum(series.conversations)} conversations, ${sum(series.likes)} likes and ${sum(series.favorites)} favorites in ${DASHBOARD_DAYS} days. The table beside the chart lists every day.`}
          labels={labels}
          series={[
            { name: "Conversations", values: series.conversations },
            { name: "Likes", values: series.likes },
            { name: "Favorites", values: series.favorites },
          ]}
        />
        <DailyTable
          caption="Activity per day"
          days={days}
          columns={[
            ["Conversations", series.conversations],
            ["Likes", series.likes],
            ["Favorites", series.favorites],
          ]}
        />
      </ChartSection>

      <section aria-labelledby="per-bot" className="mt-8">
        <h2 id="per-bot" className="text-xl font-semibold">
          Per bot
        </h2>
        {bots.length === 0 ? (
          <p className="mt-2 text-stone-700">You have no bots yet.</p>
        ) : (
          <div className="mt-3 grid gap-4">
            <BarChart
              title={`Conversations per bot (top ${topBots.length})`}
              description={`Your ${topBots.length} most talked-to bots by total conversations; the table below has every bot.`}
              bars={topBots.map((bot) => ({ label: bot.name, value: bot.conversations }))}
            />
            <div className="overflow-x-auto rounded border border-stone-200 bg-white">
              <table className="w-full text-sm">
                <caption className="sr-only">
                  Numbers per bot: totals, and the last {DASHBOARD_DAYS} days in brackets
                </caption>
                <thead className="bg-stone-100 text-left">
                  <tr>
                    <th scope="col" className="p-2">
                      Bot
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Conversations
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Likes
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Favorites
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Rating
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {bots.map((bot) => (
                    <tr key={bot.id} className="border-t border-stone-200">
                      <th scope="row" className="p-2 text-left font-normal">
                        <a href={`/bots/${bot.slug}`} className="text-brand-700 underline">
                          {bot.name}
                        </a>
                        {bot.isPublic ? null : <span className="ml-1 text-xs text-stone-600">(private)</span>}
                      </th>
                      <td className="p-2 text-right tabular-nums">
                        {bot.conversations.toLocaleString("en")}{" "}
                        <span className="text-stone-600">(+{bot.conversationsRecent})</span>
                      </td>
                      <td className="p-2 text-right tabular-nums">
                        {bot.likes.toLocaleString("en")} <span className="text-stone-600">(+{bot.likesRecent})</span>
                      </td>
                      <td className="p-2 text-right tabular-nums">
                        {bot.favorites.toLocaleString("en")}{" "}
                        <span className="text-stone-600">(+{bot.favoritesRecent})</span>
                      </td>
                      <td className="p-2 text-right tabular-nums">
                        {bot.rating === null ? "—" : `${bot.rating.toFixed(1)} (${bot.ratingCount})`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="text-sm text-stone-600">
              Numbers in brackets are new in the last {DASHBOARD_DAYS} days; rating shows the average and how many
              people rated.
            </p>
          </div>
        )}
      </section>
      <TipsPerBot tips={loaderData.tips} />
    </div>
  );
}

function ChartSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      <div className="mt-3 grid gap-4 lg:grid-cols-[3fr_2fr]">{children}</div>
    </section>
  );
}

function DailyTable({ caption, days, columns }: { caption: string; days: string[]; columns: [string, number[]][] }) {
  return (
    <div
      className="max-h-72 overflow-auto rounded border border-stone-200 bg-white"
      tabIndex={0}
      role="region"
      aria-label={`${caption} (table)`}
    >
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-stone-100 text-left">
          <tr>
            <th scope="col" className="p-2">
              Day
            </th>
            {columns.map(([name]) => (
              <th key={name} scope="col" className="p-2 text-right">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days
            .map((day, i) => ({ day, i }))
            .reverse()
            .map(({ day, i }) => (
              <tr key={day} className="border-t border-stone-200">
                <th scope="row" className="whitespace-nowrap p-2 text-left font-normal">
                  <time dateTime={day}>{shortDay(day)}</time>
                </th>
                {columns.map(([name, values]) => (
                  <td key={name} className="p-2 text-right tabular-nums">
                    {values[i]}
                  </td>
                ))}
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a card import did: imported, kept aside, ignored — and why. Owner/admin only. */
import { notFound, requireUser } from "~/lib/auth/guards";
import { canEditBot } from "~/lib/bots/access";
import { IMPORT_REPORT_KEY } from "~/lib/cards/export";
import type { ImportReport } from "~/lib/cards/parse";
import { getApp } from "~/lib/context";
import { parseJsonObject } from "~/lib/json";
import type { Route } from "./+types/import-report";

export function meta() {
  return [{ title: "Import report · BotCafe" }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db } = getApp(context);
  const bot = await db
    .selectFrom("bots")
    .select([
      "name",
      "slug",
      "created_by_id",
      "card_extras",
      (eb) =>
        eb
          .selectFrom("knowledge")
          .select((k) => k.fn.countAll<number>().as("n"))
          .whereRef("knowledge.bot_id", "=", "bots.id")
          .where("knowledge.content_type", "=", "world_info")
          .as("world_info_count"),
    ])
    .where("slug", "=", params.slug)
    .executeTakeFirst();
  if (!bot || !canEditBot(user, bot)) notFound("We could not find that bot.");
  const report = parseJsonObject<Record<string, unknown>>(bot.card_extras)[IMPORT_REPORT_KEY] as
    ImportReport | undefined;
  if (!report) notFound("This bot was not imported from a card.");
  return { bot: { name: bot.name, slug: bot.slug, worldInfoCount: Number(bot.world_info_count ?? 0) }, report };
}

const SPEC_NAMES = { v1: "Character Card V1", v2: "Character Card V2", v3: "Character Card V3" } as const;

export default function ImportReportPage({ loaderData }: Route.ComponentProps) {
  const { bot, report } = loaderData;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Imported {bot.name}</h1>
        <p className="mt-2 text-stone-700">
          From a {SPEC_NAMES[report.spec]} {report.source === "png" ? "PNG (its image is now the avatar)" : "JSON file"}
          . The bot is private until you make it public.
        </p>
        <p className="mt-3 flex flex-wrap gap-3">
          <a
            href={`/bots/${bot.slug}`}
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900"
          >
            View the bot
          </a>
          <a href={`/bots/${bot.slug}/edit`} className="rounded border border-stone-300 px-4 py-2 hover:bg-stone-100">
            Edit and publish
          </a>
        </p>
      </div>
      <ReportSection id="imported" title={`Imported (${report.imported.length})`} empty="Nothing but the name.">
        {report.imported.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ReportSection>
      <ReportSection
        id="kept"
        title={`Kept aside (${report.keptAside.length})`}
        empty="Nothing: every field has a place in BotCafe."
      >
        {report.keptAside.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ReportSection>
      <ReportSection id="ignored" title={`Ignored (${report.ignored.length})`} empty="Nothing was ignored.">
        {report.ignored.map((item) => (
          <li key={item.field}>
            <code>{item.field}</code> — {item.reason}
          </li>
        ))}
      </ReportSection>
      <p className="text-sm text-stone-600">World-info entries on this bot now: {bot.worldInfoCount}.</p>
    </div>
  );
}

function ReportSection({
  id,
  title,
  empty,
  children,
}: {
  id: string;
  title: string;
  empty: string;
  children: React.ReactNode[];
}) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-stone-200 bg-white p-4">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children.length > 0 ? (
        <ul className="ml-5 mt-2 list-disc space-y-1">{children}</ul>
      ) : (
        <p className="mt-2 text-stone-700">{empty}</p>
      )}
    </section>
  );
}

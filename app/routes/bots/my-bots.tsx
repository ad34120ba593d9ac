/** The signed-in user's own bots, public and private, paginated. */
import { batch } from "#db/batch";
import { myBotsQuery } from "#db/queries/bots";
import { BotCard } from "~/components/bot-card";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { requireUser } from "~/lib/auth/guards";
import { plural } from "~/lib/format/plural";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/my-bots";

const PAGE_SIZE = 20;

export function meta() {
  return [{ title: "My bots · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const page = parsePage(url.searchParams.get("page"));
  const [bots, [counted]] = await batch(env.DB, [
    myBotsQuery(db, user.id)
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db
      .selectFrom("bots")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where("created_by_id", "=", user.id),
  ]);
  const total = Number(counted?.total ?? 0);
  return { bots, total, page, totalPages: totalPagesFor(total, PAGE_SIZE), deleted: url.searchParams.has("deleted") };
}

export default function MyBots({ loaderData }: Route.ComponentProps) {
  const { bots, total, page, totalPages, deleted } = loaderData;
  return (
    <div>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">My bots</h1>
        <p className="flex gap-3 text-sm">
          <a href="/bots/new" className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-900">
            Create a bot
          </a>
          <a href="/bots/import" className="rounded border border-stone-300 px-3 py-1.5 hover:bg-stone-100">
            Import a card
          </a>
          <a href="/settings/content" className="self-center text-brand-700 underline">
            Content settings
          </a>
        </p>
      </div>
      {deleted ? (
        <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          The bot was deleted.
        </p>
      ) : null}
      {total === 0 ? (
        <div className="mt-4 rounded-lg border border-dashed border-stone-300 bg-white p-6">
          <p className="font-medium">You have no bots yet.</p>
          <p className="mt-1 text-stone-700">
            <a href="/bots/new" className="text-brand-700 underline">
              Create one from scratch
            </a>{" "}
            or{" "}
            <a href="/bots/import" className="text-brand-700 underline">
              import a character card
            </a>{" "}
            you made elsewhere.
          </p>
        </div>
      ) : (
        <>
          <p className="mt-2 text-sm text-stone-700">{plural(total, { one: "bot", other: "bots" })}</p>
          <ul className="mt-3 grid gap-3 sm:grid-cols-2">
            {bots.map((bot) => (
              <li key={bot.id} className="space-y-1">
                <BotCard bot={bot} />
                <p className="flex gap-3 px-1 text-sm">
                  <span className={bot.is_public ? "text-green-800" : "text-stone-600"}>
                    {bot.is_public ? "Public" : "Private"}
                  </span>
                  <span className="text-stone-600">
                    {plural(bot.favorites_count, { one: "favorite", other: "favorites" })}
                  </span>
                  <a href={`/bots/${bot.slug}/edit`} className="text-brand-700 underline">
                    Edit<span className="sr-only"> {bot.name}</span>
                  </a>
                </p>
              </li>
            ))}
          </ul>
          {page > totalPages ? (
            <p className="mt-4">
              This page is past your last bot.{" "}
              <a href="/my/bots" className="text-brand-700 underline">
                Back to the first page
              </a>
            </p>
          ) : null}
          <Pagination path="/my/bots" page={page} totalPages={totalPages} label="My bots pages" />
        </>
      )}
    </div>
  );
}

/** Explore: public bots with search (FTS5), a tag filter, sorts and page numbers. */
import { batch } from "#db/batch";
import { EXPLORE_PAGE_SIZE, EXPLORE_SORTS, exploreQueries, popularTagsQuery, type ExploreSort } from "#db/queries/bots";
import { BotCard } from "~/components/bot-card";
import { pageHref, Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { wantsNsfw } from "~/lib/bots/access";
import { corrections, looseFtsQuery, trigramCandidatesQuery } from "~/lib/bots/close-matches";
import { searchWords, toFtsQuery } from "~/lib/bots/search";
import { getOptionalUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { canonicalLink, metaDescription } from "~/lib/seo";
import type { Route } from "./+types/explore";

export function meta({ loaderData: data }: Route.MetaArgs) {
  const q = data?.filters.q;
  return [
    { title: q ? `“${q}” · Explore bots · BotCafe` : "Explore bots · BotCafe" },
    ...(data ? [metaDescription(exploreDescription(data)), canonicalLink(data.origin, data.canonical)] : []),
  ];
}

/** What this page of results holds, in words a search snippet can show. */
function exploreDescription({
  total,
  filters,
  tags,
}: {
  total: number;
  filters: { q: string; tag: string };
  tags: { tag: string }[];
}) {
  const count = `${total.toLocaleString("en")} public AI character${total === 1 ? "" : "s"}`;
  if (filters.q || filters.tag) {
    return `${count}${filters.q ? ` matching “${filters.q}”` : ""}${filters.tag ? ` tagged #${filters.tag}` : ""} on BotCafe. Open one to read its story and start a chat.`;
  }
  const popular = tags.slice(0, 5).map((t) => t.tag);
  return `Explore ${count} on BotCafe${popular.length ? ` — ${popular.join(", ")} and more` : ""}. Search by name, tag or story and start a chat.`;
}

function readSort(value: string | null): ExploreSort {
  return EXPLORE_SORTS.find((s) => s.value === value)?.value ?? "recommended";
}

/** A tag from the URL: trimmed, lowercased, bounded (anything else means no filter). */
function readTag(value: string | null): string {
  const tag = (value ?? "").trim().toLowerCase();
  return tag.length <= 60 ? tag : "";
}

/** The query-string values of an Explore page, in a fixed order, defaults left out. */
function exploreParams({ q, tag, sort }: { q: string; tag: string; sort: ExploreSort }) {
  return { q, tag, sort: sort === "recommended" ? "" : sort };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const tag = readTag(url.searchParams.get("tag"));
  const sort = readSort(url.searchParams.get("sort"));
  const page = parsePage(url.searchParams.get("page"));
  // One canonical URL per result page (defaults and stray parameters left out), named in a
  // <link rel="canonical"> rather than redirected to: a redirect after every no-JS search
  // submit would cost a slow connection a whole extra round trip.
  const canonical = pageHref("/bots", exploreParams({ q, tag, sort }), page);
  const fts = toFtsQuery(q);
  const user = getOptionalUser({ context });
  const includeNsfw = wantsNsfw(user);
  const filters = { fts, tag: tag || null, sort, includeNsfw };
  const { list, count } = exploreQueries(db, filters, page);
  let [bots, [counted], tags] = await batch(env.DB, [list, count, popularTagsQuery(db, includeNsfw)]);
  let total = Number(counted?.total ?? 0);
  // Nothing word for word: two more round trips (only then) for close matches — a typo in
  // a name, or any of the words rather than all of them (app/lib/bots/close-matches.ts).
  let closeMatches = false;
  if (total === 0 && fts) {
    const words = searchWords(q.toLowerCase());
    const candidates = trigramCandidatesQuery(db, words);
    const [names] = candidates ? await batch(env.DB, [candidates]) : [[]];
    const loose = looseFtsQuery(
      words,
      corrections(
        words,
        names.map((n) => n.name),
      ),
    );
    if (loose) {
      const relaxed = exploreQueries(db, { ...filters, fts: loose }, page);
      [bots, [counted]] = await batch(env.DB, [relaxed.list, relaxed.count]);
      total = Number(counted?.total ?? 0);
      closeMatches = total > 0;
    }
  }
  return {
    bots,
    total,
    closeMatches,
    page,
    totalPages: totalPagesFor(total, EXPLORE_PAGE_SIZE),
    tags,
    filters: { q, tag, sort },
    signedIn: user !== null,
    includeNsfw,
    canonical,
    origin: url.origin,
  };
}

export default function Explore({ loaderData }: Route.ComponentProps) {
  const { bots, total, closeMatches, page, totalPages, tags, filters, signedIn, includeNsfw } = loaderData;
  const params = exploreParams(filters);
  const filtered = Boolean(filters.q || filters.tag);
  return (
    <div>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Explore bots</h1>
        {signedIn ? (
          <p className="text-sm">
            <a href="/bots/new" className="font-medium text-brand-700 underline">
              Create a bot
            </a>{" "}
            ·{" "}
            <a href="/bots/import" className="font-medium text-brand-700 underline">
              Import a character card
            </a>
          </p>
        ) : null}
      </div>

      <form
        method="get"
        action="/bots"
        role="search"
        className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-3"
      >
        <div className="min-w-48 flex-1">
          <label htmlFor="explore-q" className="block text-sm font-medium">
            Search
          </label>
          <input
            id="explore-q"
            name="q"
            type="search"
            defaultValue={filters.q}
            maxLength={200}
            placeholder="dragon, detective, tea…"
            className="mt-1 block w-full rounded border border-stone-300 px-3 py-2"
          />
        </div>
        {filters.tag ? <input type="hidden" name="tag" value={filters.tag} /> : null}
        <div>
          <label htmlFor="explore-sort" className="block text-sm font-medium">
            Sort by
          </label>
          <select
            id="explore-sort"
            name="sort"
            defaultValue={filters.sort}
            className="mt-1 block rounded border border-stone-300 bg-white px-3 py-2"
          >
            {EXPLORE_SORTS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
          Search
        </button>
      </form>

      {tags.length > 0 ? (
        <nav aria-label="Filter by tag" className="mt-3">
          <ul className="flex flex-wrap gap-2 text-sm">
            {tags.map(({ tag }) => {
              const active = tag === filters.tag;
              return (
                <li key={tag}>
                  <a
                    href={pageHref("/bots", { ...params, tag: active ? "" : tag }, 1)}
                    aria-current={active ? "true" : undefined}
                    className={
                      active
                        ? "rounded-full bg-brand-700 px-3 py-1 text-white"
                        : "rounded-full border border-stone-300 bg-white px-3 py-1 hover:bg-brand-50"
                    }
                  >
                    {active ? `✕ ${tag}` : `#${tag}`}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
      ) : null}

      <p className="mt-4 text-sm text-stone-700" aria-live="polite">
        {total === 0 ? "No bots found." : `${total.toLocaleString("en")} bot${total === 1 ? "" : "s"}`}
        {filters.q
          ? closeMatches
            ? ` close to “${filters.q}” (nothing matched every word exactly)`
            : ` matching “${filters.q}”`
          : ""}
        {filters.tag ? ` tagged #${filters.tag}` : ""}
        {total > 0 ? ` · page ${page} of ${totalPages}` : ""}
        {filtered ? (
          <>
            {" "}
            ·{" "}
            <a href={pageHref("/bots", { sort: params.sort }, 1)} className="text-brand-700 underline">
              Clear filters
            </a>
          </>
        ) : null}
      </p>

      {/* The cards' names are level-3 headings: this keeps the outline from skipping a level. */}
      <h2 className="sr-only">{filtered ? "Matching bots" : "All public bots"}</h2>
      {bots.length === 0 ? (
        <EmptyState total={total} filtered={filtered} signedIn={signedIn} includeNsfw={includeNsfw} />
      ) : (
        <ul className="mt-3 grid gap-3 sm:grid-cols-2">
          {bots.map((bot) => (
            <li key={bot.id}>
              <BotCard bot={bot} />
            </li>
          ))}
        </ul>
      )}

      <Pagination path="/bots" params={params} page={page} totalPages={totalPages} label="Explore pages" />
    </div>
  );
}

function EmptyState({
  total,
  filtered,
  signedIn,
  includeNsfw,
}: {
  total: number;
  filtered: boolean;
  signedIn: boolean;
  includeNsfw: boolean;
}) {
  return (
    <div className="mt-4 rounded-lg border border-dashed border-stone-300 bg-white p-6">
      {total > 0 ? (
        <p>
          This page is past the last page of results.{" "}
          <a href="/bots" className="text-brand-700 underline">
            Go back to the first page
          </a>
          .
        </p>
      ) : filtered ? (
        <>
          <p className="font-medium">No public bot matches that search.</p>
          <ul className="ml-5 mt-2 list-disc text-sm text-stone-700">
            <li>Try fewer or shorter words — “drag” finds “Dragon”.</li>
            <li>Remove the tag filter, or pick another tag.</li>
            {!includeNsfw ? (
              <li>
                Bots marked NSFW are hidden
                {signedIn ? (
                  <>
                    {" "}
                    — you can turn them on in{" "}
                    <a href="/settings/content" className="text-brand-700 underline">
                      content settings
                    </a>
                  </>
                ) : (
                  " unless you sign in and opt in"
                )}
                .
              </li>
            ) : null}
          </ul>
        </>
      ) : (
        <p>
          No public bots yet.{" "}
          {signedIn ? (
            <a href="/bots/new" className="text-brand-700 underline">
              Create the first one
            </a>
          ) : (
            <a href="/sign-in?redirectTo=%2Fbots%2Fnew" className="text-brand-700 underline">
              Sign in to create the first one
            </a>
          )}
          .
        </p>
      )}
    </div>
  );
}

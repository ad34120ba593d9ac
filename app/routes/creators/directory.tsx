/** /creators — public creator profiles, featured first, with search and page numbers. */
import { batch } from "#db/batch";
import { directoryCount, directoryPage } from "#db/queries/creators";
import { pageHref, Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { getApp } from "~/lib/context";
import { canonicalLink, metaDescription } from "~/lib/seo";
import { CreatorCard, CreatorToolsNav } from "./creator-card";
import type { Route } from "./+types/directory";

const PER_PAGE = 24;

export function meta({ loaderData: data }: Route.MetaArgs) {
  if (!data) return [{ title: "Creators · BotCafe" }];
  const count = `${data.total.toLocaleString("en")} ${data.total === 1 ? "creator" : "creators"}`;
  const about = data.q
    ? `${count} on BotCafe matching “${data.q}”: the people behind BotCafe's AI characters.`
    : `The people behind BotCafe's AI characters: ${count}, featured first. Search by name, username or specialty and follow the ones you like.`;
  return [
    { title: "Creators · BotCafe" },
    metaDescription(about),
    canonicalLink(data.origin, pageHref("/creators", { q: data.q }, data.page)),
  ];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { env, db } = getApp(context);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const page = parsePage(url.searchParams.get("page"));
  const [creators, count] = await batch(env.DB, [
    directoryPage(db, { search: q, limit: PER_PAGE, offset: (page - 1) * PER_PAGE }),
    directoryCount(db, q),
  ]);
  const total = Number(count[0]?.total ?? 0);
  return { q, page, total, totalPages: totalPagesFor(total, PER_PAGE), creators, origin: url.origin };
}

export default function Directory({ loaderData }: Route.ComponentProps) {
  const { q, page, total, totalPages, creators } = loaderData;
  return (
    <div>
      <CreatorToolsNav />
      <h1 className="text-2xl font-bold">Creators</h1>
      <p className="mt-1 text-stone-700">The people behind BotCafe's characters. Featured creators come first.</p>
      <form method="get" role="search" className="mt-4 flex max-w-xl gap-2">
        <label htmlFor="creator-search" className="sr-only">
          Search creators
        </label>
        <input
          id="creator-search"
          type="search"
          name="q"
          defaultValue={q}
          maxLength={100}
          placeholder="Name, username or specialty"
          className="block w-full rounded border border-stone-300 bg-white px-3 py-2"
        />
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
          Search
        </button>
      </form>
      <p className="mt-3 text-sm text-stone-600" aria-live="polite">
        {q
          ? `${total.toLocaleString("en")} ${total === 1 ? "creator matches" : "creators match"} “${q}”.`
          : `${total.toLocaleString("en")} creators.`}
      </p>
      {creators.length === 0 ? (
        <div className="mt-4 rounded border border-stone-200 bg-white p-4">
          {q ? (
            <p>
              No creators match “{q}”. Try a shorter word or a specialty like “fantasy”, or{" "}
              <a href="/creators" className="text-brand-700 underline">
                see all creators
              </a>
              .
            </p>
          ) : (
            <p>
              {page > 1 ? "There are no creators on this page. " : "No public creators yet. "}
              <a href="/my/profile" className="text-brand-700 underline">
                Create your creator profile
              </a>{" "}
              to be the first.
            </p>
          )}
        </div>
      ) : (
        <>
          {/* The cards' names are level-3 headings: this keeps the outline from skipping a level. */}
          <h2 className="sr-only">{q ? "Matching creators" : "All creators"}</h2>
          <ul className="mt-4 grid gap-3 sm:grid-cols-2">
            {creators.map((creator) => (
              <li key={creator.id}>
                <CreatorCard creator={creator} />
              </li>
            ))}
          </ul>
        </>
      )}
      <Pagination path="/creators" params={{ q }} page={page} totalPages={totalPages} label="Creator pages" />
    </div>
  );
}

/** /help — the help center: articles by category (featured first), and search (`?q=`). */
import { getApp } from "~/lib/context";
import { categoryLabel, HELP_CATEGORIES, helpIndexQuery } from "~/lib/help/articles";
import { searchHelpForgiving } from "~/lib/help/search";
import { canonicalLink, metaDescription } from "~/lib/seo";
import type { Route } from "./+types/index";

export function meta({ loaderData: data }: Route.MetaArgs) {
  if (!data) return [{ title: "Help · BotCafe" }];
  // The categories that have articles, as the page lists them.
  const topics = data.groups.map((g) => g.label.toLowerCase());
  const about = data.q
    ? `BotCafe help articles matching “${data.q}”: how BotCafe works, step by step.`
    : `How BotCafe works, step by step${topics.length ? `: ${topics.join(", ")}` : ""}. Search the help center or learn by doing in the tutorials.`;
  return [
    { title: "Help · BotCafe" },
    metaDescription(about),
    canonicalLink(data.origin, data.q ? `/help?${new URLSearchParams({ q: data.q })}` : "/help"),
  ];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db } = getApp(context);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 200).trim();
  if (q) return { q, ...(await searchHelpForgiving(db, q)), groups: [], origin: url.origin };
  const articles = await helpIndexQuery(db).execute();
  const groups = Object.keys(HELP_CATEGORIES)
    .map((category) => ({
      category,
      label: categoryLabel(category),
      articles: articles.filter((a) => a.category === category),
    }))
    .filter((group) => group.articles.length > 0);
  return { q, results: null, corrected: null, groups, origin: url.origin };
}

export default function HelpCenter({ loaderData }: Route.ComponentProps) {
  const { q, results, corrected, groups } = loaderData;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold">Help center</h1>
        <p className="mt-1 text-stone-700">
          How BotCafe works, step by step. Prefer to learn by doing? Try the{" "}
          <a href="/tutorials" className="text-brand-700 underline">
            tutorials
          </a>
          . Still stuck?{" "}
          <a href="/support" className="text-brand-700 underline">
            Contact support
          </a>
          .
        </p>
      </header>
      <form method="get" action="/help" role="search" className="flex flex-wrap gap-2">
        <label htmlFor="help-q" className="sr-only">
          Search help
        </label>
        <input
          id="help-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={200}
          placeholder="Search help, e.g. memories"
          className="min-w-0 flex-1 rounded border border-stone-300 bg-white px-3 py-2"
        />
        <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
          Search
        </button>
      </form>

      {results ? (
        <section aria-labelledby="results">
          <h2 id="results" className="text-xl font-semibold">
            {results.length === 0 ? `No articles match “${q}”` : `Articles matching “${corrected ?? q}”`}
          </h2>
          {corrected ? (
            <p className="mt-1 text-stone-700">
              Nothing matched “{q}”, so these are the results for “{corrected}”.
            </p>
          ) : null}
          {results.length === 0 ? (
            <div className="mt-2 text-stone-700">
              <p>Try fewer or shorter words, or browse a category:</p>
              <ul className="mt-2 flex flex-wrap gap-2">
                {Object.entries(HELP_CATEGORIES).map(([category, label]) => (
                  <li key={category}>
                    <a
                      href={`/help#${category}`}
                      className="rounded border border-stone-300 bg-white px-2 py-1 text-sm text-brand-700 underline"
                    >
                      {label}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <ul className="mt-3 space-y-3">
              {results.map((hit) => (
                <li key={hit.slug} className="rounded-lg border border-stone-200 bg-white p-3">
                  <a href={`/help/${hit.slug}`} className="font-medium text-brand-700 underline">
                    {hit.title}
                  </a>
                  <span className="ml-2 text-xs text-stone-600">{categoryLabel(hit.category)}</span>
                  <p className="mt-1 text-sm text-stone-700">
                    {hit.snippet.map((part, i) =>
                      part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : (
        groups.map((group) => (
          <section key={group.category} aria-labelledby={group.category}>
            <h2 id={group.category} className="text-xl font-semibold">
              {group.label}
            </h2>
            <ul className="mt-2 space-y-1">
              {group.articles.map((article) => (
                <li key={article.slug}>
                  <a href={`/help/${article.slug}`} className="text-brand-700 underline">
                    {article.title}
                  </a>
                  {article.is_featured ? (
                    <span className="ml-2 rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-900">featured</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

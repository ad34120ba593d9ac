/** /knowledge — the person's knowledge entries and collections. */
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { batch } from "#db/batch";
import {
  KNOWLEDGE_PAGE_SIZE,
  ownBotsQuery,
  ownCollectionsQuery,
  publicCollectionsQuery,
  visibleEntriesCountQuery,
  visibleEntriesQuery,
} from "#db/queries/knowledge";
import { VectorStatusBadge } from "./entry-fields";
import type { Route } from "./+types/index";

export function meta() {
  return [{ title: "Knowledge · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  const [entries, counts, collections, bots, publicCollections] = await batch(env.DB, [
    visibleEntriesQuery(db, user.id, { page }),
    visibleEntriesCountQuery(db, user.id),
    ownCollectionsQuery(db, user.id),
    ownBotsQuery(db, user.id),
    publicCollectionsQuery(db, user.id),
  ]);
  return {
    entries,
    page,
    totalPages: totalPagesFor(Number(counts[0]?.total ?? 0), KNOWLEDGE_PAGE_SIZE),
    collections,
    bots,
    publicCollections,
  };
}

const linkButton = "rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-900";

export default function KnowledgeIndex({ loaderData }: Route.ComponentProps) {
  const { entries, page, totalPages, collections, bots, publicCollections } = loaderData;
  return (
    <div>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">Knowledge</h1>
        <a href="/help/knowledge-and-retrieval" className="text-sm text-brand-700 underline">
          Help: knowledge and retrieval
        </a>
        <a href="/knowledge/new" className={linkButton}>
          New entry
        </a>
        <a href="/knowledge/upload" className={linkButton}>
          Upload a document
        </a>
        <a
          href="/knowledge/collections/new"
          className="rounded border border-brand-700 px-3 py-1.5 text-sm text-brand-700 hover:bg-brand-50"
        >
          New collection
        </a>
      </div>
      <p className="mt-2 text-stone-700">
        What your bots know. Entries are embedded for retrieval in chat; world info entries are added when their keys
        come up.{" "}
        <a href="/memories" className="text-brand-700 underline">
          Your memories
        </a>
      </p>
      <p className="mt-2 text-stone-700" id="my-knowledge">
        Entries you keep with no bot and no collection are <strong>my knowledge</strong>: they are looked up in all of
        your conversations, with every bot, like a lorebook of your own. Nobody else's chats use them.
      </p>

      <section aria-labelledby="entries-heading" className="mt-6">
        <h2 id="entries-heading" className="text-lg font-semibold">
          Entries
        </h2>
        {entries.length === 0 ? (
          <p className="mt-2 text-stone-700">No entries yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-200 rounded border border-stone-200 bg-white">
            {entries.map((entry) => (
              <li key={entry.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3">
                <a href={`/knowledge/${entry.id}`} className="font-medium text-brand-700 underline">
                  {entry.title}
                </a>
                <VectorStatusBadge status={entry.vector_status} contentType={entry.content_type} />
                <span className="text-sm text-stone-600">
                  {entry.content_type.replace("_", " ")} · {entry.priority} priority
                  {entry.bot_name ? ` · ${entry.bot_name}` : ""}
                  {entry.collection_name ? ` · in ${entry.collection_name}` : ""}
                  {!entry.bot_name && !entry.collection_name ? " · my knowledge (all your chats)" : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
        <Pagination path="/knowledge" page={page} totalPages={totalPages} label="Knowledge pages" />
      </section>

      <section aria-labelledby="collections-heading" className="mt-8">
        <h2 id="collections-heading" className="text-lg font-semibold">
          Your collections
        </h2>
        {collections.length === 0 ? (
          <p className="mt-2 text-stone-700">No collections yet.</p>
        ) : (
          <ul className="mt-2 list-disc pl-6">
            {collections.map((collection) => (
              <li key={collection.id}>
                <a href={`/knowledge/collections/${collection.id}`} className="text-brand-700 underline">
                  {collection.name}
                </a>
                {collection.is_public ? <span className="ml-2 text-sm text-stone-600">(public)</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {publicCollections.length > 0 ? (
        <section aria-labelledby="public-heading" className="mt-8">
          <h2 id="public-heading" className="text-lg font-semibold">
            Public collections from other creators
          </h2>
          <p className="mt-1 text-sm text-stone-700">Open one to use it in your bots.</p>
          <ul className="mt-2 list-disc pl-6">
            {publicCollections.map((collection) => (
              <li key={collection.id}>
                <a href={`/knowledge/collections/${collection.id}`} className="text-brand-700 underline">
                  {collection.name}
                </a>
                <span className="ml-2 text-sm text-stone-600">by {collection.owner_name ?? "a creator"}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {bots.length > 0 ? (
        <section aria-labelledby="lorebooks-heading" className="mt-8">
          <h2 id="lorebooks-heading" className="text-lg font-semibold">
            Lorebooks
          </h2>
          <p className="mt-1 text-sm text-stone-700">
            World info entries and book settings (scan depth, budget, recursion) of each of your bots.
          </p>
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
            {bots.map((bot) => (
              <li key={bot.id}>
                <a href={`/knowledge/lorebooks/${bot.id}`} className="text-brand-700 underline">
                  {bot.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

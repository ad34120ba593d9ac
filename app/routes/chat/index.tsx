/** /chat — the person's conversations, newest activity first, searchable by title and message text, paged. */
import { batch } from "#db/batch";
import { publicSfwBots } from "#db/queries/bots";
import { chatListQuery } from "#db/queries/chat-search";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/index";
import { plural } from "~/lib/format/plural";
import { PostForm } from "~/components/post-form";

export const CONVERSATIONS_PER_PAGE = 20;

export function meta() {
  return [{ title: "Your chats · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const archived = url.searchParams.get("archived") === "1";
  const pageParam = Number(url.searchParams.get("page"));
  const page = Number.isInteger(pageParam) && pageParam > 1 ? Math.min(pageParam, 1000) : 1;

  // Titles and message text of this person's chats, through FTS5 (db/queries/chat-search.ts).
  const list = chatListQuery(db, { userId: user.id, archived, search: q });
  const [rows, suggestions] = await batch(env.DB, [
    list.limit(CONVERSATIONS_PER_PAGE + 1).offset((page - 1) * CONVERSATIONS_PER_PAGE),
    publicSfwBots(db).orderBy("bots.conversation_count", "desc").orderBy("bots.id").limit(6),
  ]);
  return {
    conversations: rows.slice(0, CONVERSATIONS_PER_PAGE),
    hasNext: rows.length > CONVERSATIONS_PER_PAGE,
    page,
    q,
    archived,
    suggestions,
  };
}

function pageHref(params: { q: string; archived: boolean; page: number }) {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.archived) search.set("archived", "1");
  if (params.page > 1) search.set("page", String(params.page));
  const text = search.toString();
  return text ? `/chat?${text}` : "/chat";
}

export default function ChatIndex({ loaderData }: Route.ComponentProps) {
  const { conversations, hasNext, page, q, archived, suggestions } = loaderData;
  return (
    <div className="space-y-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{archived ? "Archived chats" : "Your chats"}</h1>
          <p className="flex gap-4 text-sm">
            <a href={archived ? "/chat" : "/chat?archived=1"} className="text-brand-700 underline">
              {archived ? "Show active chats" : "Show archived chats"}
            </a>
            <a href="/personas" className="text-brand-700 underline">
              Personas
            </a>
            <a href="/settings/keys" className="text-brand-700 underline">
              API keys
            </a>
          </p>
        </div>
        <form method="get" role="search" className="flex items-end gap-2">
          {archived ? <input type="hidden" name="archived" value="1" /> : null}
          <div>
            <label htmlFor="chat-search" className="block text-sm font-medium">
              Search titles and messages
            </label>
            <input
              id="chat-search"
              name="q"
              type="search"
              defaultValue={q}
              maxLength={100}
              className="mt-1 rounded border border-stone-300 px-3 py-1.5"
            />
          </div>
          <button type="submit" className="rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-100">
            Search
          </button>
        </form>
      </header>

      <section aria-labelledby="chat-list">
        <h2 id="chat-list" className="sr-only">
          Conversations
        </h2>
        {conversations.length === 0 ? (
          <p className="text-stone-700">{q ? `No chats match “${q}”.` : "No chats yet. Start one with a bot below."}</p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {conversations.map((c) => (
              <li key={c.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-3">
                <a href={`/chat/${c.id}`} className="font-medium text-brand-700 underline">
                  {c.title || `Chat with ${c.bot_name}`}
                </a>
                <span className="text-sm text-stone-600">
                  {c.bot_name} · {plural(c.message_count, { one: "message", other: "messages" })} ·{" "}
                  {(c.last_message_at ?? c.created_at).slice(0, 16).replace("T", " ")}
                </span>
              </li>
            ))}
          </ul>
        )}
        <nav aria-label="Pages" className="mt-3 flex gap-4 text-sm">
          {page > 1 ? (
            <a href={pageHref({ q, archived, page: page - 1 })} className="text-brand-700 underline">
              Newer
            </a>
          ) : null}
          {hasNext ? (
            <a href={pageHref({ q, archived, page: page + 1 })} className="text-brand-700 underline">
              Older
            </a>
          ) : null}
        </nav>
      </section>

      <section aria-labelledby="start-chat">
        <h2 id="start-chat" className="text-xl font-semibold">
          Start a chat with a bot
        </h2>
        <ul className="mt-3 grid gap-3 sm:grid-cols-2">
          {suggestions.map((bot) => (
            <li
              key={bot.id}
              className="flex items-center justify-between gap-3 rounded-lg border border-stone-200 bg-white p-3"
            >
              <span>
                <a href={`/bots/${bot.slug}`} className="font-medium underline">
                  {bot.name}
                </a>
                <span className="block text-sm text-stone-600">{bot.description}</span>
              </span>
              <PostForm action="/chat/new">
                <input type="hidden" name="botId" value={bot.id} />
                <button
                  type="submit"
                  className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-900"
                  aria-label={`Start chat with ${bot.name}`}
                >
                  Start chat
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

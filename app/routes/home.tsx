import { batch } from "#db/batch";
import { publicSfwBots } from "#db/queries/bots";
import { chatListQuery } from "#db/queries/chat-search";
import { BotCard } from "~/components/bot-card";
import { getOptionalUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { plural } from "~/lib/format/plural";
import { canonicalLink, metaDescription } from "~/lib/seo";
import type { Route } from "./+types/home";

export function meta({ loaderData: data }: Route.MetaArgs) {
  return [
    { title: "BotCafe — AI companions for every phone" },
    // The hero's promise, short enough for a search snippet.
    metaDescription(
      "Create AI characters, give them knowledge and a memory of what you said, and talk to them — on an old phone, a slow connection or with JavaScript off.",
    ),
    ...(data ? [canonicalLink(data.origin, "/")] : []),
  ];
}

/** How many recent chats the signed-in home offers to continue. */
const RECENT_CHATS = 4;

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, env } = getApp(context);
  const user = getOptionalUser({ context });
  // Featured, newest and (signed in) the chats to continue, in one D1 round trip.
  const [featured, newest, recent] = await batch(env.DB, [
    publicSfwBots(db).orderBy("bots.conversation_count", "desc").orderBy("bots.id").limit(6),
    publicSfwBots(db).orderBy("bots.created_at", "desc").orderBy("bots.id").limit(6),
    // Signed out: LIMIT 0 keeps the batch to one shape and one round trip.
    chatListQuery(db, { userId: user?.id ?? "", archived: false, search: "" }).limit(user ? RECENT_CHATS : 0),
  ]);
  return { featured, newest, recent, signedIn: user !== null, origin: new URL(request.url).origin };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { featured, newest, recent, signedIn } = loaderData;
  return (
    <div className="space-y-10">
      <section aria-labelledby="welcome" className="rounded-xl bg-brand-50 p-6">
        <h1 id="welcome" className="text-3xl font-bold text-brand-900">
          Companions with knowledge and memory
        </h1>
        <p className="mt-2 max-w-2xl text-stone-800">
          Create AI characters, give them a world to know and a memory of what you said, and talk to them — on an old
          phone, a slow connection, or with JavaScript switched off.
        </p>
        {signedIn ? null : (
          <p className="mt-4">
            <a
              href="/sign-in"
              className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900"
            >
              Sign in to start
            </a>
          </p>
        )}
        <form method="get" action="/bots" role="search" className="mt-4 flex max-w-xl flex-wrap gap-2">
          <label htmlFor="home-search" className="sr-only">
            Search bots
          </label>
          <input
            id="home-search"
            type="search"
            name="q"
            placeholder="Search bots by name, tag or story"
            className="min-w-0 flex-1 basis-48 rounded border border-stone-400 px-3 py-2"
          />
          <button
            type="submit"
            className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-brand-100"
          >
            Search
          </button>
        </form>
      </section>

      {recent.length > 0 ? (
        <section aria-labelledby="continue">
          <h2 id="continue" className="text-xl font-semibold">
            Continue your chats
          </h2>
          <ul className="mt-3 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {recent.map((c) => (
              <li key={c.id} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 px-4 py-3">
                <a href={`/chat/${c.id}`} className="font-medium text-brand-700 underline">
                  {c.title || `Chat with ${c.bot_name}`}
                </a>
                <span className="whitespace-nowrap text-sm text-stone-600">
                  {plural(c.message_count, { one: "message", other: "messages" })}
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-sm">
            <a href="/chat" className="text-brand-700 underline">
              All your chats
            </a>
          </p>
        </section>
      ) : null}

      <BotSection
        id="featured"
        title="Featured bots"
        bots={featured}
        empty="No public bots yet. Be the first to create one."
      />
      <BotSection id="newest" title="New this week" bots={newest} empty="Nothing new yet." />
    </div>
  );
}

function BotSection({
  id,
  title,
  bots,
  empty,
}: {
  id: string;
  title: string;
  bots: Route.ComponentProps["loaderData"]["featured"];
  empty: string;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {bots.length === 0 ? (
        <p className="mt-2 text-stone-700">{empty}</p>
      ) : (
        <ul className="mt-3 grid gap-3 sm:grid-cols-2">
          {bots.map((bot) => (
            <li key={bot.id}>
              <BotCard bot={bot} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { batch } from "#db/batch";
import { publicSfwBots } from "#db/queries/bots";
import { BotCard } from "~/components/bot-card";
import { getOptionalUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/home";

export function meta() {
  return [{ title: "BotCafe — AI companions for every phone" }];
}

export async function loader({ context }: Route.LoaderArgs) {
  const { db, env } = getApp(context);
  // Featured and newest in one D1 round trip.
  const [featured, newest] = await batch(env.DB, [
    publicSfwBots(db).orderBy("bots.conversation_count", "desc").orderBy("bots.id").limit(6),
    publicSfwBots(db).orderBy("bots.created_at", "desc").orderBy("bots.id").limit(6),
  ]);
  return { featured, newest, signedIn: getOptionalUser({ context }) !== null };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { featured, newest, signedIn } = loaderData;
  return (
    <div className="space-y-10">
      <section aria-labelledby="welcome" className="rounded-xl bg-brand-50 p-6">
        <h1 id="welcome" className="text-3xl font-bold text-brand-900">
          Companions with knowledge and memory
        </h1>
        <p className="mt-2 max-w-2xl text-stone-800">
          Create AI characters, give them a world to know and a memory of what you said, and talk to them — on an old phone, a slow connection,
          or with JavaScript switched off.
        </p>
        {signedIn ? null : (
          <p className="mt-4">
            <a href="/sign-in" className="inline-block rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
              Sign in to start
            </a>
          </p>
        )}
      </section>

      <BotSection id="featured" title="Featured bots" bots={featured} empty="No public bots yet. Be the first to create one." />
      <BotSection id="newest" title="New this week" bots={newest} empty="Nothing new yet." />
    </div>
  );
}

function BotSection({ id, title, bots, empty }: { id: string; title: string; bots: Route.ComponentProps["loaderData"]["featured"]; empty: string }) {
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

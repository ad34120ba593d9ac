/** /following — the creators I follow and their newest public bots. */
import { wantsNsfw } from "~/lib/bots/access";
import { batch } from "#db/batch";
import { followedCreators, followedCreatorsBots } from "#db/queries/creators";
import { BotCard } from "~/components/bot-card";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { CreatorCard, CreatorToolsNav } from "./creator-card";
import { handleFollowAction } from "./follow-action";
import type { Route } from "./+types/following";
import { PostForm } from "~/components/post-form";

const BOTS_PER_PAGE = 20;
/** Following more creators than this is unusual; the list shows the most recent ones. */
const MAX_CREATORS_SHOWN = 100;

export function meta() {
  return [{ title: "Following · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { env, db } = getApp(context);
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  const includeNsfw = wantsNsfw(user); // never for a known minor
  const newestBots = followedCreatorsBots(db, user.id, { includeNsfw });
  const [creators, bots, count] = await batch(env.DB, [
    followedCreators(db, user.id).limit(MAX_CREATORS_SHOWN),
    newestBots.limit(BOTS_PER_PAGE).offset((page - 1) * BOTS_PER_PAGE),
    newestBots
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as("total")),
  ]);
  const total = Number(count[0]?.total ?? 0);
  return { creators, bots, page, totalPages: totalPagesFor(total, BOTS_PER_PAGE) };
}

export async function action(args: Route.ActionArgs) {
  return handleFollowAction(args, null, "/following");
}

export default function Following({ loaderData }: Route.ComponentProps) {
  const { creators, bots, page, totalPages } = loaderData;
  return (
    <div>
      <CreatorToolsNav />
      <h1 className="text-2xl font-bold">Following</h1>
      {creators.length === 0 ? (
        <p className="mt-3 rounded border border-stone-200 bg-white p-4">
          You don't follow any creators yet.{" "}
          <a href="/creators" className="text-brand-700 underline">
            Browse the creators directory
          </a>{" "}
          and choose Follow on a profile to see their new bots here.
        </p>
      ) : (
        <div className="mt-4 grid gap-8 lg:grid-cols-3">
          <section aria-labelledby="creators-heading" className="lg:col-span-1">
            <h2 id="creators-heading" className="text-lg font-semibold">
              Creators you follow ({creators.length})
            </h2>
            <ul className="mt-3 space-y-3">
              {creators.map((creator) => (
                <li key={creator.id}>
                  <CreatorCard creator={creator} />
                  <PostForm className="mt-1 text-right">
                    <input type="hidden" name="username" value={creator.username} />
                    <button
                      type="submit"
                      name="intent"
                      value="unfollow"
                      className="text-sm text-stone-700 underline hover:text-red-700"
                    >
                      Unfollow {creator.display_name || creator.username}
                    </button>
                  </PostForm>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="bots-heading" className="lg:col-span-2">
            <h2 id="bots-heading" className="text-lg font-semibold">
              Their newest bots
            </h2>
            {bots.length === 0 ? (
              <p className="mt-2 text-stone-700">
                {page > 1 ? "No bots on this page." : "The creators you follow have not published any bots yet."}
              </p>
            ) : (
              <ul className="mt-3 grid gap-3 sm:grid-cols-2">
                {bots.map((bot) => (
                  <li key={bot.id}>
                    <BotCard bot={bot} />
                  </li>
                ))}
              </ul>
            )}
            <Pagination path="/following" page={page} totalPages={totalPages} label="Bot pages" />
          </section>
        </div>
      )}
    </div>
  );
}

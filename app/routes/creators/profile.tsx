/** /creators/:username — a creator's public profile, their public bots, and follow. */
import { wantsNsfw } from "~/lib/bots/access";
import { redirect } from "react-router";
import { batch } from "#db/batch";
import { creatorBotsCount, creatorBotsQuery, followRow, profileByUsername } from "#db/queries/creators";
import { BotCard } from "~/components/bot-card";
import { pageHref, Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { getOptionalUser, notFound } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { canViewProfile } from "~/lib/creators/visibility";
import { canonicalLink, metaDescription } from "~/lib/seo";
import { handleFollowAction } from "./follow-action";
import { ProfileView } from "./profile-view";
import type { Route } from "./+types/profile";
import { PostForm } from "~/components/post-form";

const BOTS_PER_PAGE = 12;

export function meta({ loaderData }: Route.MetaArgs) {
  const profile = loaderData?.profile;
  if (!profile) return [{ title: "Creator not found · BotCafe" }];
  const name = profile.display_name || profile.username;
  const title = { title: `${name} (@${profile.username}) · BotCafe` };
  // Unlisted and private profiles stay out of search engines too.
  if (profile.visibility !== "public") return [title, { name: "robots", content: "noindex" }];
  const bots = `${loaderData.totalBots.toLocaleString("en")} public ${loaderData.totalBots === 1 ? "bot" : "bots"}`;
  const about = profile.bio?.trim()
    ? `${profile.bio} · ${bots} on BotCafe.`
    : `${name} (@${profile.username}) creates AI characters on BotCafe: ${bots}.`;
  return [
    title,
    metaDescription(about),
    canonicalLink(loaderData.origin, pageHref(`/creators/${profile.username}`, {}, loaderData.page)),
  ];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { env, db } = getApp(context);
  const viewer = getOptionalUser({ context });
  const username = params.username;
  if (username.length > 60) notFound("We could not find that creator.");
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  const includeNsfw = wantsNsfw(viewer); // never for a known minor
  // Profile, one page of bots, their count and "do I follow?" in one round trip.
  const [profiles, bots, count, follow] = await batch(env.DB, [
    profileByUsername(db, username).limit(1),
    creatorBotsQuery(db, username, { includeNsfw })
      .orderBy("bots.created_at", "desc")
      .orderBy("bots.id")
      .limit(BOTS_PER_PAGE)
      .offset((page - 1) * BOTS_PER_PAGE),
    creatorBotsCount(db, username, { includeNsfw }),
    followRow(db, viewer?.id ?? "", username),
  ]);
  const profile = profiles[0];
  if (!profile || !canViewProfile(profile, viewer)) notFound("We could not find that creator.");
  // One address per profile: /creators/Casey → /creators/casey.
  if (profile.username !== username) throw redirect(`/creators/${profile.username}${new URL(request.url).search}`, 301);
  const total = Number(count[0]?.total ?? 0);
  return {
    profile,
    bots,
    page,
    totalPages: totalPagesFor(total, BOTS_PER_PAGE),
    totalBots: total,
    signedIn: viewer !== null,
    isOwner: viewer?.id === profile.user_id,
    following: follow.length > 0,
    origin: new URL(request.url).origin,
  };
}

export async function action(args: Route.ActionArgs) {
  return handleFollowAction(args, args.params.username, `/creators/${encodeURIComponent(args.params.username)}`);
}

export default function CreatorProfile({ loaderData, actionData }: Route.ComponentProps) {
  const { profile, bots, page, totalPages, totalBots, signedIn, isOwner, following } = loaderData;
  const name = profile.display_name || profile.username;
  const followSlot = isOwner ? (
    <a href="/my/profile" className="rounded border border-stone-300 px-4 py-2 hover:bg-stone-100">
      Edit profile
    </a>
  ) : (
    <div>
      <PostForm>
        {signedIn ? null : <p className="mb-1 text-xs text-stone-600">Sign in to follow</p>}
        {following ? (
          <button
            type="submit"
            name="intent"
            value="unfollow"
            className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-700 hover:bg-brand-50"
          >
            Unfollow <span className="sr-only">{name}</span>
          </button>
        ) : (
          <button
            type="submit"
            name="intent"
            value="follow"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900"
          >
            Follow <span className="sr-only">{name}</span>
          </button>
        )}
      </PostForm>
      {actionData && "followError" in actionData ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {actionData.followError}
        </p>
      ) : null}
    </div>
  );
  return (
    <div>
      {profile.visibility !== "public" ? (
        <p className="mb-3 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {profile.visibility === "unlisted"
            ? "This profile is unlisted: only people with the link can find it."
            : "This profile is private: only its owner and BotCafe staff can see it."}
        </p>
      ) : null}
      <ProfileView profile={profile} followSlot={followSlot}>
        <section aria-labelledby="bots-heading">
          <h2 id="bots-heading" className="text-lg font-semibold">
            Public bots <span className="font-normal text-stone-600">({totalBots.toLocaleString("en")})</span>
          </h2>
          {bots.length === 0 ? (
            <p className="mt-2 text-stone-700">
              {page > 1 ? "No bots on this page." : `${name} has not published any bots yet.`}
            </p>
          ) : (
            <ul className="mt-3 grid gap-3 lg:grid-cols-2">
              {bots.map((bot) => (
                <li key={bot.id}>
                  <BotCard bot={bot} />
                </li>
              ))}
            </ul>
          )}
          <Pagination path={`/creators/${profile.username}`} page={page} totalPages={totalPages} label="Bot pages" />
        </section>
      </ProfileView>
    </div>
  );
}

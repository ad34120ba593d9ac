/** One bot: who it is, how people rate it, and plain forms to chat, like, favorite,
 * share, rate and report. */
import { MinorsNotice } from "~/components/minors-notice";
import { data, redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { botPageQuery, viewerInteractionsQuery, viewerRatingQuery } from "#db/queries/bots";
import { FormErrors, SelectField, TextArea, type FormState, SuccessNotice } from "~/components/form";
import { TipForm } from "~/components/tip-form";
import { BotAvatar } from "~/components/bot-avatar";
import { botGrantQuery, canEditBot, canShareBot, canViewBot, wantsNsfw, type BotGrant } from "~/lib/bots/access";
import {
  rateBot,
  recordShare,
  REPORT_REASON_VALUES,
  REPORT_REASONS,
  reportBot,
  setInteraction,
} from "~/lib/bots/interactions";
import { getOptionalUser, notFound, requireUser } from "~/lib/auth/guards";
import type { CurrentUser } from "~/lib/auth/user";
import { getApp } from "~/lib/context";
import { formField, invalid, parseSubmission } from "~/lib/forms";
import { botDisplayText, exampleExchanges } from "~/lib/bots/display-text";
import { renderChatMessage } from "~/lib/markdown/render";
import { plural } from "~/lib/format/plural";
import { parseJsonArray } from "~/lib/json";
import { metaDescription } from "~/lib/seo";
import type { Route } from "./+types/bot";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData: data }: Route.MetaArgs) {
  if (!data) return [{ title: "Bot · BotCafe" }];
  const { bot } = data;
  // An empty description is no description to a search engine: say who the bot is instead.
  const about =
    bot.description.trim() ||
    `${bot.name}, an AI character by ${bot.creator_profile_name || bot.creator_name || "a BotCafe creator"}. Start a chat on BotCafe.`;
  // The share URL is the bot's one address (no ?done= notices): it is the canonical one too.
  return [
    { title: `${bot.name} · BotCafe` },
    metaDescription(about),
    { tagName: "link", rel: "canonical", href: data.shareUrl },
  ];
}

/** Private bots are 404 to others; NSFW bots need a signed-in adult who opted in. */
function assertVisible(
  user: CurrentUser | null,
  bot: { created_by_id: string; is_public: number; is_nsfw: number },
  grant?: BotGrant,
) {
  if (!canViewBot(user, bot, grant)) notFound("We could not find that bot.");
  if (bot.is_nsfw === 1 && !wantsNsfw(user) && !canEditBot(user, bot, grant)) {
    throw data(
      {
        message: user
          ? "This bot is marked NSFW. Turn on mature content in Settings → Content (/settings/content) to see it."
          : "This bot is marked NSFW. Sign in and turn on mature content in your settings to see it.",
      },
      { status: 403 },
    );
  }
}

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const { db, env } = getApp(context);
  const user = getOptionalUser({ context });
  const slug = params.slug;
  // One round trip: the bot and, when signed in, what this viewer already did and the
  // personas they can start a chat as.
  const [[bot], interactions, ratings, personas, grants] = user
    ? await batch(env.DB, [
        botPageQuery(db, slug),
        viewerInteractionsQuery(db, slug, user.id),
        viewerRatingQuery(db, slug, user.id),
        db
          .selectFrom("personas")
          .select(["id", "name", "is_default"])
          .where("user_id", "=", user.id)
          .orderBy("is_default", "desc")
          .orderBy("name")
          .limit(50),
        botGrantQuery(db, user.id, slug),
      ])
    : [await botPageQuery(db, slug).execute(), [], [], [], []];
  if (!bot) notFound("We could not find that bot.");
  const grant = grants[0]?.permission_level;
  assertVisible(user, bot, grant);
  const done = new Set(interactions.map((row) => row.interaction_type));
  const url = new URL(request.url);
  // {{user}} reads as the persona a chat would start as, else the viewer's name, else "you".
  const reader = personas.find((p) => p.is_default)?.name ?? user?.displayName ?? null;
  const text = (value: string) => botDisplayText(value, bot.name, reader);
  const isCreatorOrAdmin = canEditBot(user, bot);
  const alternateGreetings = parseJsonArray(bot.alternate_greetings)
    .map(text)
    .filter((g) => g.trim());
  return {
    bot: { ...bot, description: text(bot.description), greeting: text(bot.greeting) },
    // Greetings are the chat's first message: shown formatted as the chat shows them.
    greetingHtml: bot.greeting.trim() ? renderChatMessage(text(bot.greeting)) : "",
    alternateGreetings,
    alternateGreetingsHtml: alternateGreetings.map(renderChatMessage),
    examples: exampleExchanges(bot.example_dialogues, bot.name, reader),
    // The lorebook page is its creator's (and admins'); only they get the link.
    lorebookHref: isCreatorOrAdmin ? `/knowledge/lorebooks/${bot.id}` : null,
    viewer: user
      ? {
          liked: done.has("like"),
          favorited: done.has("favorite"),
          reported: done.has("report"),
          score: ratings[0]?.score ?? null,
        }
      : null,
    canEdit: canEditBot(user, bot, grant),
    canShare: canShareBot(user, bot, grant),
    // Deleting stays with the creator and admins; a grant never includes it.
    canDelete: isCreatorOrAdmin,
    personas,
    notice: url.searchParams.get("done"),
    shareUrl: `${url.origin}/bots/${bot.slug}`,
  };
}

const actionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("like"), state: z.enum(["on", "off"]) }),
    z.object({ intent: z.literal("favorite"), state: z.enum(["on", "off"]) }),
    z.object({ intent: z.literal("share") }),
    z.object({
      intent: z.literal("rate"),
      score: z.coerce
        .number({ error: "Pick a rating from 1 to 5." })
        .int("Pick a rating from 1 to 5.")
        .min(1, "Pick a rating from 1 to 5.")
        .max(5, "Pick a rating from 1 to 5."),
    }),
    z.object({
      intent: z.literal("report"),
      reason: z.enum(REPORT_REASON_VALUES, { error: "Pick a reason for the report." }),
      details: formField.optionalText("Details", 2000),
    }),
  ],
  { error: "That form was not recognised." },
);

export async function action({ params, request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const [[bot], grants] = await batch(env.DB, [
    db
      .selectFrom("bots")
      .select(["id", "slug", "created_by_id", "is_public", "is_nsfw"])
      .where("slug", "=", params.slug),
    botGrantQuery(db, user.id, params.slug),
  ]);
  if (!bot) notFound("We could not find that bot.");
  assertVisible(user, bot, grants[0]?.permission_level);
  const submission = parseSubmission(await request.formData(), actionSchema);
  if (submission.status === "invalid") return invalid(submission);
  const deps = { db, d1: env.DB };
  const input = submission.value;
  const ids = { userId: user.id, botId: bot.id };
  switch (input.intent) {
    case "like":
    case "favorite":
      await setInteraction(deps, { ...ids, type: input.intent, on: input.state === "on" });
      break;
    case "share":
      await recordShare(deps, ids);
      break;
    case "rate":
      await rateBot(deps, { ...ids, score: input.score });
      break;
    case "report":
      await reportBot(deps, { ...ids, reason: input.reason, details: input.details });
      break;
  }
  // Back to the bot page (post/redirect/get), with a short note of what happened.
  throw redirect(
    `/bots/${bot.slug}?done=${input.intent}${input.intent === "like" || input.intent === "favorite" ? `-${input.state}` : ""}#${input.intent === "report" ? "report-done" : "actions"}`,
  );
}

const NOTICES: Record<string, string> = {
  "like-on": "You liked this bot.",
  "like-off": "You removed your like.",
  "favorite-on": "Added to your favorites.",
  "favorite-off": "Removed from your favorites.",
  share: "Here is the link to share.",
  rate: "Thanks — your rating is saved.",
  report: "Thanks — your report was sent to our moderators.",
  tip: "Thanks — your tip was sent to the creator.",
};

const buttonClass = "rounded border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-brand-50";

export default function BotPage({ loaderData, actionData }: Route.ComponentProps) {
  const {
    bot,
    viewer,
    canEdit,
    canShare,
    canDelete,
    personas,
    notice,
    shareUrl,
    alternateGreetings,
    examples,
    lorebookHref,
    greetingHtml,
    alternateGreetingsHtml,
  } = loaderData;
  const tags = parseJsonArray(bot.tags);
  const failedIntent = (actionData as FormState | undefined)?.values?.intent;
  const reportState = failedIntent === "report" ? (actionData as FormState) : undefined;
  const rateError = failedIntent === "rate" ? (actionData as FormState).fieldErrors?.score?.[0] : undefined;
  const creatorName = bot.creator_profile_name || bot.creator_name || "a BotCafe creator";
  return (
    <article className="space-y-6">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start">
        <BotAvatar name={bot.name} url={bot.avatar_url} alt={bot.avatar_alt} size={96} />
        <div className="min-w-0 flex-1">
          <h1 className="break-words text-3xl font-bold">{bot.name}</h1>
          <p className="text-stone-700">
            by{" "}
            {bot.creator_username ? (
              <a href={`/creators/${bot.creator_username}`} className="text-brand-700 underline">
                {creatorName}
              </a>
            ) : (
              creatorName
            )}
            {bot.is_public ? "" : " · Private"}
            {bot.is_nsfw ? " · NSFW" : ""}
          </p>
          <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-700">
            <div>
              <dt className="inline">Chats: </dt>
              <dd className="inline font-semibold">{bot.conversation_count.toLocaleString("en")}</dd>
            </div>
            <div>
              <dt className="inline">Likes: </dt>
              <dd className="inline font-semibold" data-testid="likes-count">
                {bot.likes_count.toLocaleString("en")}
              </dd>
            </div>
            <div>
              <dt className="inline">Favorites: </dt>
              <dd className="inline font-semibold">{bot.favorites_count.toLocaleString("en")}</dd>
            </div>
            <div>
              <dt className="inline">Rating: </dt>
              <dd className="inline font-semibold">
                {bot.rating !== null
                  ? `${bot.rating.toFixed(1)} / 5 (${plural(bot.rating_count, { one: "rating", other: "ratings" })})`
                  : "not rated yet"}
              </dd>
            </div>
          </dl>
          {tags.length > 0 ? (
            <ul className="mt-2 flex flex-wrap gap-1" aria-label="Tags">
              {tags.map((tag) => (
                <li key={tag}>
                  <a
                    href={`/bots?tag=${encodeURIComponent(tag)}`}
                    className="rounded bg-stone-100 px-2 py-0.5 text-sm text-stone-700 hover:underline"
                  >
                    #{tag}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <PostForm action="/chat/new" className="flex flex-col items-start gap-2 sm:items-end">
          <input type="hidden" name="botId" value={bot.id} />
          {personas.length > 0 ? (
            <label className="text-sm">
              Chat as{" "}
              <select
                name="personaId"
                defaultValue={personas.find((p) => p.is_default)?.id ?? ""}
                className="rounded border border-stone-300 bg-white px-2 py-1"
              >
                {/* Without a choice a chat uses the default persona, so "none" exists only when there is no default. */}
                {personas.some((p) => p.is_default) ? null : <option value="">No persona</option>}
                {personas.map((persona) => (
                  <option key={persona.id} value={persona.id}>
                    {persona.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button
            type="submit"
            className="rounded bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-900"
          >
            Start chat
          </button>
        </PostForm>
      </header>

      {canEdit ? (
        <p className="flex flex-wrap gap-3 text-sm">
          <a href={`/bots/${bot.slug}/edit`} className={buttonClass}>
            Edit
          </a>
          {canDelete ? (
            <a href={`/bots/${bot.slug}/delete`} className={buttonClass}>
              Delete
            </a>
          ) : null}
          {canShare ? (
            <a href={`/share/bot/${bot.id}`} className={buttonClass}>
              Sharing
            </a>
          ) : null}
          <span className="self-center text-stone-600">Export card:</span>
          <a href={`/bots/${bot.slug}/card/png`} className={buttonClass} download>
            PNG
          </a>
          <a href={`/bots/${bot.slug}/card/v2.json`} className={buttonClass} download>
            V2 JSON
          </a>
          <a href={`/bots/${bot.slug}/card/v3.json`} className={buttonClass} download>
            V3 JSON
          </a>
        </p>
      ) : null}

      {bot.description ? <p className="whitespace-pre-line break-words text-lg">{bot.description}</p> : null}
      <MinorsNotice />

      {bot.greeting ? (
        <section aria-labelledby="greeting">
          <h2 id="greeting" className="text-lg font-semibold">
            Greeting
          </h2>
          <blockquote
            className="chat-message mt-2 rounded-lg border-l-4 border-brand-700 bg-white p-3"
            dangerouslySetInnerHTML={{ __html: greetingHtml }}
          />
        </section>
      ) : null}

      {alternateGreetings.length > 0 ? (
        <section aria-labelledby="alternate-greetings">
          <h2 id="alternate-greetings" className="text-lg font-semibold">
            Other greetings
          </h2>
          <p className="text-sm text-stone-700">
            A new chat opens with the greeting above; these are its alternatives, one step away with “Next”.
          </p>
          <ol className="mt-2 space-y-2">
            {alternateGreetingsHtml.map((html, i) => (
              <li key={i}>
                <blockquote
                  className="chat-message rounded-lg border-l-4 border-stone-300 bg-white p-3"
                  dangerouslySetInnerHTML={{ __html: html }}
                />
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {examples.length > 0 ? (
        <section aria-labelledby="examples">
          <h2 id="examples" className="text-lg font-semibold">
            Example dialogue
          </h2>
          <ol className="mt-2 space-y-2" aria-label="Example exchanges">
            {examples.slice(0, 3).map((exchange, i) => (
              <li key={i} className="whitespace-pre-wrap break-words rounded-lg bg-white p-3 text-sm">
                {exchange.length > 600 ? `${exchange.slice(0, 600)}…` : exchange}
              </li>
            ))}
          </ol>
          {examples.length > 3 ? (
            <p className="mt-1 text-sm text-stone-600">
              …and {plural(examples.length - 3, { one: "more exchange", other: "more exchanges" })}.
            </p>
          ) : null}
        </section>
      ) : null}

      {lorebookHref ? (
        <p>
          <a href={lorebookHref} className="text-brand-700 underline">
            Lorebook of {bot.name}
          </a>{" "}
          <span className="text-sm text-stone-600">
            (world info entries and book settings — shown because you can edit this bot)
          </span>
        </p>
      ) : null}

      <section id="actions" aria-labelledby="actions-title" className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="actions-title" className="text-lg font-semibold">
          What do you think?
        </h2>
        {/* The confirmation sits inside the section the redirect scrolls to, so it is in view. */}
        {notice && notice !== "report" && NOTICES[notice] ? <DoneNotice text={NOTICES[notice]} /> : null}
        {viewer ? (
          <div className="mt-3 space-y-4">
            <div className="flex flex-wrap gap-2">
              <PostForm>
                <input type="hidden" name="intent" value="like" />
                <button
                  type="submit"
                  name="state"
                  value={viewer.liked ? "off" : "on"}
                  aria-pressed={viewer.liked}
                  className={buttonClass}
                >
                  {viewer.liked ? "♥ Liked — unlike" : "♡ Like"}
                </button>
              </PostForm>
              <PostForm>
                <input type="hidden" name="intent" value="favorite" />
                <button
                  type="submit"
                  name="state"
                  value={viewer.favorited ? "off" : "on"}
                  aria-pressed={viewer.favorited}
                  className={buttonClass}
                >
                  {viewer.favorited ? "★ Favorited — remove" : "☆ Favorite"}
                </button>
              </PostForm>
              <PostForm>
                <button type="submit" name="intent" value="share" className={buttonClass}>
                  Share
                </button>
              </PostForm>
            </div>
            {notice === "share" ? (
              <p>
                <label htmlFor="share-url" className="block text-sm font-medium">
                  Link to this bot
                </label>
                <input
                  id="share-url"
                  readOnly
                  value={shareUrl}
                  className="mt-1 block w-full rounded border border-stone-300 bg-stone-50 px-3 py-2"
                />
              </p>
            ) : null}
            <PostForm className="flex flex-wrap items-end gap-2">
              <fieldset>
                <legend className="text-sm font-medium">
                  Your rating{viewer.score ? ` (now ${viewer.score})` : ""}
                </legend>
                <div className="mt-1 flex gap-3">
                  {[1, 2, 3, 4, 5].map((n) => (
                    <label key={n} className="flex items-center gap-1">
                      <input type="radio" name="score" value={n} defaultChecked={viewer.score === n} />
                      {n}★
                    </label>
                  ))}
                </div>
                {rateError ? <p className="mt-1 text-sm text-red-700">{rateError}</p> : null}
              </fieldset>
              <button type="submit" name="intent" value="rate" className={buttonClass}>
                Rate
              </button>
            </PostForm>
          </div>
        ) : (
          <p className="mt-2">
            <a
              href={`/sign-in?redirectTo=${encodeURIComponent(`/bots/${bot.slug}`)}`}
              className="text-brand-700 underline"
            >
              Sign in
            </a>{" "}
            to like, favorite, rate or report this bot.
          </p>
        )}
      </section>

      {viewer && !canEdit ? <TipForm botId={bot.id} slug={bot.slug} /> : null}

      {notice === "report" ? (
        <div id="report-done">
          <DoneNotice text={NOTICES.report!} />
        </div>
      ) : null}
      {viewer && !canEdit ? (
        <details id="report" open={Boolean(reportState)} className="rounded-lg border border-stone-200 bg-white p-4">
          <summary className="cursor-pointer font-semibold">Report this bot</summary>
          <PostForm className="mt-3" noValidate>
            <FormErrors state={reportState} />
            <SelectField
              label="Reason"
              name="reason"
              state={reportState}
              options={[{ value: "", label: "Choose a reason…" }, ...REPORT_REASONS]}
            />
            <TextArea
              label="Details (optional)"
              name="details"
              rows={3}
              maxLength={2000}
              state={reportState}
              hint="What should our moderators look at?"
            />
            <button type="submit" name="intent" value="report" className={buttonClass}>
              Send report
            </button>
          </PostForm>
        </details>
      ) : null}
    </article>
  );
}

function DoneNotice({ text }: { text: string }) {
  return <SuccessNotice>{text}</SuccessNotice>;
}

/** Delete a bot, after a confirmation step: this page is the question, its form the answer. */
import { redirect } from "react-router";
import { notFound, requireUser } from "~/lib/auth/guards";
import { canEditBot } from "~/lib/bots/access";
import { getApp } from "~/lib/context";
import { deleteBot } from "~/lib/bots/delete-bot";
import type { Route } from "./+types/delete";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Delete bot · BotCafe" }];
}

async function loadOwned({ request, context, params }: Route.LoaderArgs | Route.ActionArgs) {
  const user = requireUser({ request, context });
  const bot = await getApp(context)
    .db.selectFrom("bots")
    .select(["id", "name", "slug", "created_by_id", "avatar_id", "conversation_count"])
    .where("slug", "=", params.slug)
    .executeTakeFirst();
  if (!bot || !canEditBot(user, bot)) notFound("We could not find that bot.");
  return bot;
}

export async function loader(args: Route.LoaderArgs) {
  const bot = await loadOwned(args);
  return { bot: { name: bot.name, slug: bot.slug, conversation_count: bot.conversation_count } };
}

export async function action(args: Route.ActionArgs) {
  const bot = await loadOwned(args);
  const { db, env, services, waitUntil } = getApp(args.context);
  await deleteBot({ db, bucket: env.MEDIA, services, waitUntil }, bot);
  throw redirect("/my/bots?deleted=1");
}

export default function DeleteBot({ loaderData }: Route.ComponentProps) {
  const { bot } = loaderData;
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-red-200 bg-white p-6">
      <h1 className="text-2xl font-bold">Delete {bot.name}?</h1>
      <p className="mt-3 text-stone-700">
        This removes the bot, its lorebook, its likes and ratings
        {bot.conversation_count > 0 ? `, and its ${bot.conversation_count.toLocaleString("en")} conversations` : ""}. It
        cannot be undone.
      </p>
      <div className="mt-6 flex flex-wrap gap-3">
        <PostForm>
          <button type="submit" className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-900">
            Yes, delete {bot.name}
          </button>
        </PostForm>
        <a href={`/bots/${bot.slug}`} className="rounded border border-stone-300 px-4 py-2 hover:bg-stone-100">
          No, keep it
        </a>
      </div>
    </div>
  );
}

/** Edit a bot: only its creator or an admin; everyone else gets a 404. */
import { batch } from "#db/batch";
import { editableBotQuery } from "#db/queries/bots";
import { BotForm } from "~/components/bot-form";
import { getOptionalUser, notFound, requireUser } from "~/lib/auth/guards";
import { botGrantQuery, canEditBot } from "~/lib/bots/access";
import { saveBotFromForm } from "~/lib/bots/save";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import { getApp } from "~/lib/context";
import { parseJsonArray } from "~/lib/json";
import type { Route } from "./+types/edit";

export function meta({ loaderData: data }: Route.MetaArgs) {
  return [{ title: data ? `Edit ${data.bot.name} · BotCafe` : "Edit bot · BotCafe" }];
}

async function loadEditable(args: { request: Request; context: Route.LoaderArgs["context"]; slug: string }) {
  const user = requireUser(args);
  const { db, env } = getApp(args.context);
  const [[bot], grants] = await batch(env.DB, [editableBotQuery(db, args.slug), botGrantQuery(db, user.id, args.slug)]);
  if (!bot || !canEditBot(getOptionalUser(args), bot, grants[0]?.permission_level))
    notFound("We could not find that bot.");
  return { user, bot };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { bot } = await loadEditable({ request, context, slug: params.slug });
  return {
    bot: {
      name: bot.name,
      slug: bot.slug,
      description: bot.description,
      personality: bot.personality,
      system_prompt: bot.system_prompt,
      greeting: bot.greeting,
      example_dialogues: bot.example_dialogues,
      scenario: bot.scenario,
      tags: parseJsonArray(bot.tags).join(", "),
      is_public: bot.is_public === 1,
      is_nsfw: bot.is_nsfw === 1,
      avatar_url: bot.avatar_url,
    },
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, bot } = await loadEditable({ request, context, slug: params.slug });
  const { db, env } = getApp(context);
  return saveBotFromForm(
    {
      db,
      d1: env.DB,
      bucket: env.MEDIA,
      beforeImageUpload: () => enforceRateLimit({ request, context }, "image_upload", user.id),
    },
    request,
    user,
    bot,
  );
}

export default function EditBot({ loaderData, actionData }: Route.ComponentProps) {
  const { bot } = loaderData;
  return (
    <div className="mx-auto max-w-2xl">
      <p className="text-sm">
        <a href={`/bots/${bot.slug}`} className="text-brand-700 underline">
          ← Back to {bot.name}
        </a>
      </p>
      <h1 className="mb-4 text-2xl font-bold">Edit {bot.name}</h1>
      <BotForm state={actionData} defaults={bot} submitLabel="Save changes" />
    </div>
  );
}

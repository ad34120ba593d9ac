/** Create a bot (signed in). */
import { BotForm, EMPTY_BOT_FORM } from "~/components/bot-form";
import { BotAllowanceNotice, UpgradeNotice } from "~/components/upgrade-notice";
import { requireUser } from "~/lib/auth/guards";
import { botAllowance, botLimitRefusal } from "~/lib/billing/limits";
import { saveBotFromForm } from "~/lib/bots/save";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/new";

export function meta() {
  return [{ title: "Create a bot · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  return { allowance: await botAllowance(db, env.DB, env, user) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const overLimit = await botLimitRefusal(db, env.DB, env, user, request);
  if (overLimit) return overLimit;
  return saveBotFromForm(
    {
      db,
      d1: env.DB,
      bucket: env.MEDIA,
      beforeImageUpload: () => enforceRateLimit({ request, context }, "image_upload", user.id),
    },
    request,
    user,
    null,
  );
}

export default function NewBot({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-2xl font-bold">Create a bot</h1>
      <p className="mt-1 mb-4 text-stone-700">
        Have a character card already?{" "}
        <a href="/bots/import" className="text-brand-700 underline">
          Import it instead
        </a>
        .
      </p>
      {actionData ? <UpgradeNotice state={actionData} /> : <BotAllowanceNotice allowance={loaderData.allowance} />}
      <BotForm state={actionData} defaults={EMPTY_BOT_FORM} submitLabel="Create bot" />
    </div>
  );
}

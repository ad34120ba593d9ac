/** /knowledge/new — write a knowledge entry (or a world info entry). */
import { redirect } from "react-router";
import { FormErrors, SubmitButton } from "~/components/form";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { checkOwnedChoices, createEntry } from "~/lib/knowledge/entries";
import { entryFormDefaults, entrySchema, entryValuesFromSubmission } from "~/lib/knowledge/entry-form";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { batch } from "#db/batch";
import { ownBotsQuery, ownCollectionsQuery } from "#db/queries/knowledge";
import { EntryFields } from "./entry-fields";
import type { Route } from "./+types/new";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "New knowledge entry · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const [bots, collections] = await batch(env.DB, [ownBotsQuery(db, user.id), ownCollectionsQuery(db, user.id)]);
  const defaults = entryFormDefaults();
  // Links from a bot or collection page can preselect them (?bot=…&collection=…&type=world_info).
  const bot = url.searchParams.get("bot");
  const collection = url.searchParams.get("collection");
  if (bot && bots.some((b) => b.id === bot)) defaults.bot_id = bot;
  if (collection && collections.some((c) => c.id === collection)) defaults.collection_id = collection;
  if (url.searchParams.get("type") === "world_info") defaults.content_type = "world_info";
  return { bots, collections, defaults };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const app = getApp(context);
  const submission = parseSubmission(await request.formData(), entrySchema);
  if (submission.status === "invalid") return invalid(submission);
  const value = submission.value;
  const ownership = await checkOwnedChoices(app.db, app.env.DB, user.id, value);
  if (Object.keys(ownership).length > 0) return invalidWith(submission.values, ownership);
  const id = await createEntry({ ...app, d1: app.env.DB }, user.id, entryValuesFromSubmission(value));
  throw redirect(`/knowledge/${id}`);
}

export default function NewEntry({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-2xl">
      <p>
        <a href="/knowledge" className="text-sm text-brand-700 underline">
          ← Knowledge
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">New knowledge entry</h1>
      <PostForm className="mt-4 rounded border border-stone-200 bg-white p-4" noValidate>
        <FormErrors state={actionData} />
        <EntryFields
          defaults={loaderData.defaults}
          state={actionData}
          bots={loaderData.bots}
          collections={loaderData.collections}
        />
        <div className="mt-4">
          <SubmitButton>Create entry</SubmitButton>
        </div>
      </PostForm>
    </div>
  );
}

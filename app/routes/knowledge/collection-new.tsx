/** /knowledge/collections/new — group knowledge; a public collection can be used by other creators' bots. */
import { redirect } from "react-router";
import { Checkbox, FormErrors, SelectField, SubmitButton, TextArea, TextField } from "~/components/form";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { collectionSchema } from "~/lib/knowledge/collections";
import { checkOwnedChoices } from "~/lib/knowledge/entries";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { newId } from "~/lib/ids";
import { ownBotsQuery } from "#db/queries/knowledge";
import type { Route } from "./+types/collection-new";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "New collection · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db } = getApp(context);
  return { bots: await ownBotsQuery(db, user.id).execute() };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), collectionSchema);
  if (submission.status === "invalid") return invalid(submission);
  const value = submission.value;
  const ownership = await checkOwnedChoices(db, env.DB, user.id, { bot_id: value.bot_id, collection_id: null });
  if (Object.keys(ownership).length > 0) return invalidWith(submission.values, ownership);
  const id = newId();
  await db
    .insertInto("knowledge_collections")
    .values({
      id,
      name: value.name,
      description: value.description,
      bot_id: value.bot_id,
      is_public: value.is_public ? 1 : 0,
      created_by_id: user.id,
    })
    .execute();
  throw redirect(`/knowledge/collections/${id}`);
}

export default function NewCollection({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-2xl">
      <p>
        <a href="/knowledge" className="text-sm text-brand-700 underline">
          ← Knowledge
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">New collection</h1>
      <PostForm className="mt-4 rounded border border-stone-200 bg-white p-4" noValidate>
        <FormErrors state={actionData} />
        <TextField label="Name" name="name" state={actionData} required maxLength={120} />
        <TextArea label="Description" name="description" state={actionData} maxLength={2000} />
        <SelectField
          label="Bot"
          name="bot_id"
          state={actionData}
          options={[{ value: "", label: "No bot" }, ...loaderData.bots.map((b) => ({ value: b.id, label: b.name }))]}
        />
        <Checkbox
          label="Public"
          name="is_public"
          state={actionData}
          hint="Anyone can read a public collection and use it in their bots."
        />
        <SubmitButton>Create collection</SubmitButton>
      </PostForm>
    </div>
  );
}

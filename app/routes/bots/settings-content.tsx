/** Content settings: whether to see bots marked NSFW (off unless the user opts in). */
import { sql } from "kysely";
import { redirect } from "react-router";
import { z } from "zod";
import { Checkbox, FormErrors, SubmitButton } from "~/components/form";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import type { Route } from "./+types/settings-content";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Content settings · BotCafe" }];
}

export function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  return {
    nsfw: user.preferences.nsfw === true && user.ageGroup !== "minor",
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

const schema = z.object({ nsfw: formField.checkbox() });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  // The NSFW opt-in requires an adult: a known minor is refused (and never served NSFW anyway).
  if (submission.value.nsfw && user.ageGroup === "minor")
    return invalidWith(submission.values, { nsfw: ["Adult bots are only for people 18 or older."] });
  // json_set keeps the other preferences other pages store in the same object.
  await getApp(context)
    .db.updateTable("users")
    .set({
      preferences: sql<string>`json_set(preferences, '$.nsfw', json(${submission.value.nsfw ? "true" : "false"}))`,
      updated_at: new Date().toISOString(),
    })
    .where("id", "=", user.id)
    .execute();
  throw redirect("/settings/content?saved=1");
}

export default function ContentSettings({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">Content settings</h1>
      {loaderData.saved ? (
        <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          Saved.
        </p>
      ) : null}
      <PostForm className="mt-4 rounded-lg border border-stone-200 bg-white p-4">
        <FormErrors state={actionData} />
        <Checkbox
          label="Show bots marked NSFW"
          name="nsfw"
          state={actionData}
          defaultChecked={loaderData.nsfw}
          hint="I am 18 or older and want to see adult bots on Explore and open their pages. Off by default; never shown when signed out."
        />
        <SubmitButton>Save</SubmitButton>
      </PostForm>
    </div>
  );
}

/** /personas/new — create a persona. */
import { redirect } from "react-router";
import { requireUser } from "~/lib/auth/guards";
import { avatarFromForm, personaSchema, savePersona } from "~/lib/chat/personas";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import { assertUploadSize, isEmptyFile } from "~/lib/media/upload";
import { getApp } from "~/lib/context";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { PersonaForm } from "./persona-form";
import type { Route } from "./+types/new";

export function meta() {
  return [{ title: "New persona · BotCafe" }];
}

export function loader({ request, context }: Route.LoaderArgs) {
  requireUser({ request, context });
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  assertUploadSize(request);
  const formData = await request.formData();
  const submission = parseSubmission(formData, personaSchema);
  if (submission.status === "invalid") return invalid(submission);
  if (!isEmptyFile(formData.get("avatar"))) await enforceRateLimit({ request, context }, "image_upload", user.id);
  const avatar = await avatarFromForm({ db, bucket: env.MEDIA }, formData, user.id);
  if (!avatar.ok) return invalidWith(submission.values, { avatar: [avatar.error] });
  await savePersona(db, env.DB, user.id, submission.value, undefined, avatar.avatarId ?? null);
  throw redirect("/personas");
}

export default function NewPersona({ actionData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p className="text-sm">
        <a href="/personas" className="text-brand-700 underline">
          Your personas
        </a>
      </p>
      <h1 className="text-2xl font-bold">New persona</h1>
      <PersonaForm state={actionData} submitLabel="Create persona" />
    </div>
  );
}

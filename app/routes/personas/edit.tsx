/** /personas/:personaId — edit, make default, or delete one of your personas. */
import { redirect } from "react-router";
import { notFound, requireUser } from "~/lib/auth/guards";
import { avatarFromForm, personaFormValues, personaSchema, savePersona } from "~/lib/chat/personas";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import { assertUploadSize, deleteMedia, isEmptyFile } from "~/lib/media/upload";
import { getApp } from "~/lib/context";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { PersonaForm } from "./persona-form";
import type { Route } from "./+types/edit";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `${loaderData?.name ?? "Persona"} · BotCafe` }];
}

function ownedPersona(db: ReturnType<typeof getApp>["db"], personaId: string, userId: string) {
  return db
    .selectFrom("personas")
    .leftJoin("media", "media.id", "personas.avatar_id")
    .select([
      "personas.id",
      "personas.avatar_id",
      "media.url as avatar_url",
      "name",
      "description",
      "personality_traits",
      "communication_style",
      "topics_of_interest",
      "signature_phrases",
      "response_length",
      "humor_level",
      "formality_level",
      "emotional_expressiveness",
      "is_default",
      "is_public",
    ])
    .where("personas.id", "=", personaId)
    .where("personas.user_id", "=", userId)
    .executeTakeFirst();
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const persona = await ownedPersona(getApp(context).db, params.personaId, user.id);
  if (!persona) notFound("We could not find that persona.");
  return { id: persona.id, name: persona.name, avatarUrl: persona.avatar_url, values: personaFormValues(persona) };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  assertUploadSize(request);
  const existing = await ownedPersona(db, params.personaId, user.id);
  if (!existing) notFound("We could not find that persona.");
  const bucket = env.MEDIA;
  const formData = await request.formData();
  if (formData.get("intent") === "delete") {
    await db.deleteFrom("personas").where("id", "=", existing.id).where("user_id", "=", user.id).execute();
    if (existing.avatar_id) await deleteMedia({ db, bucket }, existing.avatar_id);
    throw redirect("/personas");
  }
  const submission = parseSubmission(formData, personaSchema);
  if (submission.status === "invalid") return invalid(submission);
  if (!isEmptyFile(formData.get("avatar"))) await enforceRateLimit({ request, context }, "image_upload", user.id);
  const avatar = await avatarFromForm({ db, bucket }, formData, user.id);
  if (!avatar.ok) return invalidWith(submission.values, { avatar: [avatar.error] });
  await savePersona(db, env.DB, user.id, submission.value, existing.id, avatar.avatarId);
  // The replaced (or removed) avatar is no longer anyone's.
  if (existing.avatar_id && avatar.avatarId !== undefined && avatar.avatarId !== existing.avatar_id)
    await deleteMedia({ db, bucket }, existing.avatar_id);
  throw redirect("/personas");
}

export default function EditPersona({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p className="text-sm">
        <a href="/personas" className="text-brand-700 underline">
          Your personas
        </a>
      </p>
      <h1 className="text-2xl font-bold">Edit {loaderData.name}</h1>
      <PersonaForm
        state={actionData ?? { values: loaderData.values }}
        submitLabel="Save persona"
        avatarUrl={loaderData.avatarUrl}
      />
      <PostForm className="rounded-lg border border-red-200 bg-white p-4">
        <input type="hidden" name="intent" value="delete" />
        <p className="text-sm text-stone-700">
          Chats that use this persona keep their messages and fall back to your display name.
        </p>
        <button type="submit" className="mt-2 rounded border border-red-300 px-3 py-1.5 text-red-800 hover:bg-red-50">
          Delete persona
        </button>
      </PostForm>
    </div>
  );
}

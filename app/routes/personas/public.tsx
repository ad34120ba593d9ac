/** /personas/public — personas people have shared, newest first, paged. */
import { redirect } from "react-router";
import { z } from "zod";
import { notFound, requireUser } from "~/lib/auth/guards";
import { newId } from "~/lib/ids";
import { invalid, parseSubmission } from "~/lib/forms";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/public";
import { PostForm } from "~/components/post-form";

const PER_PAGE = 24;

export function meta() {
  return [{ title: "Public personas · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  requireUser({ request, context });
  const pageParam = Number(new URL(request.url).searchParams.get("page"));
  const page = Number.isInteger(pageParam) && pageParam > 1 ? Math.min(pageParam, 1000) : 1;
  const rows = await getApp(context)
    .db.selectFrom("personas")
    .innerJoin("users", "users.id", "personas.user_id")
    .select([
      "personas.id",
      "personas.name",
      "personas.description",
      "personas.communication_style",
      "personas.topics_of_interest",
      "users.display_name as owner_name",
    ])
    .where("personas.is_public", "=", 1)
    .orderBy("personas.created_at", "desc")
    .orderBy("personas.id", "desc")
    .limit(PER_PAGE + 1)
    .offset((page - 1) * PER_PAGE)
    .execute();
  return { personas: rows.slice(0, PER_PAGE), page, hasNext: rows.length > PER_PAGE };
}

const copySchema = z.object({ intent: z.literal("copy"), personaId: z.string().min(1).max(64) });

/** "Use this persona": copy a public persona into your own, so you can pick and edit it. */
export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db } = getApp(context);
  const submission = parseSubmission(await request.formData(), copySchema);
  if (submission.status === "invalid") return invalid(submission);
  const id = newId();
  const copied = await db
    .insertInto("personas")
    .columns([
      "id",
      "user_id",
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
    ])
    .expression(
      db
        .selectFrom("personas")
        .select(({ val }) => [
          val(id).as("id"),
          val(user.id).as("user_id"),
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
        ])
        .where("id", "=", submission.value.personaId)
        .where("is_public", "=", 1),
    )
    .returning("id")
    .execute();
  if (!copied.length) notFound("We could not find that persona.");
  throw redirect(`/personas/${id}`);
}

export default function PublicPersonas({ loaderData }: Route.ComponentProps) {
  const { personas, page, hasNext } = loaderData;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm">
          <a href="/personas" className="text-brand-700 underline">
            Your personas
          </a>
        </p>
        <h1 className="text-2xl font-bold">Public personas</h1>
        <p className="text-stone-700">
          “Use this persona” copies one into your own personas, where you can edit it and pick it for a chat.
        </p>
      </header>
      {personas.length === 0 ? (
        <p className="text-stone-700">Nobody has shared a persona yet.</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {personas.map((p) => (
            <li key={p.id} className="rounded-lg border border-stone-200 bg-white p-4">
              <h2 className="font-semibold">{p.name}</h2>
              <p className="text-sm text-stone-600">
                by {p.owner_name ?? "someone"}
                {p.communication_style ? ` · ${p.communication_style}` : ""}
              </p>
              {p.description ? <p className="mt-1 text-sm">{p.description.slice(0, 240)}</p> : null}
              <PostForm className="mt-2">
                <input type="hidden" name="intent" value="copy" />
                <input type="hidden" name="personaId" value={p.id} />
                <button
                  type="submit"
                  className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100"
                  aria-label={`Use ${p.name} as my persona`}
                >
                  Use this persona
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {page > 1 ? (
          <a
            href={page === 2 ? "/personas/public" : `/personas/public?page=${page - 1}`}
            className="text-brand-700 underline"
          >
            Newer
          </a>
        ) : null}
        {hasNext ? (
          <a href={`/personas/public?page=${page + 1}`} className="text-brand-700 underline">
            Older
          </a>
        ) : null}
      </nav>
    </div>
  );
}

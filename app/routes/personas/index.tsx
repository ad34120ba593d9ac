/** /personas — your personas; make one the default. */
import { redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { notFound, requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { invalid, parseSubmission } from "~/lib/forms";
import type { Route } from "./+types/index";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Your personas · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const personas = await getApp(context)
    .db.selectFrom("personas")
    .select(["id", "name", "description", "is_default", "is_public"])
    .where("user_id", "=", user.id)
    .orderBy("is_default", "desc")
    .orderBy("name")
    .limit(200)
    .execute();
  return { personas };
}

const defaultSchema = z.object({ intent: z.literal("make-default"), personaId: z.string().min(1).max(64) });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), defaultSchema);
  if (submission.status === "invalid") return invalid(submission);
  const { personaId } = submission.value;
  // Clear the old default first, in the same batch, so the one-default index never trips.
  const [, updated] = await batch(env.DB, [
    db
      .updateTable("personas")
      .set({ is_default: 0 })
      .where("user_id", "=", user.id)
      .where("id", "!=", personaId)
      .where("is_default", "=", 1),
    db
      .updateTable("personas")
      .set({ is_default: 1 })
      .where("id", "=", personaId)
      .where("user_id", "=", user.id)
      .returning("id"),
  ]);
  if (!updated.length) notFound("We could not find that persona.");
  throw redirect("/personas");
}

export default function Personas({ loaderData }: Route.ComponentProps) {
  const { personas } = loaderData;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-bold">Your personas</h1>
        <p className="flex gap-3">
          <a href="/personas/public" className="text-brand-700 underline">
            Browse public personas
          </a>
          <a
            href="/personas/new"
            className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-900"
          >
            New persona
          </a>
        </p>
      </header>
      {personas.length === 0 ? (
        <p className="text-stone-700">
          No personas yet. A persona is who you are in a chat: a name, a description and a style.
        </p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
          {personas.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <div>
                <a href={`/personas/${p.id}`} className="font-medium text-brand-700 underline">
                  {p.name}
                </a>
                {p.is_default ? (
                  <span className="ml-2 rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-900">default</span>
                ) : null}
                {p.is_public ? <span className="ml-2 rounded bg-stone-100 px-1.5 py-0.5 text-xs">public</span> : null}
                {p.description ? <p className="text-sm text-stone-600">{p.description.slice(0, 160)}</p> : null}
              </div>
              {p.is_default ? null : (
                <PostForm>
                  <input type="hidden" name="intent" value="make-default" />
                  <input type="hidden" name="personaId" value={p.id} />
                  <button
                    type="submit"
                    className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100"
                    aria-label={`Make ${p.name} the default`}
                  >
                    Make default
                  </button>
                </PostForm>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

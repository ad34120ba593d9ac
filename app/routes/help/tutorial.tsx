/** /tutorials/:tutorialId — numbered steps; a signed-in person marks steps done (plain forms). */
import { redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { getOptionalUser, notFound, requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { invalid, parseSubmission } from "~/lib/forms";
import { markStepQuery, parseSteps, progressQuery, tutorialQuery, unmarkStepQuery } from "~/lib/help/tutorials";
import type { Route } from "./+types/tutorial";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData: data }: Route.MetaArgs) {
  return [{ title: `${data?.tutorial.title ?? "Tutorial"} · BotCafe` }];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const { db, env } = getApp(context);
  const user = getOptionalUser({ context });
  const [tutorials, progress] = await batch(env.DB, [
    tutorialQuery(db, params.tutorialId),
    progressQuery(db, user?.id ?? "", params.tutorialId),
  ]);
  const row = tutorials[0];
  if (!row) notFound("We could not find that tutorial.");
  const steps = parseSteps(row.steps);
  const done = progress.map((p) => p.step).filter((s) => s >= 1 && s <= steps.length);
  const { steps: _json, ...tutorial } = row;
  return { tutorial, steps, done, signedIn: Boolean(user) };
}

const stepSchema = z.object({
  intent: z.enum(["done", "undo"]),
  step: z.coerce.number({ error: "Pick a step." }).int().min(1).max(100),
});

export async function action({ request, params, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db } = getApp(context);
  const submission = parseSubmission(await request.formData(), stepSchema);
  if (submission.status === "invalid") return invalid(submission);
  const row = await tutorialQuery(db, params.tutorialId).executeTakeFirst();
  if (!row) notFound("We could not find that tutorial.");
  const { intent, step } = submission.value;
  if (step > parseSteps(row.steps).length) notFound("That tutorial has no such step.");
  await (
    intent === "done" ? markStepQuery(db, user.id, row.id, step) : unmarkStepQuery(db, user.id, row.id, step)
  ).execute();
  throw redirect(`/tutorials/${row.id}#step-${step}`, 303);
}

export default function Tutorial({ loaderData }: Route.ComponentProps) {
  const { tutorial, steps, done, signedIn } = loaderData;
  const doneSet = new Set(done);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <nav className="text-sm">
        <a href="/tutorials" className="text-brand-700 underline">
          Tutorials
        </a>
      </nav>
      <header>
        <h1 className="text-2xl font-bold">{tutorial.title}</h1>
        <p className="mt-1 text-stone-700">{tutorial.description}</p>
        <p className="mt-1 text-sm text-stone-600">
          {tutorial.difficulty}
          {tutorial.estimated_time ? ` · about ${tutorial.estimated_time} minutes` : ""}
        </p>
        {signedIn ? (
          <p className="mt-2 font-medium" role="status">
            {doneSet.size} of {steps.length} done
          </p>
        ) : (
          <p className="mt-2 text-sm">
            <a
              href={`/sign-in?redirectTo=${encodeURIComponent(`/tutorials/${tutorial.id}`)}`}
              className="text-brand-700 underline"
            >
              Sign in
            </a>{" "}
            to keep track of your progress.
          </p>
        )}
      </header>
      <ol className="space-y-3">
        {steps.map((step, i) => {
          const n = i + 1;
          const isDone = doneSet.has(n);
          return (
            <li
              key={n}
              id={`step-${n}`}
              className={`rounded-lg border bg-white p-4 ${isDone ? "border-green-600" : "border-stone-200"}`}
            >
              <h2 className="font-semibold">
                Step {n}: {step.title}{" "}
                {isDone ? <span className="ml-1 text-sm font-normal text-green-800">(done)</span> : null}
              </h2>
              <p className="mt-1 whitespace-pre-line text-stone-700">{step.body}</p>
              <div className="mt-2 flex flex-wrap items-center gap-3">
                {step.link ? (
                  <a href={step.link} className="text-brand-700 underline">
                    {step.linkLabel ?? "Go there"}
                  </a>
                ) : null}
                {signedIn ? (
                  <PostForm>
                    <input type="hidden" name="step" value={n} />
                    <button
                      type="submit"
                      name="intent"
                      value={isDone ? "undo" : "done"}
                      className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100"
                    >
                      {isDone ? `Mark step ${n} not done` : `Mark step ${n} done`}
                    </button>
                  </PostForm>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

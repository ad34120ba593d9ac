/** /tutorials — every tutorial with its category, difficulty and time. */
import { getApp } from "~/lib/context";
import { parseSteps, tutorialListQuery } from "~/lib/help/tutorials";
import type { Route } from "./+types/tutorials";

export function meta() {
  return [{ title: "Tutorials · BotCafe" }];
}

export async function loader({ context }: Route.LoaderArgs) {
  const rows = await tutorialListQuery(getApp(context).db).execute();
  return { tutorials: rows.map(({ steps, ...t }) => ({ ...t, stepCount: parseSteps(steps).length })) };
}

export default function Tutorials({ loaderData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-bold">Tutorials</h1>
      <p className="mt-1 text-stone-700">
        Short guided tasks. Each step links to the page where you do it; sign in to keep track of the steps you finish.
      </p>
      <ul className="mt-4 space-y-3">
        {loaderData.tutorials.map((t) => (
          <li key={t.id} className="rounded-lg border border-stone-200 bg-white p-4">
            <a href={`/tutorials/${t.id}`} className="text-lg font-medium text-brand-700 underline">
              {t.title}
            </a>
            <p className="mt-1 text-stone-700">{t.description}</p>
            <p className="mt-1 text-sm text-stone-600">
              {t.category} · {t.difficulty} · {t.stepCount} steps
              {t.estimated_time ? ` · about ${t.estimated_time} minutes` : ""}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

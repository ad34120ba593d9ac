/** /legal/:type/versions — every published version, newest first. */
import { notFound } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { isLegalType, LEGAL_TYPES, publishedVersionsQuery } from "~/lib/legal/documents";
import type { Route } from "./+types/versions";

export function meta() {
  return [{ title: "Versions · BotCafe" }];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  if (!isLegalType(params.type)) notFound();
  const versions = await publishedVersionsQuery(getApp(context).db, params.type, new Date().toISOString()).execute();
  if (versions.length === 0) notFound("This document has not been published yet.");
  return { type: params.type, title: LEGAL_TYPES[params.type], versions };
}

export default function LegalVersions({ loaderData }: Route.ComponentProps) {
  const { type, title, versions } = loaderData;
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-bold">{title}: versions</h1>
      <ul className="mt-4 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
        {versions.map((v, i) => (
          <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
            <a
              href={`/legal/${type}/versions/${encodeURIComponent(v.version)}`}
              className="font-medium text-brand-700 underline"
            >
              Version {v.version}
            </a>
            <span className="text-sm text-stone-600">
              in effect from {v.effective_date.slice(0, 10)}
              {i === 0 ? " (current)" : ""}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One crisis listing: what it is, when it answers, and links a phone can act on. */
import { contactLinks, TYPE_LABELS, type CrisisResource, type CrisisType } from "~/lib/wellbeing/resources";
import { REGION_LABELS, isCrisisRegion } from "~/lib/wellbeing/regions";

const checkedDate = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString("en", {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });

export function CrisisResourceCard({ resource }: { resource: CrisisResource }) {
  const links = contactLinks(resource);
  return (
    <li className="rounded-lg border border-stone-200 bg-white p-4">
      <h3 className="text-lg font-semibold">{resource.name}</h3>
      <p className="mt-1 flex flex-wrap gap-2 text-xs">
        {resource.is_emergency ? (
          <span className="rounded bg-red-100 px-1.5 py-0.5 font-semibold text-red-900">Emergency</span>
        ) : null}
        {resource.is_24_7 ? (
          <span className="rounded bg-green-100 px-1.5 py-0.5 font-semibold text-green-900">24/7</span>
        ) : null}
        <span className="rounded bg-stone-100 px-1.5 py-0.5">
          {isCrisisRegion(resource.region) ? REGION_LABELS[resource.region] : resource.region}
        </span>
        <span className="rounded bg-stone-100 px-1.5 py-0.5">
          {TYPE_LABELS[resource.type as CrisisType] ?? resource.type}
        </span>
        <span className="rounded bg-stone-100 px-1.5 py-0.5 capitalize">{resource.category}</span>
      </p>
      {resource.description ? <p className="mt-2">{resource.description}</p> : null}
      {resource.hours ? <p className="mt-1 text-sm text-stone-600">Hours: {resource.hours}</p> : null}
      {links.length > 0 ? (
        <ul className="mt-3 flex flex-wrap gap-2">
          {links.map((link) => (
            <li key={link.href}>
              <a
                href={link.href}
                className="inline-block rounded border border-brand-700 px-3 py-1.5 font-medium text-brand-700 hover:bg-brand-50"
                rel={link.href.startsWith("https:") ? "noopener noreferrer" : undefined}
              >
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-3 text-xs text-stone-500">
        {resource.source_url ? (
          <>
            Source:{" "}
            <a href={resource.source_url} className="underline" rel="noopener noreferrer">
              {new URL(resource.source_url).hostname}
            </a>
          </>
        ) : (
          "Source not recorded"
        )}
        {resource.last_checked ? ` · Last checked ${checkedDate(resource.last_checked)}` : null}
      </p>
    </li>
  );
}

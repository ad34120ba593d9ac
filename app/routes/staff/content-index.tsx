/** /staff/content (admins) — the collections a team edits, one generic editor for all. */
import { requireStaff } from "~/lib/auth/guards";
import { COLLECTIONS } from "~/lib/staff/content-collections";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/content-index";

export function meta() {
  return [{ title: "Content · Staff · BotCafe" }];
}

export function loader({ context }: Route.LoaderArgs) {
  requireStaff({ context }, "admin");
  return { collections: COLLECTIONS.map((c) => ({ key: c.key, label: c.label })) };
}

export default function ContentIndex({ loaderData }: Route.ComponentProps) {
  return (
    <div className="max-w-3xl">
      <StaffNav isAdmin current="/staff/content" />
      <h1 className="text-2xl font-bold">Content</h1>
      <p className="mt-1 text-stone-700">
        What the team writes and publishes. Every change is recorded in the audit log.
      </p>
      <ul className="mt-4 grid gap-2 sm:grid-cols-2">
        {loaderData.collections.map((c) => (
          <li key={c.key}>
            <a
              href={`/staff/content/${c.key}`}
              className="block rounded border border-stone-200 bg-white p-3 text-brand-700 underline hover:bg-brand-50"
            >
              {c.label}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

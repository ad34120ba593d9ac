/** /staff — the counts that matter, each an indexed count, all in one D1 round trip. */
import { batch } from "#db/batch";
import { requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/home";

export function meta() {
  return [{ title: "Staff · BotCafe" }];
}

export async function loader({ context }: Route.LoaderArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const active = ["open", "in_progress"] as const;
  const dayAgo = new Date(Date.now() - 24 * 3600_000).toISOString();
  const [open, unassigned, mine, waiting, reports, applications] = await batch(env.DB, [
    db
      .selectFrom("support_tickets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "open"),
    db
      .selectFrom("support_tickets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("assigned_to_id", "is", null)
      .where("status", "in", active),
    db
      .selectFrom("support_tickets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("assigned_to_id", "=", user.id)
      .where("status", "in", active),
    // awaiting_staff_since is cleared when staff answer or the ticket ends (partial index).
    db
      .selectFrom("support_tickets")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("awaiting_staff_since", "is not", null)
      .where("awaiting_staff_since", "<", dayAgo),
    db
      .selectFrom("moderation_reports")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "in", ["open", "reviewing"]),
    db
      .selectFrom("creator_program_applications")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "pending"),
  ]);
  const n = (rows: { n: number }[]) => Number(rows[0]?.n ?? 0);
  return {
    isAdmin: user.role === "admin",
    name: user.displayName ?? user.email,
    counts: [
      { label: "Open tickets", value: n(open), href: "/staff/tickets?status=open" },
      { label: "Unassigned", value: n(unassigned), href: "/staff/tickets?assignee=none" },
      { label: "Assigned to me", value: n(mine), href: "/staff/tickets?assignee=me" },
      { label: "Waiting on us over 24 h", value: n(waiting), href: "/staff/tickets?waiting=24h" },
      { label: "Open reports", value: n(reports), href: "/staff/reports" },
      { label: "Pending applications", value: n(applications), href: "/staff/applications" },
    ],
  };
}

export default function StaffHome({ loaderData }: Route.ComponentProps) {
  const { isAdmin, name, counts } = loaderData;
  return (
    <div>
      <StaffNav isAdmin={isAdmin} current="/staff" />
      <h1 className="text-2xl font-bold">Staff console</h1>
      <p className="mt-1 text-stone-700">Signed in as {name}.</p>
      <ul className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {counts.map((item) => (
          <li key={item.label}>
            <a href={item.href} className="block rounded-lg border border-stone-200 bg-white p-4 hover:bg-brand-50">
              <span className="block text-3xl font-bold">{item.value}</span>
              <span className="text-brand-700 underline">{item.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

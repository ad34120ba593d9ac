/** /staff/audit — every staff action, newest first, filterable by action, actor and target;
 * paged. Each filter is an equality on an index of staff_audit_log. */
import { batch } from "#db/batch";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { When } from "../support/ticket-ui";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/audit";

const PAGE_SIZE = 50;

export function meta() {
  return [{ title: "Audit log · Staff · BotCafe" }];
}

function param(url: URL, key: string, max = 100): string {
  return (url.searchParams.get(key) ?? "").trim().slice(0, max);
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const filters = { action: param(url, "action", 60), actor: param(url, "actor"), targetType: param(url, "targetType", 40), targetId: param(url, "targetId") };
  const page = parsePage(url.searchParams.get("page"));
  const base = () => {
    let q = db.selectFrom("staff_audit_log");
    if (filters.action) q = q.where("staff_audit_log.action", "=", filters.action);
    if (filters.actor) q = q.where("staff_audit_log.actor_id", "=", filters.actor);
    if (filters.targetType) q = q.where("staff_audit_log.target_type", "=", filters.targetType);
    if (filters.targetId) q = q.where("staff_audit_log.target_id", "=", filters.targetId);
    return q;
  };
  const [rows, [counted], staff] = await batch(env.DB, [
    base()
      .leftJoin("users", "users.id", "staff_audit_log.actor_id")
      .select(["staff_audit_log.id", "staff_audit_log.action", "staff_audit_log.target_type", "staff_audit_log.target_id", "staff_audit_log.before_json", "staff_audit_log.after_json", "staff_audit_log.note", "staff_audit_log.created_at", "users.display_name as actor_name", "users.email as actor_email"])
      .orderBy("staff_audit_log.created_at", "desc")
      .orderBy("staff_audit_log.id", "desc")
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    base().select((eb) => eb.fn.countAll<number>().as("total")),
    db.selectFrom("users").select(["id", "display_name", "email"]).where("role", "in", ["support", "admin"]).orderBy("display_name").limit(100),
  ]);
  return { isAdmin: user.role === "admin", rows, filters, staff, page, totalPages: totalPagesFor(Number(counted?.total ?? 0), PAGE_SIZE) };
}

const inputClass = "mt-1 block w-full rounded border border-stone-300 bg-white px-2 py-1.5";

export default function StaffAudit({ loaderData }: Route.ComponentProps) {
  const { isAdmin, rows, filters, staff, page, totalPages } = loaderData;
  return (
    <div>
      <StaffNav isAdmin={isAdmin} current="/staff/audit" />
      <h1 className="text-2xl font-bold">Audit log</h1>
      <p className="mt-1 text-stone-700">Every staff action, written with the change itself. Rows are never edited or deleted.</p>
      <form method="get" className="mt-3 grid grid-cols-2 gap-3 rounded border border-stone-200 bg-white p-3 sm:grid-cols-5">
        <label className="text-sm">
          Action
          <input name="action" defaultValue={filters.action} placeholder="ticket.reply" maxLength={60} className={inputClass} />
        </label>
        <label className="text-sm">
          Who
          <select name="actor" defaultValue={filters.actor} className={inputClass}>
            <option value="">Anyone</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.display_name ?? s.email}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          Target type
          <input name="targetType" defaultValue={filters.targetType} placeholder="ticket" maxLength={40} className={inputClass} />
        </label>
        <label className="text-sm">
          Target id
          <input name="targetId" defaultValue={filters.targetId} maxLength={100} className={inputClass} />
        </label>
        <div className="flex items-end">
          <button type="submit" className="rounded bg-brand-700 px-4 py-1.5 font-medium text-white">
            Filter
          </button>
        </div>
      </form>
      <div className="mt-3 overflow-x-auto rounded border border-stone-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <thead className="bg-stone-50">
            <tr>
              <th scope="col" className="p-2">When</th>
              <th scope="col" className="p-2">Who</th>
              <th scope="col" className="p-2">What</th>
              <th scope="col" className="p-2">Which row</th>
              <th scope="col" className="p-2">Before → after</th>
              <th scope="col" className="p-2">Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-t border-stone-200 align-top">
                <td className="p-2 whitespace-nowrap">
                  <When at={row.created_at} />
                </td>
                <td className="p-2">{row.actor_name ?? row.actor_email ?? "—"}</td>
                <td className="p-2 font-mono">{row.action}</td>
                <td className="p-2 font-mono break-all">
                  {row.target_type} {row.target_type === "ticket" ? <a href={`/staff/tickets/${row.target_id}`} className="text-brand-700 underline">{row.target_id}</a> : row.target_id}
                </td>
                <td className="p-2 font-mono text-xs break-all">
                  {row.before_json} → {row.after_json}
                </td>
                <td className="p-2 break-words">{row.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="p-3">No actions match.</p> : null}
      </div>
      <Pagination path="/staff/audit" params={filters} page={page} totalPages={totalPages} label="Audit pages" />
    </div>
  );
}

/** /staff/audit — every staff action, newest first, filterable by action, actor and target;
 * paged. Each filter is an equality on an index of staff_audit_log. Each entry reads as a
 * sentence (app/lib/staff/audit-sentences.ts) at a time in the reader's time zone; the
 * stored JSON is one click away. */
import { batch } from "#db/batch";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { AuditEntry } from "./audit-entry";
import { readerTimeZone } from "~/lib/staff/reader-time-zone";
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
  const filters = {
    action: param(url, "action", 60),
    actor: param(url, "actor"),
    targetType: param(url, "targetType", 40),
    targetId: param(url, "targetId"),
  };
  const page = parsePage(url.searchParams.get("page"));
  const base = () => {
    let q = db.selectFrom("staff_audit_log");
    if (filters.action) q = q.where("staff_audit_log.action", "=", filters.action);
    if (filters.actor) q = q.where("staff_audit_log.actor_id", "=", filters.actor);
    if (filters.targetType) q = q.where("staff_audit_log.target_type", "=", filters.targetType);
    if (filters.targetId) q = q.where("staff_audit_log.target_id", "=", filters.targetId);
    return q;
  };
  const [rows, [counted], staff, zones] = await batch(env.DB, [
    base()
      .leftJoin("users", "users.id", "staff_audit_log.actor_id")
      // What each target is called, for the sentence: one primary-key lookup per row on the page.
      .leftJoin("users as target_user", (join) =>
        join.onRef("target_user.id", "=", "staff_audit_log.target_id").on("staff_audit_log.target_type", "=", "user"),
      )
      .leftJoin("bots as target_bot", (join) =>
        join.onRef("target_bot.id", "=", "staff_audit_log.target_id").on("staff_audit_log.target_type", "=", "bot"),
      )
      .leftJoin("support_tickets as target_ticket", (join) =>
        join
          .onRef("target_ticket.id", "=", "staff_audit_log.target_id")
          .on("staff_audit_log.target_type", "=", "ticket"),
      )
      .leftJoin("creator_profiles as target_creator", (join) =>
        join
          .onRef("target_creator.id", "=", "staff_audit_log.target_id")
          .on("staff_audit_log.target_type", "=", "creator_profile"),
      )
      .leftJoin("creator_program_applications as target_application", (join) =>
        join
          .onRef("target_application.id", "=", "staff_audit_log.target_id")
          .on("staff_audit_log.target_type", "=", "application"),
      )
      .leftJoin("users as applicant", "applicant.id", "target_application.user_id")
      .select((eb) => [
        "staff_audit_log.id",
        "staff_audit_log.action",
        "staff_audit_log.target_type",
        "staff_audit_log.target_id",
        "staff_audit_log.before_json",
        "staff_audit_log.after_json",
        "staff_audit_log.note",
        "staff_audit_log.created_at",
        eb.fn.coalesce("users.display_name", "users.email").as("actor_name"),
        eb.fn
          .coalesce(
            eb.fn.coalesce("target_user.display_name", "target_user.email", "target_bot.name", "target_ticket.subject"),
            "target_creator.username",
            "applicant.display_name",
            "applicant.email",
          )
          .as("target_name"),
      ])
      .orderBy("staff_audit_log.created_at", "desc")
      .orderBy("staff_audit_log.id", "desc")
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    base().select((eb) => eb.fn.countAll<number>().as("total")),
    db
      .selectFrom("users")
      .select(["id", "display_name", "email"])
      .where("role", "in", ["support", "admin"])
      .orderBy("display_name")
      .limit(100),
    readerTimeZone(db, user.id),
  ]);
  const names = Object.fromEntries(staff.map((s) => [s.id, s.display_name ?? s.email]));
  return {
    isAdmin: user.role === "admin",
    rows,
    filters,
    staff,
    names,
    timeZone: zones[0]?.time_zone ?? "UTC",
    page,
    totalPages: totalPagesFor(Number(counted?.total ?? 0), PAGE_SIZE),
  };
}

const inputClass = "mt-1 block w-full rounded border border-stone-300 bg-white px-2 py-1.5";

export default function StaffAudit({ loaderData }: Route.ComponentProps) {
  const { isAdmin, rows, filters, staff, names, timeZone, page, totalPages } = loaderData;
  return (
    <div>
      <StaffNav isAdmin={isAdmin} current="/staff/audit" />
      <h1 className="text-2xl font-bold">Audit log</h1>
      <p className="mt-1 text-stone-700">
        Every staff action, written with the change itself. Rows are never edited or deleted.
      </p>
      <form
        method="get"
        className="mt-3 grid grid-cols-2 gap-3 rounded border border-stone-200 bg-white p-3 sm:grid-cols-5"
      >
        <label className="text-sm">
          Action
          <input
            name="action"
            defaultValue={filters.action}
            placeholder="ticket.reply"
            maxLength={60}
            className={inputClass}
          />
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
          <input
            name="targetType"
            defaultValue={filters.targetType}
            placeholder="ticket"
            maxLength={40}
            className={inputClass}
          />
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
      <ol
        className="mt-3 divide-y divide-stone-200 rounded border border-stone-200 bg-white"
        aria-label="Staff actions"
      >
        {rows.map((row) => (
          <li key={row.id} className="p-3">
            <AuditEntry row={row} names={names} timeZone={timeZone} />
          </li>
        ))}
      </ol>
      {rows.length === 0 ? (
        <p className="mt-3 rounded border border-dashed border-stone-300 bg-white p-3">No actions match.</p>
      ) : null}
      <Pagination path="/staff/audit" params={filters} page={page} totalPages={totalPages} label="Audit pages" />
    </div>
  );
}

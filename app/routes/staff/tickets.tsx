/** /staff/tickets — the queue: filter by status, priority, category, assignee, search;
 * priority first, then oldest; each row shows how long the user has been waiting. */
import { batch } from "#db/batch";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import {
  QUEUE_PAGE_SIZE,
  QUEUE_STATUSES,
  queueCount,
  queuePage,
  queueParams,
  readQueueFilters,
  staffMembers,
} from "~/lib/support/queue";
import { CATEGORY_LABELS, STATUS_LABELS, TICKET_CATEGORIES, TICKET_PRIORITIES } from "~/lib/support/ticket-state";
import { PriorityBadge, StatusBadge, waitedFor, When } from "../support/ticket-ui";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/tickets";

export function meta() {
  return [{ title: "Ticket queue · Staff · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const filters = readQueueFilters(url);
  const page = parsePage(url.searchParams.get("page"));
  const [tickets, [counted], staff] = await batch(env.DB, [
    queuePage(db, filters, user.id, page),
    queueCount(db, filters, user.id),
    staffMembers(db),
  ]);
  const total = Number(counted?.total ?? 0);
  return {
    isAdmin: user.role === "admin",
    tickets,
    total,
    page,
    totalPages: totalPagesFor(total, QUEUE_PAGE_SIZE),
    filters,
    params: queueParams(filters),
    staff,
    now: Date.now(),
  };
}

const selectClass = "mt-1 block w-full rounded border border-stone-300 bg-white px-2 py-1.5";

export default function StaffTickets({ loaderData }: Route.ComponentProps) {
  const { isAdmin, tickets, total, page, totalPages, filters, params, staff, now } = loaderData;
  return (
    <div>
      <StaffNav isAdmin={isAdmin} current="/staff/tickets" />
      <h1 className="text-2xl font-bold">Ticket queue</h1>
      <form
        method="get"
        className="mt-3 grid grid-cols-2 gap-3 rounded border border-stone-200 bg-white p-3 sm:grid-cols-3 lg:grid-cols-6"
      >
        <label className="text-sm">
          Status
          <select name="status" defaultValue={filters.status} className={selectClass}>
            {QUEUE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "active" ? "Open + in progress" : s === "all" ? "All" : STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          Priority
          <select name="priority" defaultValue={filters.priority ?? ""} className={selectClass}>
            <option value="">Any</option>
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          Category
          <select name="category" defaultValue={filters.category ?? ""} className={selectClass}>
            <option value="">Any</option>
            {TICKET_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          Assignee
          <select name="assignee" defaultValue={filters.assignee ?? ""} className={selectClass}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Nobody</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.display_name ?? s.email}
              </option>
            ))}
          </select>
        </label>
        {filters.waiting ? <input type="hidden" name="waiting" value={filters.waiting} /> : null}
        <label className="col-span-2 text-sm sm:col-span-1">
          Search
          <input type="search" name="q" defaultValue={filters.q ?? ""} maxLength={200} className={selectClass} />
        </label>
        <div className="flex items-end">
          <button type="submit" className="rounded bg-brand-700 px-4 py-1.5 font-medium text-white hover:bg-brand-900">
            Filter
          </button>
        </div>
      </form>
      <p className="mt-3 text-sm text-stone-700">
        {total} ticket{total === 1 ? "" : "s"}
        {filters.waiting ? (
          <>
            {" "}
            waiting on us over 24 h ·{" "}
            <a href="/staff/tickets" className="text-brand-700 underline">
              show all
            </a>
          </>
        ) : null}
      </p>
      <div className="mt-2 overflow-x-auto rounded border border-stone-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <thead className="bg-stone-50">
            <tr>
              <th scope="col" className="p-2">
                Subject
              </th>
              <th scope="col" className="p-2">
                Status
              </th>
              <th scope="col" className="p-2">
                Priority
              </th>
              <th scope="col" className="p-2">
                Waiting
              </th>
              <th scope="col" className="p-2">
                From
              </th>
              <th scope="col" className="p-2">
                Assignee
              </th>
              <th scope="col" className="p-2">
                Opened
              </th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket.id} className="border-t border-stone-200">
                <td className="p-2">
                  <a href={`/staff/tickets/${ticket.id}`} className="font-medium text-brand-700 underline">
                    {ticket.subject}
                  </a>
                  <span className="block text-xs text-stone-600">{CATEGORY_LABELS[ticket.category]}</span>
                </td>
                <td className="p-2">
                  <StatusBadge status={ticket.status} />
                </td>
                <td className="p-2">
                  <PriorityBadge priority={ticket.priority} />
                </td>
                <td className="p-2 whitespace-nowrap">{waitedFor(ticket.awaiting_staff_since, now)}</td>
                <td className="p-2">{ticket.requester_email}</td>
                <td className="p-2">{ticket.assignee_name ?? <span className="text-stone-500">nobody</span>}</td>
                <td className="p-2 whitespace-nowrap">
                  <When at={ticket.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {tickets.length === 0 ? <p className="p-3">No tickets match these filters.</p> : null}
      </div>
      <Pagination path="/staff/tickets" params={params} page={page} totalPages={totalPages} label="Queue pages" />
    </div>
  );
}

/** Small pieces shared by the user's and the staff's ticket pages. */
import type { TicketPriority, TicketStatus } from "#db/schema";
import { STATUS_LABELS } from "~/lib/support/ticket-state";

const STATUS_STYLES: Record<TicketStatus, string> = {
  open: "bg-amber-100 text-amber-900",
  in_progress: "bg-sky-100 text-sky-900",
  resolved: "bg-emerald-100 text-emerald-900",
  closed: "bg-stone-200 text-stone-800",
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-sm font-semibold whitespace-nowrap ${STATUS_STYLES[status]}`}
    >
      {STATUS_LABELS[status]}
    </span>
  );
}

const PRIORITY_STYLES: Record<TicketPriority, string> = {
  low: "bg-stone-100 text-stone-700",
  normal: "bg-stone-100 text-stone-900",
  high: "bg-orange-100 text-orange-900",
  urgent: "bg-red-100 text-red-900",
};

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-sm font-semibold whitespace-nowrap ${PRIORITY_STYLES[priority]}`}
    >
      {priority}
    </span>
  );
}

export function When({ at }: { at: string | null }) {
  if (!at) return <span>—</span>;
  return <time dateTime={at}>{at.slice(0, 16).replace("T", " ")} UTC</time>;
}

/** "3 h", "2 d": how long since `from` (the queue's waiting column). */
export function waitedFor(from: string | null, now = Date.now()): string {
  if (!from) return "—";
  const minutes = Math.max(0, Math.round((now - Date.parse(from)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

export const buttonClass = "rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900";
export const secondaryButtonClass = "rounded border border-stone-300 bg-white px-4 py-2 font-medium hover:bg-stone-100";

/**
 * The ticket state machine: every change to a ticket's status goes through one of these
 * functions, so the rules live in one place and are tested without a database.
 *
 *   open ──staff reply──▶ in_progress ──resolve (needs a resolution)──▶ resolved
 *     ▲                                                                   │
 *     └──────────────────────── user reply reopens ◀──────────────────────┘
 *   any state except closed ──close──▶ closed   (closed is final: open a new ticket)
 */
import type { TicketPriority, TicketStatus } from "#db/schema";

export const TICKET_STATUSES = ["open", "in_progress", "resolved", "closed"] as const satisfies readonly TicketStatus[];
export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const satisfies readonly TicketPriority[];
export const TICKET_CATEGORIES = ["bug", "feature", "billing", "account", "safety", "other"] as const;

export const STATUS_LABELS: Record<TicketStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  resolved: "Resolved",
  closed: "Closed",
};
export const CATEGORY_LABELS: Record<(typeof TICKET_CATEGORIES)[number], string> = {
  bug: "Something is broken",
  feature: "An idea or request",
  billing: "Billing and payments",
  account: "My account",
  safety: "Safety or abuse",
  other: "Something else",
};

export type Transition = { ok: true; status: TicketStatus } | { ok: false; error: string };

const CLOSED_ERROR = "This ticket is closed. Open a new ticket if you still need help.";

/** The user writes on their own ticket: a resolved ticket opens again. */
export function afterUserReply(status: TicketStatus): Transition {
  if (status === "closed") return { ok: false, error: CLOSED_ERROR };
  return { ok: true, status: status === "resolved" ? "open" : status };
}

/** Staff answer publicly: an open ticket is now being worked on. */
export function afterStaffReply(status: TicketStatus): Transition {
  if (status === "closed") return { ok: false, error: CLOSED_ERROR };
  return { ok: true, status: status === "open" ? "in_progress" : status };
}

/** An internal note never changes the status, but a closed ticket takes no more writing. */
export function afterInternalNote(status: TicketStatus): Transition {
  if (status === "closed") return { ok: false, error: CLOSED_ERROR };
  return { ok: true, status };
}

/** Staff set a status directly. Resolving needs a resolution note; closed is final. */
export function setStatus(
  current: TicketStatus,
  next: TicketStatus,
  resolution: string | null | undefined,
): Transition {
  if (current === "closed" && next !== "closed") return { ok: false, error: CLOSED_ERROR };
  if (next === "resolved" && !resolution?.trim())
    return { ok: false, error: "Write a resolution before resolving: it tells the user what was done." };
  return { ok: true, status: next };
}

/** The user closes their own ticket. */
export function closeByUser(current: TicketStatus): Transition {
  if (current === "closed") return { ok: false, error: "This ticket is already closed." };
  return { ok: true, status: "closed" };
}

/** A new ticket's priority: subscribers whose tier includes priority support start high. */
export function initialPriority(tier: { priority_support: number } | null | undefined): TicketPriority {
  return tier?.priority_support === 1 ? "high" : "normal";
}

/** Whether staff still owe the user an answer (the "waiting" clock runs). */
export function isActive(status: TicketStatus): boolean {
  return status === "open" || status === "in_progress";
}

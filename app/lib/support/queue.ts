/**
 * The staff ticket queue: filters read from the URL (so every view has a stable address),
 * sorted by priority then age, paged. Each filter has an index: status/priority
 * (support_tickets_queue), category (support_tickets_category), assignee
 * (support_tickets_assignee), search (support_tickets_fts).
 */
import { sql } from "kysely";
import { z } from "zod";
import type { DB } from "#db/schema";
import { toFtsQuery } from "../bots/search";
import { TICKET_CATEGORIES, TICKET_PRIORITIES } from "./ticket-state";

export const QUEUE_PAGE_SIZE = 25;
export const QUEUE_STATUSES = ["active", "open", "in_progress", "resolved", "closed", "all"] as const;

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined);

export const queueFilterSchema = z.object({
  status: z.enum(QUEUE_STATUSES).catch("active"),
  priority: optionalEnum(TICKET_PRIORITIES),
  category: optionalEnum(TICKET_CATEGORIES),
  // "me", "none" or a staff member's id.
  assignee: z.string().max(100).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  // "24h": only tickets whose user has waited longer than a day (support_tickets_waiting).
  waiting: z.literal("24h").optional().catch(undefined),
});
export type QueueFilters = z.output<typeof queueFilterSchema>;

export function readQueueFilters(url: URL): QueueFilters {
  const raw = Object.fromEntries(
    ["status", "priority", "category", "assignee", "q", "waiting"].map((key) => [
      key,
      url.searchParams.get(key) || undefined,
    ]),
  );
  return queueFilterSchema.parse(raw);
}

/** The filters in a fixed order for links (pagination keeps them). */
export function queueParams(filters: QueueFilters): Record<string, string | undefined> {
  return {
    status: filters.status === "active" ? undefined : filters.status,
    priority: filters.priority,
    category: filters.category,
    assignee: filters.assignee,
    q: filters.q,
    waiting: filters.waiting,
  };
}

function filtered(db: DB, filters: QueueFilters, staffId: string) {
  let q = db.selectFrom("support_tickets");
  if (filters.status === "active") q = q.where("support_tickets.status", "in", ["open", "in_progress"]);
  else if (filters.status !== "all") q = q.where("support_tickets.status", "=", filters.status);
  if (filters.priority) q = q.where("support_tickets.priority", "=", filters.priority);
  if (filters.category) q = q.where("support_tickets.category", "=", filters.category);
  if (filters.assignee === "me") q = q.where("support_tickets.assigned_to_id", "=", staffId);
  else if (filters.assignee === "none") q = q.where("support_tickets.assigned_to_id", "is", null);
  else if (filters.assignee) q = q.where("support_tickets.assigned_to_id", "=", filters.assignee);
  if (filters.waiting)
    q = q
      .where("support_tickets.awaiting_staff_since", "is not", null)
      .where("support_tickets.awaiting_staff_since", "<", new Date(Date.now() - 24 * 3600_000).toISOString());
  const fts = toFtsQuery(filters.q);
  if (fts)
    q = q.where(
      sql<boolean>`support_tickets.rowid IN (SELECT rowid FROM support_tickets_fts WHERE support_tickets_fts MATCH ${fts})`,
    );
  return q;
}

const priorityRank = sql<number>`CASE support_tickets.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

export function queuePage(db: DB, filters: QueueFilters, staffId: string, page: number) {
  return filtered(db, filters, staffId)
    .innerJoin("users as requester", "requester.id", "support_tickets.user_id")
    .leftJoin("users as assignee", "assignee.id", "support_tickets.assigned_to_id")
    .select([
      "support_tickets.id",
      "support_tickets.subject",
      "support_tickets.status",
      "support_tickets.priority",
      "support_tickets.category",
      "support_tickets.created_at",
      "support_tickets.awaiting_staff_since",
      "requester.email as requester_email",
      "assignee.display_name as assignee_name",
    ])
    .orderBy(priorityRank)
    .orderBy("support_tickets.created_at")
    .orderBy("support_tickets.id")
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE);
}

export function queueCount(db: DB, filters: QueueFilters, staffId: string) {
  return filtered(db, filters, staffId).select((eb) => eb.fn.countAll<number>().as("total"));
}

export function staffMembers(db: DB) {
  return db
    .selectFrom("users")
    .select(["id", "display_name", "email"])
    .where("role", "in", ["support", "admin"])
    .orderBy("display_name")
    .limit(100);
}

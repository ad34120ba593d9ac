/**
 * What staff do to a ticket: reply, add an internal note, assign, change status /
 * priority / category, resolve. Each action is one D1 batch: the ticket moves to a fresh
 * revision only if it is still at the revision the staff member loaded (the collision
 * check), and the message, the user's notification and the audit row ride on that same
 * condition, so they land together with the change or not at all.
 */
import { batch } from "#db/batch";
import type { DB, TicketCategory, TicketPriority, TicketStatus } from "#db/schema";
import { newId } from "../ids";
import { notificationInsert } from "../notifications/notify";
import { auditInsert } from "../staff/audit";
import { onlyIfTicketRevision } from "./guarded";
import { afterInternalNote, afterStaffReply, isActive, setStatus } from "./ticket-state";
import { nowIso } from "./tickets";

export interface StaffTicketRow {
  id: string;
  user_id: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: TicketCategory;
  assigned_to_id: string | null;
  resolution: string | null;
  revision: string;
  updated_at: string;
  awaiting_staff_since: string | null;
}

export function staffTicketRow(db: DB, ticketId: string) {
  return db
    .selectFrom("support_tickets")
    .select([
      "id",
      "user_id",
      "subject",
      "status",
      "priority",
      "category",
      "assigned_to_id",
      "resolution",
      "revision",
      "updated_at",
      "awaiting_staff_since",
    ])
    .where("id", "=", ticketId);
}

export type StaffChange =
  | { kind: "reply"; body: string }
  | { kind: "note"; body: string }
  | { kind: "assign"; assigneeId: string | null }
  | { kind: "update"; status: TicketStatus; priority: TicketPriority; category: TicketCategory; resolution: string };

export type StaffResult =
  { ok: true } | { ok: false; reason: "conflict" } | { ok: false; reason: "rule"; field: string; error: string };

type Fields = Partial<
  Pick<StaffTicketRow, "status" | "priority" | "category" | "assigned_to_id" | "resolution" | "awaiting_staff_since">
>;

/** What the change does to the ticket's own fields, or the rule it breaks. */
function plan(
  ticket: StaffTicketRow,
  change: StaffChange,
): { ok: true; fields: Fields } | { ok: false; field: string; error: string } {
  switch (change.kind) {
    case "reply": {
      const next = afterStaffReply(ticket.status);
      if (!next.ok) return { ok: false, field: "body", error: next.error };
      // A public answer stops the user's waiting clock.
      return { ok: true, fields: { status: next.status, awaiting_staff_since: null } };
    }
    case "note": {
      const next = afterInternalNote(ticket.status);
      return next.ok ? { ok: true, fields: {} } : { ok: false, field: "body", error: next.error };
    }
    case "assign":
      return { ok: true, fields: { assigned_to_id: change.assigneeId } };
    case "update": {
      const next = setStatus(ticket.status, change.status, change.resolution);
      if (!next.ok) return { ok: false, field: "resolution", error: next.error };
      const fields: Fields = { status: next.status, priority: change.priority, category: change.category };
      if (change.resolution) fields.resolution = change.resolution;
      if (!isActive(next.status)) fields.awaiting_staff_since = null;
      return { ok: true, fields };
    }
  }
}

const ACTIONS: Record<StaffChange["kind"], string> = {
  reply: "ticket.reply",
  note: "ticket.note",
  assign: "ticket.assign",
  update: "ticket.update",
};

export async function applyStaffChange(
  db: DB,
  d1: D1Database,
  {
    ticket,
    actorId,
    loadedRevision,
    change,
  }: { ticket: StaffTicketRow; actorId: string; loadedRevision: string; change: StaffChange },
): Promise<StaffResult> {
  if (ticket.revision !== loadedRevision) return { ok: false, reason: "conflict" };
  const planned = plan(ticket, change);
  if (!planned.ok) return { ok: false, reason: "rule", field: planned.field, error: planned.error };
  const now = nowIso();
  const revision = newId();
  const fields = planned.fields;
  const before = Object.fromEntries(Object.keys(fields).map((key) => [key, ticket[key as keyof Fields]]));
  const changedFields = Object.fromEntries(
    Object.entries(fields).filter(([key, value]) => ticket[key as keyof Fields] !== value),
  );
  const guarded = <Q extends Parameters<typeof onlyIfTicketRevision>[0]>(q: Q) =>
    onlyIfTicketRevision(q, ticket.id, revision);

  const extra = [];
  if (change.kind === "reply" || change.kind === "note") {
    extra.push(
      guarded(
        db.insertInto("ticket_messages").values({
          id: newId(),
          ticket_id: ticket.id,
          author_id: actorId,
          body: change.body,
          is_internal: change.kind === "note" ? 1 : 0,
          created_at: now,
        }),
      ),
    );
  }
  if (change.kind === "reply") {
    extra.push(
      guarded(
        notificationInsert(db, {
          userId: ticket.user_id,
          kind: "ticket_reply",
          title: `Support replied: ${ticket.subject}`,
          body: change.body.slice(0, 300),
          link: `/support/${ticket.id}`,
        }),
      ),
    );
  }
  if (change.kind === "update" && fields.status === "resolved" && ticket.status !== "resolved") {
    extra.push(
      guarded(
        notificationInsert(db, {
          userId: ticket.user_id,
          kind: "ticket_reply",
          title: `Resolved: ${ticket.subject}`,
          body: change.resolution.slice(0, 300),
          link: `/support/${ticket.id}`,
        }),
      ),
    );
  }
  extra.push(
    guarded(
      auditInsert(db, {
        actorId,
        action: ACTIONS[change.kind],
        targetType: "ticket",
        targetId: ticket.id,
        before:
          change.kind === "update" || change.kind === "assign"
            ? Object.fromEntries(Object.keys(changedFields).map((k) => [k, before[k]]))
            : {},
        after:
          change.kind === "update" || change.kind === "assign" ? changedFields : { message: change.body.slice(0, 200) },
        note: change.kind === "update" ? change.resolution : "",
      }),
    ),
  );

  const [updated] = await batch(d1, [
    db
      .updateTable("support_tickets")
      .set({ ...fields, revision, updated_at: now, ...(change.kind === "reply" ? { last_message_at: now } : {}) })
      .where("id", "=", ticket.id)
      .where("revision", "=", loadedRevision)
      .returning("id"),
    ...extra,
  ]);
  return updated.length === 1 ? { ok: true } : { ok: false, reason: "conflict" };
}

/** What happened on a ticket since a staff member loaded it: messages and audited changes. */
export function changesSince(db: DB, ticketId: string, since: string) {
  return [
    db
      .selectFrom("ticket_messages")
      .leftJoin("users", "users.id", "ticket_messages.author_id")
      .select([
        "ticket_messages.id",
        "ticket_messages.body",
        "ticket_messages.is_internal",
        "ticket_messages.created_at",
        "users.display_name as author_name",
      ])
      .where("ticket_messages.ticket_id", "=", ticketId)
      .where("ticket_messages.created_at", ">", since)
      .orderBy("ticket_messages.created_at")
      .limit(50),
    db
      .selectFrom("staff_audit_log")
      .leftJoin("users", "users.id", "staff_audit_log.actor_id")
      .select((eb) => [
        "staff_audit_log.id",
        "staff_audit_log.action",
        "staff_audit_log.target_type",
        "staff_audit_log.target_id",
        "staff_audit_log.before_json",
        "staff_audit_log.after_json",
        "staff_audit_log.created_at",
        eb.fn.coalesce("users.display_name", "users.email").as("actor_name"),
      ])
      .where("staff_audit_log.target_type", "=", "ticket")
      .where("staff_audit_log.target_id", "=", ticketId)
      .where("staff_audit_log.created_at", ">", since)
      .orderBy("staff_audit_log.created_at", "desc")
      .limit(50),
  ] as const;
}

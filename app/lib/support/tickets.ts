/**
 * Tickets for the people who open them: open one (with a redacted copy of one of their
 * conversations as context), reply, close. Staff-side writes are in ./staff-tickets.ts.
 */
import { batch } from "#db/batch";
import type { DB, TicketCategory, TicketStatus } from "#db/schema";
import { newId } from "../ids";
import { emptyCounts, redact, type RedactionCounts } from "./redact";
import { afterUserReply, closeByUser, initialPriority } from "./ticket-state";

/** How much of an attached conversation staff see. */
export const CONTEXT_MESSAGE_LIMIT = 20;

export interface ContextMessage {
  role: string;
  content: string;
  at: string;
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** The last messages of one of the user's conversations, redacted; null if it is not theirs. */
export async function redactedConversation(
  db: DB,
  userId: string,
  conversationId: string,
): Promise<{ messages: ContextMessage[]; counts: RedactionCounts } | null> {
  const owned = await db
    .selectFrom("conversations")
    .select("id")
    .where("id", "=", conversationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!owned) return null;
  const rows = await db
    .selectFrom("messages")
    .select(["role", "content", "created_at", "seq"])
    .where("conversation_id", "=", conversationId)
    .orderBy("seq", "desc")
    .limit(CONTEXT_MESSAGE_LIMIT)
    .execute();
  const counts = emptyCounts();
  const messages = rows
    .reverse()
    .map((row) => ({ role: row.role, content: redact(row.content, counts).text, at: row.created_at }));
  return { messages, counts };
}

export interface NewTicket {
  subject: string;
  description: string;
  category: TicketCategory;
  conversationId?: string | undefined;
}

export type OpenResult = { ok: true; id: string } | { ok: false; field: "conversationId"; message: string };

export async function openTicket(db: DB, d1: D1Database, userId: string, input: NewTicket): Promise<OpenResult> {
  const [tiers] = await batch(d1, [
    db
      .selectFrom("users")
      .leftJoin("subscription_tiers", "subscription_tiers.id", "users.subscription_tier_id")
      .select("subscription_tiers.priority_support")
      .where("users.id", "=", userId),
  ]);
  let context: Awaited<ReturnType<typeof redactedConversation>> = null;
  if (input.conversationId) {
    context = await redactedConversation(db, userId, input.conversationId);
    if (!context) return { ok: false, field: "conversationId", message: "Pick one of your own conversations." };
  }
  const id = newId();
  const now = nowIso();
  const tier = tiers[0]?.priority_support != null ? { priority_support: tiers[0].priority_support } : null;
  await db
    .insertInto("support_tickets")
    .values({
      id,
      user_id: userId,
      subject: input.subject,
      description: input.description,
      category: input.category,
      priority: initialPriority(tier),
      status: "open",
      revision: newId(),
      awaiting_staff_since: now,
      last_message_at: now,
      created_at: now,
      updated_at: now,
      context_conversation_id: input.conversationId ?? null,
      context_messages: JSON.stringify(context?.messages ?? []),
      context_redactions: JSON.stringify(context?.counts ?? {}),
    })
    .execute();
  return { ok: true, id };
}

export function ownTicket(db: DB, userId: string, ticketId: string) {
  return db
    .selectFrom("support_tickets")
    .select([
      "id",
      "subject",
      "description",
      "category",
      "priority",
      "status",
      "resolution",
      "created_at",
      "updated_at",
      "last_message_at",
      "revision",
    ])
    .where("id", "=", ticketId)
    .where("user_id", "=", userId);
}

/** The thread as the user sees it: never internal notes. */
export function publicThread(db: DB, ticketId: string) {
  return db
    .selectFrom("ticket_messages")
    .leftJoin("users", "users.id", "ticket_messages.author_id")
    .select([
      "ticket_messages.id",
      "ticket_messages.body",
      "ticket_messages.created_at",
      "ticket_messages.author_id",
      "users.display_name as author_name",
      "users.role as author_role",
    ])
    .where("ticket_messages.ticket_id", "=", ticketId)
    .where("ticket_messages.is_internal", "=", 0)
    .orderBy("ticket_messages.created_at")
    .orderBy("ticket_messages.id")
    .limit(500);
}

export type UserWriteResult = { ok: true } | { ok: false; error: string };

export async function replyAsUser(
  db: DB,
  d1: D1Database,
  ticket: { id: string; status: TicketStatus },
  userId: string,
  body: string,
): Promise<UserWriteResult> {
  const next = afterUserReply(ticket.status);
  if (!next.ok) return next;
  const now = nowIso();
  await batch(d1, [
    db
      .insertInto("ticket_messages")
      .values({ id: newId(), ticket_id: ticket.id, author_id: userId, body, is_internal: 0, created_at: now }),
    db
      .updateTable("support_tickets")
      .set((eb) => ({
        status: next.status,
        revision: newId(),
        last_message_at: now,
        updated_at: now,
        // The clock starts at the user's oldest unanswered message.
        awaiting_staff_since: eb.fn.coalesce("awaiting_staff_since", eb.val(now)),
      }))
      .where("id", "=", ticket.id)
      .where("user_id", "=", userId),
  ]);
  return { ok: true };
}

export async function closeAsUser(
  db: DB,
  ticket: { id: string; status: TicketStatus },
  userId: string,
): Promise<UserWriteResult> {
  const next = closeByUser(ticket.status);
  if (!next.ok) return next;
  await db
    .updateTable("support_tickets")
    .set({ status: next.status, revision: newId(), updated_at: nowIso(), awaiting_staff_since: null })
    .where("id", "=", ticket.id)
    .where("user_id", "=", userId)
    .execute();
  return { ok: true };
}

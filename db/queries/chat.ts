/**
 * Named queries for conversations and messages. Counts are recomputed from the rows in
 * the same batch as the write that changes them, so `message_count` and
 * `last_message_at` are exact by construction (never incremented by hand).
 */
import { sql } from "kysely";
import type { DB, MessageRole, MessageStatus, SenderType } from "#db/schema";

/** The conversation if `userId` owns it (callers turn undefined into a 404). */
export function ownedConversation(db: DB, conversationId: string, userId: string) {
  return db
    .selectFrom("conversations")
    .innerJoin("bots", "bots.id", "conversations.bot_id")
    .leftJoin("personas", "personas.id", "conversations.persona_id")
    .select([
      "conversations.id",
      "conversations.title",
      "conversations.user_id",
      "conversations.bot_id",
      "conversations.persona_id",
      "conversations.message_count",
      "conversations.last_message_at",
      "conversations.is_active",
      "conversations.provider",
      "conversations.model",
      "conversations.created_at",
      "bots.name as bot_name",
      "bots.slug as bot_slug",
      "personas.name as persona_name",
    ])
    .where("conversations.id", "=", conversationId)
    .where("conversations.user_id", "=", userId);
}

/** Recompute a conversation's counts from its messages. */
export function recountConversation(db: DB, conversationId: string) {
  return db
    .updateTable("conversations")
    .set({
      message_count: sql<number>`(SELECT COUNT(*) FROM messages WHERE conversation_id = ${conversationId})`,
      last_message_at: sql<
        string | null
      >`(SELECT MAX(created_at) FROM messages WHERE conversation_id = ${conversationId})`,
      updated_at: sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    })
    .where("id", "=", conversationId);
}

export interface NewMessage {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  senderType: SenderType;
  senderId: string | null;
  status?: MessageStatus;
  metadata?: string;
}

/** Insert at the end of the conversation: `seq` is computed by D1 in the same statement. */
export function appendMessage(db: DB, message: NewMessage) {
  return db.insertInto("messages").values({
    id: message.id,
    conversation_id: message.conversationId,
    role: message.role,
    content: message.content,
    sender_type: message.senderType,
    sender_id: message.senderId,
    status: message.status ?? "complete",
    metadata: message.metadata ?? "{}",
    seq: sql<number>`(SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation_id = ${message.conversationId})`,
  });
}

/** Messages in display order with how many alternatives each has. Only the metadata the
 * chat page shows is read (the prompt record can be large; the inspector reads it). */
export function messagesWithAlternatives(db: DB, conversationId: string) {
  return db
    .selectFrom("messages")
    .select([
      "messages.id",
      "messages.role",
      "messages.content",
      "messages.seq",
      "messages.status",
      sql<string | null>`json_extract(messages.metadata, '$.error.message')`.as("error_message"),
      sql<string | null>`json_extract(messages.metadata, '$.model')`.as("model"),
      sql<string | null>`json_extract(messages.metadata, '$.notices')`.as("notices_json"),
      sql<string | null>`json_extract(messages.metadata, '$.withheldNotice')`.as("withheld_notice_json"),
      sql<string | null>`json_extract(messages.metadata, '$.finishReason')`.as("finish_reason"),
      sql<0 | 1>`json_type(messages.metadata, '$.prompt') IS NOT NULL`.as("has_prompt_record"),
      "messages.active_alternative",
      "messages.created_at",
      sql<number>`(SELECT COUNT(*) FROM message_alternatives a WHERE a.message_id = messages.id)`.as(
        "alternative_count",
      ),
    ])
    .where("messages.conversation_id", "=", conversationId);
}

/** The most recent messages (for the prompt), newest first; callers reverse them. */
export function recentMessages(db: DB, conversationId: string, limit: number) {
  return db
    .selectFrom("messages")
    .select(["id", "role", "content", "seq", "status"])
    .where("conversation_id", "=", conversationId)
    .orderBy("seq", "desc")
    .limit(limit);
}

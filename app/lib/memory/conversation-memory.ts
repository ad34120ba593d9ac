/**
 * Turning a conversation into memories. After the conversation has grown by
 * `SUMMARIZE_EVERY` messages past what was last summarized (or when the person asks),
 * the new messages become one memory, which is then embedded for retrieval. Expired
 * short-term memories of the person are pruned at the same time.
 *
 * Chat calls `maybeSummarizeConversation` after saving each assistant reply, inside
 * waitUntil, so the person never waits for it.
 */
import type { DB } from "#db/schema";
import { newId } from "../ids";
import type { Services } from "../services";
import {
  markVectorizationPending,
  recordedVectorIds,
  removeVectors,
  vectorizeSource,
} from "../retrieval/vectorize-job";
import { summarizeMessages } from "./summarize";

/** A memory is made once this many new messages have accumulated. */
export const SUMMARIZE_EVERY = 8;
/** At most this many messages go into one memory. */
const MAX_MESSAGES_PER_MEMORY = 40;

export interface SummarizeArgs {
  db: DB;
  d1: D1Database;
  services: Services;
  conversationId: string;
  userId: string;
  /** Summarize whatever is new, even fewer than SUMMARIZE_EVERY messages (the "Summarize now" button). */
  force?: boolean;
  now?: Date;
}

export type SummarizeResult =
  { status: "created"; memoryId: string } | { status: "not_enough"; newMessages: number } | { status: "not_found" };

export async function maybeSummarizeConversation({
  db,
  d1,
  services,
  conversationId,
  userId,
  force = false,
  now = new Date(),
}: SummarizeArgs): Promise<SummarizeResult> {
  const conversation = await db
    .selectFrom("conversations")
    .innerJoin("bots", "bots.id", "conversations.bot_id")
    .innerJoin("users", "users.id", "conversations.user_id")
    .select([
      "conversations.id",
      "conversations.bot_id",
      "conversations.persona_id",
      "conversations.summarized_through_seq",
      "bots.name as bot_name",
      "users.display_name",
    ])
    .where("conversations.id", "=", conversationId)
    .where("conversations.user_id", "=", userId)
    .executeTakeFirst();
  if (!conversation) return { status: "not_found" };

  const messages = await db
    .selectFrom("messages")
    .select(["role", "content", "seq"])
    .where("conversation_id", "=", conversationId)
    .where("seq", ">", conversation.summarized_through_seq)
    .where("status", "in", ["complete", "incomplete"])
    .orderBy("seq")
    .limit(MAX_MESSAGES_PER_MEMORY)
    .execute();
  if (messages.length === 0 || (!force && messages.length < SUMMARIZE_EVERY))
    return { status: "not_enough", newMessages: messages.length };

  const draft = summarizeMessages(
    messages,
    { user: conversation.display_name ?? "The user", bot: conversation.bot_name },
    now,
  );
  const lastSeq = messages[messages.length - 1]!.seq;
  if (!draft) {
    await db
      .updateTable("conversations")
      .set({ summarized_through_seq: lastSeq })
      .where("id", "=", conversationId)
      .execute();
    return { status: "not_enough", newMessages: 0 };
  }
  const memoryId = newId();
  const participants = {
    bot_id: conversation.bot_id,
    ...(conversation.persona_id ? { persona_id: conversation.persona_id } : {}),
  };
  // The memory, the conversation's bookmark and the pending vector record land together;
  // the bookmark only moves if it has not moved meanwhile (two replies racing).
  const statements = [
    db.insertInto("memories").values({
      id: memoryId,
      user_id: userId,
      conversation_id: conversationId,
      memory_type: draft.memoryType,
      content: draft.content,
      summary: draft.summary,
      participants: JSON.stringify(participants),
      importance: draft.importance,
      expires_at: draft.expiresAt,
    }),
    db
      .updateTable("conversations")
      .set({ summarized_through_seq: lastSeq })
      .where("id", "=", conversationId)
      .where("summarized_through_seq", "=", conversation.summarized_through_seq),
    markVectorizationPending(db, "memory", memoryId, services.vectorIndex.name),
  ].map((q) => {
    const compiled = q.compile();
    return d1.prepare(compiled.sql).bind(...compiled.parameters);
  });
  await d1.batch(statements);
  await vectorizeSource({ db, services, sourceType: "memory", sourceId: memoryId });
  await pruneExpiredMemories({ db, services, userId, now });
  return { status: "created", memoryId };
}

/** Delete the person's expired short-term memories and their vectors. */
export async function pruneExpiredMemories({
  db,
  services,
  userId,
  now = new Date(),
}: {
  db: DB;
  services: Services;
  userId: string;
  now?: Date;
}): Promise<number> {
  const expired = await db
    .selectFrom("memories")
    .select(["id"])
    .where("user_id", "=", userId)
    .where("expires_at", "is not", null)
    .where("expires_at", "<=", now.toISOString())
    .limit(200)
    .execute();
  if (expired.length === 0) return 0;
  return deleteMemories({ db, services, userId, memoryIds: expired.map((m) => m.id) });
}

/** Delete memories (owned by `userId`) together with their vectors. */
export async function deleteMemories({
  db,
  services,
  userId,
  memoryIds,
}: {
  db: DB;
  services: Services;
  userId: string;
  memoryIds: string[];
}): Promise<number> {
  if (memoryIds.length === 0) return 0;
  const vectorIds = await recordedVectorIds(db, "memory", memoryIds);
  let deleted = 0;
  for (let i = 0; i < memoryIds.length; i += 90) {
    const result = await db
      .deleteFrom("memories")
      .where("user_id", "=", userId)
      .where("id", "in", memoryIds.slice(i, i + 90))
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  await removeVectors({ db, services, sourceType: "memory", sourceIds: memoryIds, vectorIds });
  return deleted;
}

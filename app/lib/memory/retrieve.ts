/**
 * Memory retrieval for a turn: the person's memories with this bot, by similarity to the
 * recent conversation, blended with importance and recency; expired short-term memories
 * never come back. Retrieved memories get `last_accessed` and `access_count` updated.
 */
import { sql } from "kysely";
import type { DB } from "#db/schema";
import type { ContextEntry } from "../chat/turn-context";
import type { VectorIndex } from "../retrieval/vector-index";
import { isExpired, rankMemories } from "./ranking";

export const MEMORY_TOP_K = 5;
/** Similarity below which a memory is not considered related at all. */
export const MEMORY_MIN_SIMILARITY = 0.05;

export interface MemoryQuery {
  db: DB;
  vectorIndex: VectorIndex;
  userId: string;
  botId: string;
  queryVector: number[];
  now?: Date;
  topK?: number;
}

export async function retrieveMemories({
  db,
  vectorIndex,
  userId,
  botId,
  queryVector,
  now = new Date(),
  topK = MEMORY_TOP_K,
}: MemoryQuery): Promise<ContextEntry[]> {
  const { matches } = await vectorIndex.query(queryVector, {
    topK: topK * 3,
    filter: { source_type: "memory", user_id: userId, bot_id: botId },
    returnMetadata: "all",
  });
  const similarity = new Map<string, number>();
  for (const match of matches) {
    const id = match.metadata?.source_id;
    if (typeof id === "string" && match.score >= MEMORY_MIN_SIMILARITY)
      similarity.set(id, Math.max(similarity.get(id) ?? -1, match.score));
  }
  if (similarity.size === 0) return [];
  const rows = await db
    .selectFrom("memories")
    .select(["id", "summary", "content", "importance", "memory_type", "expires_at", "created_at"])
    .where("id", "in", [...similarity.keys()])
    .where("user_id", "=", userId)
    .execute();
  const live = rows.filter((row) => !isExpired(row.expires_at, now));
  const ranked = rankMemories(
    live.map((row) => ({ ...row, similarity: similarity.get(row.id)!, createdAt: row.created_at })),
    now,
  ).slice(0, topK);
  if (ranked.length === 0) return [];

  await db
    .updateTable("memories")
    .set({ last_accessed: now.toISOString(), access_count: sql<number>`access_count + 1` })
    .where(
      "id",
      "in",
      ranked.map((m) => m.id),
    )
    .execute();

  return ranked.map((m) => ({
    kind: "memory" as const,
    sourceId: m.id,
    title: `${m.memory_type.replace("_", "-")} memory from ${m.created_at.slice(0, 10)}`,
    text: m.summary || m.content,
    priority: m.rank,
    score: m.similarity,
    reason: `similarity ${m.similarity.toFixed(2)}, importance ${m.importance.toFixed(2)}, rank ${m.rank.toFixed(2)}`,
  }));
}

/**
 * Knowledge retrieval for a turn: the bot's own entries, the public collections it
 * draws on (bot_collections) and the chatter's own "my knowledge" (their entries with no
 * bot and no collection, looked up in all their conversations like a global lorebook), by
 * similarity to the recent conversation, above a score threshold, best `topK`, ordered by
 * priority then score.
 */
import type { DB, Priority } from "#db/schema";
import type { ContextEntry } from "../chat/turn-context";
import { LOCAL_EMBEDDING_MODEL } from "../retrieval/hashing-embedder";
import type { Embedder } from "../retrieval/embedder";
import type { VectorFilter, VectorIndex, VectorMatch } from "../retrieval/vector-index";
import { sourceChunks } from "../retrieval/vectorize-job";

export const PRIORITY_RANK: Record<Priority, number> = { low: 1, normal: 2, high: 3, critical: 4 };
export const KNOWLEDGE_TOP_K = 6;

/** Scores mean different things per model: word-hashing vectors score lower than a trained model's. */
export function knowledgeMinScore(embedder: Pick<Embedder, "model">): number {
  return embedder.model === LOCAL_EMBEDDING_MODEL ? 0.1 : 0.45;
}

export interface KnowledgeQuery {
  db: DB;
  vectorIndex: VectorIndex;
  embedder: Embedder;
  botId: string;
  /** Public collections the bot draws on. */
  collectionIds: string[];
  /** The chatter's "my knowledge" entries (see myKnowledgeIdsQuery). */
  myKnowledgeIds?: string[];
  queryVector: number[];
  topK?: number;
  minScore?: number;
}

/** How many of a person's own bot-less entries are searched per turn (the newest). */
export const MY_KNOWLEDGE_LIMIT = 50;

/** The ids of a person's "my knowledge": their own entries attached to no bot and no collection. */
export function myKnowledgeIdsQuery(db: DB, userId: string) {
  return db
    .selectFrom("knowledge")
    .select("id")
    .where("created_by_id", "=", userId)
    .where("bot_id", "is", null)
    .where("collection_id", "is", null)
    .where("content_type", "!=", "world_info")
    .orderBy("created_at", "desc")
    .limit(MY_KNOWLEDGE_LIMIT);
}

interface SourceRow {
  id: string;
  bot_id: string | null;
  collection_id: string | null;
  created_by_id: string;
  collection_owner: string | null;
  collection_public: number | null;
  bot_owner: string | null;
}

/**
 * Whether a matched entry may go into this bot's prompt, checked on the row as it is now
 * (vector metadata can be stale): the bot's own entries only if written by the bot's creator;
 * a collection's only if written by the collection's owner and the collection is public or the
 * bot creator's; or the chatter's own "my knowledge". So nobody's text reaches a bot its owner
 * did not attach it to — not an entry someone else re-filed onto their bot, not after a grant ends.
 */
function mayUse(
  row: SourceRow,
  botId: string,
  collectionIds: ReadonlySet<string>,
  myKnowledgeIds: ReadonlySet<string>,
): boolean {
  if (myKnowledgeIds.has(row.id)) return true;
  if (row.bot_id === botId && row.bot_owner !== null && row.created_by_id === row.bot_owner) return true;
  return (
    row.collection_id !== null &&
    collectionIds.has(row.collection_id) &&
    row.created_by_id === row.collection_owner &&
    (row.collection_public === 1 || row.collection_owner === row.bot_owner)
  );
}

export async function retrieveKnowledge({
  db,
  vectorIndex,
  embedder,
  botId,
  collectionIds,
  myKnowledgeIds = [],
  queryVector,
  topK = KNOWLEDGE_TOP_K,
  minScore = knowledgeMinScore(embedder),
}: KnowledgeQuery): Promise<ContextEntry[]> {
  // Vectorize filters cannot OR two fields, so the bot's entries and its collections are two queries.
  const filters: VectorFilter[] = [{ source_type: "knowledge", bot_id: botId }];
  if (collectionIds.length > 0)
    filters.push({ source_type: "knowledge", collection_id: { $in: collectionIds.slice(0, 50) } });
  // Bot-less entries carry bot_id "" in their metadata; the ids keep it to this person's own.
  if (myKnowledgeIds.length > 0)
    filters.push({
      source_type: "knowledge",
      bot_id: "",
      source_id: { $in: myKnowledgeIds.slice(0, MY_KNOWLEDGE_LIMIT) },
    });
  const results = await Promise.all(
    filters.map((filter) => vectorIndex.query(queryVector, { topK: topK * 2, filter, returnMetadata: "all" })),
  );
  const best = new Map<string, VectorMatch>();
  for (const match of results.flatMap((r) => r.matches)) {
    if (match.score < minScore) continue;
    if (!best.has(match.id) || best.get(match.id)!.score < match.score) best.set(match.id, match);
  }
  const matches = [...best.values()].filter(
    (m) => typeof m.metadata?.source_id === "string" && typeof m.metadata?.chunk === "number",
  );
  if (matches.length === 0) return [];

  const sourceIds = [...new Set(matches.map((m) => m.metadata!.source_id as string))];
  const rows = await db
    .selectFrom("knowledge")
    .leftJoin("knowledge_collections as kc", "kc.id", "knowledge.collection_id")
    .select([
      "knowledge.id",
      "knowledge.title",
      "knowledge.content",
      "knowledge.priority",
      "knowledge.bot_id",
      "knowledge.collection_id",
      "knowledge.created_by_id",
      "kc.created_by_id as collection_owner",
      "kc.is_public as collection_public",
      (eb) => eb.selectFrom("bots").select("created_by_id").where("id", "=", botId).as("bot_owner"),
    ])
    .where("knowledge.id", "in", sourceIds)
    .where("knowledge.content_type", "!=", "world_info")
    .execute();
  const allowed = new Set(collectionIds);
  const mine = new Set(myKnowledgeIds);
  const byId = new Map(
    rows
      .filter((row) => mayUse(row, botId, allowed, mine))
      .map((row) => [row.id, { ...row, chunks: sourceChunks(row.content, embedder.maxInputTokens) }]),
  );

  const entries: ContextEntry[] = [];
  for (const match of matches) {
    const row = byId.get(match.metadata!.source_id as string);
    const chunk = row?.chunks[match.metadata!.chunk as number];
    if (!row || !chunk) continue; // deleted or edited since it was embedded
    entries.push({
      kind: "knowledge",
      sourceId: row.id,
      chunkIndex: chunk.index,
      title: row.title,
      text: chunk.text,
      priority: PRIORITY_RANK[row.priority],
      score: match.score,
      reason: `similarity ${match.score.toFixed(2)}, priority ${row.priority}`,
    });
  }
  entries.sort(
    (a, b) => b.priority - a.priority || (b.score ?? 0) - (a.score ?? 0) || a.sourceId.localeCompare(b.sourceId),
  );
  return entries.slice(0, topK);
}

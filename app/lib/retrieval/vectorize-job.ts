/**
 * Embedding a knowledge entry or a memory into the vector index, tracked in
 * `vector_records` so its state is visible (pending → done | failed with the reason).
 *
 * Actions write the row and call `markVectorizationPending` in the same request, then hand
 * `vectorizeSource` to waitUntil so the person does not wait for embedding. Vector ids are
 * `<source_type>:<source_id>:<chunk>`, so re-embedding overwrites in place and only the
 * chunks that no longer exist are deleted.
 */
import type { DB, VectorSourceType } from "#db/schema";
import { parseJsonArray } from "../json";
import { newId } from "../ids";
import type { Services } from "../services";
import { chunkText, chunkTokenLimit, type Chunk } from "./chunking";
import { MAX_UPSERT_BATCH, type VectorInput, type VectorMetadata } from "./vector-index";

/** Texts per embedder call (Workers AI accepts 100; smaller keeps memory flat). */
const EMBED_BATCH = 50;

export type VectorizableSource = "knowledge" | "memory";

export function vectorId(sourceType: VectorSourceType, sourceId: string, chunk: number): string {
  return `${sourceType}:${sourceId}:${chunk}`;
}

interface SourceDocument {
  title: string;
  text: string;
  metadata: VectorMetadata;
}

/** A source's chunks exactly as they were embedded (retrieval re-derives a chunk's text from its index). */
export function sourceChunks(text: string, maxInputTokens: number): Chunk[] {
  return chunkText(text, chunkTokenLimit(maxInputTokens));
}

async function loadSource(db: DB, sourceType: VectorizableSource, sourceId: string): Promise<SourceDocument | null> {
  if (sourceType === "knowledge") {
    const row = await db
      .selectFrom("knowledge")
      .select(["title", "content", "bot_id", "collection_id", "content_type"])
      .where("id", "=", sourceId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      title: row.title,
      text: row.content,
      metadata: {
        source_type: "knowledge",
        source_id: sourceId,
        bot_id: row.bot_id ?? "",
        collection_id: row.collection_id ?? "",
        content_type: row.content_type,
      },
    };
  }
  const row = await db
    .selectFrom("memories")
    .leftJoin("conversations", "conversations.id", "memories.conversation_id")
    .select([
      "memories.summary",
      "memories.content",
      "memories.user_id",
      "memories.conversation_id",
      "conversations.bot_id",
    ])
    .where("memories.id", "=", sourceId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    title: "",
    text: row.summary || row.content,
    metadata: {
      source_type: "memory",
      source_id: sourceId,
      user_id: row.user_id,
      conversation_id: row.conversation_id ?? "",
      bot_id: row.bot_id ?? "",
    },
  };
}

/** Record that (re-)embedding is due; run in the same request as the write. */
export function markVectorizationPending(db: DB, sourceType: VectorizableSource, sourceId: string, indexName: string) {
  const now = new Date().toISOString();
  return db
    .insertInto("vector_records")
    .values({
      id: newId(),
      source_type: sourceType,
      source_id: sourceId,
      vectorize_index: indexName,
      status: "pending",
      error: null,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["source_type", "source_id"]).doUpdateSet({ status: "pending", error: null, updated_at: now }),
    );
}

const sourceTable = (sourceType: VectorizableSource) => (sourceType === "knowledge" ? "knowledge" : "memories");

export interface VectorizeResult {
  status: "done" | "failed" | "missing";
  chunkCount?: number;
  error?: string;
}

/** Embed the source now. Never throws: failures are recorded on its vector_records row. */
export async function vectorizeSource({
  db,
  services,
  sourceType,
  sourceId,
}: {
  db: DB;
  services: Services;
  sourceType: VectorizableSource;
  sourceId: string;
}): Promise<VectorizeResult> {
  const { embedder, vectorIndex } = services;
  try {
    const source = await loadSource(db, sourceType, sourceId);
    if (!source) return { status: "missing" };
    const previous = await db
      .selectFrom("vector_records")
      .select(["vector_ids"])
      .where("source_type", "=", sourceType)
      .where("source_id", "=", sourceId)
      .executeTakeFirst();
    const oldIds = parseJsonArray(previous?.vector_ids);

    const chunks = sourceChunks(source.text, embedder.maxInputTokens);
    const vectors: VectorInput[] = [];
    for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
      const slice = chunks.slice(start, start + EMBED_BATCH);
      const embeddings = await embedder.embed(
        slice.map((c) => (source.title ? `${source.title}\n\n${c.text}` : c.text)),
      );
      if (embeddings.length !== slice.length)
        throw new Error(`the embedder returned ${embeddings.length} vectors for ${slice.length} chunks`);
      slice.forEach((chunk, i) =>
        vectors.push({
          id: vectorId(sourceType, sourceId, chunk.index),
          values: embeddings[i]!,
          metadata: { ...source.metadata, chunk: chunk.index },
        }),
      );
    }
    for (let start = 0; start < vectors.length; start += MAX_UPSERT_BATCH)
      await vectorIndex.upsert(vectors.slice(start, start + MAX_UPSERT_BATCH));
    const newIds = vectors.map((v) => v.id);
    const stale = oldIds.filter((id) => !newIds.includes(id));
    if (stale.length > 0) await vectorIndex.deleteByIds(stale);

    const now = new Date().toISOString();
    const embedding = {
      chunk_count: chunks.length,
      model: embedder.model,
      dimensions: embedder.dimensions,
      index: vectorIndex.name,
      vectorized_at: now,
    };
    await Promise.all([
      db
        .insertInto("vector_records")
        .values({
          id: newId(),
          source_type: sourceType,
          source_id: sourceId,
          vectorize_index: vectorIndex.name,
          status: "done",
          vector_ids: JSON.stringify(newIds),
          chunk_count: chunks.length,
          model: embedder.model,
          dimensions: embedder.dimensions,
          metadata: JSON.stringify(source.metadata),
          error: null,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(["source_type", "source_id"]).doUpdateSet({
            status: "done",
            error: null,
            vectorize_index: vectorIndex.name,
            vector_ids: JSON.stringify(newIds),
            chunk_count: chunks.length,
            model: embedder.model,
            dimensions: embedder.dimensions,
            metadata: JSON.stringify(source.metadata),
            updated_at: now,
          }),
        )
        .execute(),
      db
        .updateTable(sourceTable(sourceType))
        .set({ is_vectorized: chunks.length > 0 ? 1 : 0, embedding_metadata: JSON.stringify(embedding) })
        .where("id", "=", sourceId)
        .execute(),
    ]);
    return { status: "done", chunkCount: chunks.length };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const now = new Date().toISOString();
    await db
      .insertInto("vector_records")
      .values({
        id: newId(),
        source_type: sourceType,
        source_id: sourceId,
        vectorize_index: vectorIndex.name,
        status: "failed",
        error: message,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(["source_type", "source_id"]).doUpdateSet({ status: "failed", error: message, updated_at: now }),
      )
      .execute()
      .catch(() => undefined);
    await db
      .updateTable(sourceTable(sourceType))
      .set({ is_vectorized: 0 })
      .where("id", "=", sourceId)
      .execute()
      .catch(() => undefined);
    return { status: "failed", error: message };
  }
}

/** The vector ids recorded for sources (read them BEFORE deleting the rows). */
export async function recordedVectorIds(
  db: DB,
  sourceType: VectorizableSource,
  sourceIds: string[],
): Promise<string[]> {
  if (sourceIds.length === 0) return [];
  const ids: string[] = [];
  for (let i = 0; i < sourceIds.length; i += 90) {
    const rows = await db
      .selectFrom("vector_records")
      .select(["vector_ids"])
      .where("source_type", "=", sourceType)
      .where("source_id", "in", sourceIds.slice(i, i + 90))
      .execute();
    for (const row of rows) ids.push(...parseJsonArray(row.vector_ids));
  }
  return ids;
}

/** Remove a deleted source's vectors from the index and its tracking rows. */
export async function removeVectors({
  db,
  services,
  sourceType,
  sourceIds,
  vectorIds,
}: {
  db: DB;
  services: Services;
  sourceType: VectorizableSource;
  sourceIds: string[];
  vectorIds: string[];
}): Promise<void> {
  if (vectorIds.length > 0) await services.vectorIndex.deleteByIds(vectorIds);
  for (let i = 0; i < sourceIds.length; i += 90) {
    await db
      .deleteFrom("vector_records")
      .where("source_type", "=", sourceType)
      .where("source_id", "in", sourceIds.slice(i, i + 90))
      .execute();
  }
}

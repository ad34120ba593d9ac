/** Production vector index: the Cloudflare Vectorize binding, batched to its limits. */
import { chunks } from "./local-vector-index";
import {
  clampTopK,
  MAX_UPSERT_BATCH,
  type StoredVector,
  type VectorIndex,
  type VectorInput,
  type VectorMatch,
  type VectorMetadata,
  type VectorQueryOptions,
} from "./vector-index";

/** Vectorize's getByIds / deleteByIds take at most this many ids per call. */
const MAX_IDS_PER_CALL = 100;

export class CloudflareVectorIndex implements VectorIndex {
  constructor(
    private readonly binding: VectorizeBinding,
    readonly name: string,
  ) {}

  async upsert(vectors: VectorInput[]): Promise<{ count: number }> {
    let count = 0;
    for (const batch of chunks(vectors, MAX_UPSERT_BATCH)) {
      await this.binding.upsert(
        batch.map((v) => ({ id: v.id, values: Array.from(v.values), namespace: v.namespace, metadata: v.metadata })),
      );
      count += batch.length;
    }
    return { count };
  }

  async query(
    vector: number[] | Float32Array,
    options?: VectorQueryOptions,
  ): Promise<{ matches: VectorMatch[]; count: number }> {
    const result = await this.binding.query(Array.from(vector), {
      topK: clampTopK(options),
      namespace: options?.namespace,
      filter: options?.filter as VectorizeVectorMetadataFilter | undefined,
      returnValues: options?.returnValues ?? false,
      returnMetadata:
        options?.returnMetadata === true
          ? "all"
          : options?.returnMetadata === false
            ? "none"
            : (options?.returnMetadata ?? "none"),
    });
    const matches = result.matches.map((m): VectorMatch => ({
      id: m.id,
      score: m.score,
      ...(m.values ? { values: Array.from(m.values) } : {}),
      ...(m.metadata ? { metadata: m.metadata as VectorMetadata } : {}),
      ...(m.namespace ? { namespace: m.namespace } : {}),
    }));
    return { matches, count: matches.length };
  }

  async getByIds(ids: string[]): Promise<StoredVector[]> {
    const found: StoredVector[] = [];
    for (const chunk of chunks(ids, MAX_IDS_PER_CALL)) {
      for (const v of await this.binding.getByIds(chunk)) {
        found.push({
          id: v.id,
          values: Array.from(v.values),
          metadata: (v.metadata ?? {}) as VectorMetadata,
          ...(v.namespace ? { namespace: v.namespace } : {}),
        });
      }
    }
    return found;
  }

  async deleteByIds(ids: string[]): Promise<{ count: number }> {
    // Vectorize applies mutations asynchronously; it reports what it accepted.
    let count = 0;
    for (const chunk of chunks(ids, MAX_IDS_PER_CALL)) {
      await this.binding.deleteByIds(chunk);
      count += chunk.length;
    }
    return { count };
  }
}

/** The subset of the binding this adapter uses (a fake in tests implements the same). */
export type VectorizeBinding = Pick<Vectorize, "upsert" | "query" | "getByIds" | "deleteByIds">;

/**
 * The vector index interface: the shape of Cloudflare Vectorize's binding (V2), so the
 * production adapter is a thin pass-through and the local index is a drop-in.
 */

export type VectorMetadataValue = string | number | boolean;
export type VectorMetadata = Record<string, VectorMetadataValue>;

export interface VectorInput {
  id: string;
  values: number[] | Float32Array;
  namespace?: string;
  metadata?: VectorMetadata;
}

export interface StoredVector {
  id: string;
  values: number[];
  namespace?: string;
  metadata: VectorMetadata;
}

/** Vectorize's metadata filter: `{ field: value }` means $eq. */
export type FilterOperand =
  | VectorMetadataValue
  | {
      $eq?: VectorMetadataValue;
      $ne?: VectorMetadataValue;
      $in?: VectorMetadataValue[];
      $nin?: VectorMetadataValue[];
      $lt?: number | string;
      $lte?: number | string;
      $gt?: number | string;
      $gte?: number | string;
    };
export type VectorFilter = Record<string, FilterOperand>;

export interface VectorQueryOptions {
  topK?: number;
  namespace?: string;
  filter?: VectorFilter;
  returnValues?: boolean;
  returnMetadata?: boolean | "all" | "indexed" | "none";
}

export interface VectorMatch {
  id: string;
  /** Cosine similarity, -1 … 1, higher is closer. */
  score: number;
  values?: number[];
  metadata?: VectorMetadata;
  namespace?: string;
}

export interface VectorIndex {
  readonly name: string;
  upsert(vectors: VectorInput[]): Promise<{ count: number }>;
  query(
    vector: number[] | Float32Array,
    options?: VectorQueryOptions,
  ): Promise<{ matches: VectorMatch[]; count: number }>;
  getByIds(ids: string[]): Promise<StoredVector[]>;
  deleteByIds(ids: string[]): Promise<{ count: number }>;
}

/** Vectorize accepts at most this many vectors per upsert call. */
export const MAX_UPSERT_BATCH = 1000;
/** Vectorize's topK ceiling (with values or all metadata it is 50). */
export const MAX_TOP_K = 100;
export const MAX_TOP_K_WITH_DATA = 50;

export function clampTopK(options: VectorQueryOptions | undefined): number {
  const wantsData =
    options?.returnValues === true || options?.returnMetadata === true || options?.returnMetadata === "all";
  const ceiling = wantsData ? MAX_TOP_K_WITH_DATA : MAX_TOP_K;
  const topK = options?.topK ?? 5;
  if (!Number.isInteger(topK) || topK < 1) throw new RangeError(`topK must be a positive integer, got ${topK}`);
  return Math.min(topK, ceiling);
}

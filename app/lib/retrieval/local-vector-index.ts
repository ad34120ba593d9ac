/**
 * The local default vector index: the Vectorize API over vectors kept in D1
 * (`local_vectors`), scored by exact cosine similarity. Metadata filters are pushed down
 * to SQL (json_extract) so only candidate ids leave the database.
 *
 * Reading 10,000 × 768 float32 BLOBs out of SQLite costs more than scoring them (issue 12:
 * 71–98 ms a query), so decoded vectors and their norms are kept in memory per isolate and
 * reused while the index's generation (a random token every write to local_vectors changes,
 * by trigger — migration 0012) is unchanged. A query then reads one small row (and, with a
 * filter, the matching ids) and does one dot product per candidate. Above
 * MAX_CACHED_VECTORS the cache is skipped and rows are read per query as before.
 */
import {
  clampTopK,
  type FilterOperand,
  type StoredVector,
  type VectorFilter,
  type VectorIndex,
  type VectorInput,
  type VectorMatch,
  type VectorMetadata,
  type VectorQueryOptions,
} from "./vector-index.ts";

/** D1 binds at most 100 parameters per statement. */
const MAX_BOUND_PARAMS = 100;
/** Rows per D1 batch when writing (each row is one statement). */
const WRITE_BATCH = 50;

export function encodeVector(values: ArrayLike<number>): ArrayBuffer {
  const floats = Float32Array.from(values as ArrayLike<number>);
  return floats.buffer as ArrayBuffer;
}

export function decodeVector(raw: unknown): Float32Array {
  // D1 hands BLOBs back as ArrayBuffer, or as an array of byte values in some runtimes.
  const bytes =
    raw instanceof ArrayBuffer
      ? new Uint8Array(raw)
      : ArrayBuffer.isView(raw)
        ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)
        : Uint8Array.from(raw as number[]);
  const copy = bytes.slice();
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

/** A float32 view of a BLOB without copying when it is aligned (the hot path of a query). */
function viewVector(raw: unknown): Float32Array {
  if (raw instanceof ArrayBuffer) return new Float32Array(raw, 0, raw.byteLength >> 2);
  if (ArrayBuffer.isView(raw) && raw.byteOffset % 4 === 0)
    return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength >> 2);
  return decodeVector(raw);
}

export function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return Math.sqrt(sum);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>, normA = norm(a)): number {
  if (a.length !== b.length) throw new RangeError(`dimension mismatch: ${a.length} vs ${b.length}`);
  let dot = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normB += b[i]! * b[i]!;
  }
  const denominator = normA * Math.sqrt(normB);
  return denominator === 0 ? 0 : dot / denominator;
}

const FIELD_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** Translate a Vectorize metadata filter to a SQL condition over the metadata JSON. */
export function filterToSql(filter: VectorFilter | undefined): { sql: string; params: unknown[] } {
  if (!filter) return { sql: "", params: [] };
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [field, operand] of Object.entries(filter)) {
    if (!FIELD_PATTERN.test(field)) throw new Error(`invalid metadata filter field: ${field}`);
    // The path is written into the SQL (FIELD_PATTERN makes that safe) rather than bound, so
    // SQLite can use the expression indexes of migration 0005 on the fields retrieval filters by.
    const column = `json_extract(metadata, '$.${field}')`;
    const ops: Record<string, unknown> = isOperatorObject(operand) ? operand : { $eq: operand };
    for (const [op, value] of Object.entries(ops)) {
      switch (op) {
        case "$eq":
        case "$ne":
        case "$lt":
        case "$lte":
        case "$gt":
        case "$gte": {
          const sqlOp = { $eq: "=", $ne: "!=", $lt: "<", $lte: "<=", $gt: ">", $gte: ">=" }[op];
          // Vectorize's $ne also matches vectors that lack the field.
          clauses.push(op === "$ne" ? `(${column} IS NULL OR ${column} ${sqlOp} ?)` : `${column} ${sqlOp} ?`);
          params.push(toSqlValue(value));
          break;
        }
        case "$in":
        case "$nin": {
          const list = value as unknown[];
          if (!Array.isArray(list) || list.length === 0) throw new Error(`${op} needs a non-empty array`);
          const placeholders = list.map(() => "?").join(", ");
          clauses.push(
            op === "$in"
              ? `${column} IN (${placeholders})`
              : `(${column} IS NULL OR ${column} NOT IN (${placeholders}))`,
          );
          params.push(...list.map(toSqlValue));
          break;
        }
        default:
          throw new Error(`unsupported metadata filter operator: ${op}`);
      }
    }
  }
  return { sql: clauses.join(" AND "), params };
}

function isOperatorObject(operand: FilterOperand): operand is Exclude<FilterOperand, string | number | boolean> {
  return typeof operand === "object" && operand !== null;
}

function toSqlValue(value: unknown): unknown {
  // json_extract returns 1/0 for JSON true/false.
  return typeof value === "boolean" ? (value ? 1 : 0) : value;
}

/** Beyond this many vectors in one index, nothing is cached (≈ 48 MB of float32 at 768 dims). */
export const MAX_CACHED_VECTORS = 16_384;

interface CachedVector {
  id: string;
  namespace: string | null;
  values: Float32Array;
  norm: number;
}

/** One index decoded: every vector in one contiguous float32 matrix (row i at i × dims),
 * which scores about 1.5× faster than thousands of separate arrays. */
interface IndexCache {
  generation: string;
  dims: number;
  ids: string[];
  namespaces: (string | null)[];
  matrix: Float32Array;
  norms: Float32Array;
  rowOf: Map<string, number>;
}

/** Decoded vectors per index name (this isolate's memory). One index at a time is kept. */
const caches = new Map<string, IndexCache>();

/** Drop every cached index (tests that write local_vectors behind the triggers' back). */
export function clearLocalVectorCache(): void {
  caches.clear();
}

/** Four running sums: independent additions the CPU can overlap (about 2× a plain loop). */
/** The dot product of `query` with row `row` of `matrix`, with four running sums the CPU
 * can overlap. */
function dotRow(query: Float32Array, matrix: Float32Array, row: number): number {
  const n = query.length;
  const offset = row * n;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += query[i]! * matrix[offset + i]!;
    s1 += query[i + 1]! * matrix[offset + i + 1]!;
    s2 += query[i + 2]! * matrix[offset + i + 2]!;
    s3 += query[i + 3]! * matrix[offset + i + 3]!;
  }
  for (; i < n; i++) s0 += query[i]! * matrix[offset + i]!;
  return s0 + s1 + s2 + s3;
}

interface LocalVectorRow {
  id: string;
  namespace: string | null;
  vector: unknown;
  metadata: string;
}

export class LocalVectorIndex implements VectorIndex {
  // Plain fields (no parameter properties) so Node can run this file with type stripping (tests/bench).
  private readonly d1: D1Database;
  readonly name: string;

  constructor(d1: D1Database, name: string) {
    this.d1 = d1;
    this.name = name;
  }

  async upsert(vectors: VectorInput[]): Promise<{ count: number }> {
    const statement = this.d1.prepare(
      "INSERT INTO local_vectors (index_name, id, namespace, vector, metadata) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (index_name, id) DO UPDATE SET namespace = excluded.namespace, vector = excluded.vector, metadata = excluded.metadata",
    );
    for (let start = 0; start < vectors.length; start += WRITE_BATCH) {
      const batch = vectors
        .slice(start, start + WRITE_BATCH)
        .map((v) =>
          statement.bind(
            this.name,
            v.id,
            v.namespace ?? null,
            encodeVector(v.values),
            JSON.stringify(v.metadata ?? {}),
          ),
        );
      await this.d1.batch(batch);
    }
    return { count: vectors.length };
  }

  async query(
    vector: number[] | Float32Array,
    options?: VectorQueryOptions,
  ): Promise<{ matches: VectorMatch[]; count: number }> {
    const topK = clampTopK(options);
    const filter = filterToSql(options?.filter);
    const conditions = ["index_name = ?"];
    const params: unknown[] = [this.name];
    if (options?.namespace !== undefined) {
      conditions.push("namespace = ?");
      params.push(options.namespace);
    }
    if (filter.sql) {
      conditions.push(filter.sql);
      params.push(...filter.params);
    }
    const narrowed = conditions.length > 1;
    const query = Float32Array.from(vector);
    const queryNorm = norm(query);

    // The generation (and, when narrowed, the candidate ids) in one consistent read.
    const generationStatement = this.d1
      .prepare("SELECT generation FROM local_vector_generations WHERE index_name = ?")
      .bind(this.name);
    const idsStatement = this.d1
      .prepare(`SELECT id FROM local_vectors WHERE ${conditions.join(" AND ")}`)
      .bind(...params);
    const cached = caches.get(this.name);
    const [generationResult, idsResult] = await this.d1.batch<{ generation: string } & { id: string }>(
      narrowed ? [generationStatement, idsStatement] : [generationStatement],
    );
    const state = generationResult?.results[0] as { generation: string } | undefined;
    if (!state) return { matches: [], count: 0 };

    const cache = cached?.generation === state.generation ? cached : await this.loadCache();

    let winners: { score: number; vector: CachedVector }[];
    if (cache) {
      if (cache.ids.length > 0 && query.length !== cache.dims)
        throw new RangeError(`dimension mismatch: ${query.length} vs ${cache.dims}`);
      const best = new TopK<number>(topK);
      const offer = (row: number) => {
        const denominator = queryNorm * cache.norms[row]!;
        best.offer(cache.ids[row]!, denominator === 0 ? 0 : dotRow(query, cache.matrix, row) / denominator, row);
      };
      if (narrowed) {
        for (const { id } of (idsResult?.results ?? []) as { id: string }[]) {
          const row = cache.rowOf.get(id);
          if (row !== undefined) offer(row);
        }
      } else {
        for (let row = 0; row < cache.ids.length; row++) offer(row);
      }
      winners = best.sorted().map(({ score, item: row }) => ({
        score,
        vector: {
          id: cache.ids[row]!,
          namespace: cache.namespaces[row]!,
          values: cache.matrix.subarray(row * cache.dims, (row + 1) * cache.dims),
          norm: cache.norms[row]!,
        },
      }));
    } else {
      // Too big to cache: read the candidate rows and score them as they come.
      const { results } = await this.d1
        .prepare(`SELECT id, namespace, vector FROM local_vectors WHERE ${conditions.join(" AND ")}`)
        .bind(...params)
        .all<Omit<LocalVectorRow, "metadata">>();
      const best = new TopK<CachedVector>(topK);
      for (const row of results) {
        const values = viewVector(row.vector);
        best.offer(row.id, cosine(query, values, queryNorm), { id: row.id, namespace: row.namespace, values, norm: 0 });
      }
      winners = best.sorted().map(({ score, item }) => ({ score, vector: item }));
    }

    const wantMetadata =
      options?.returnMetadata !== undefined && options.returnMetadata !== false && options.returnMetadata !== "none";
    const metadata = new Map<string, VectorMetadata>();
    if (wantMetadata && winners.length > 0) {
      const { results: rows } = await this.d1
        .prepare(
          `SELECT id, metadata FROM local_vectors WHERE index_name = ? AND id IN (${winners.map(() => "?").join(", ")})`,
        )
        .bind(this.name, ...winners.map((b) => b.vector.id))
        .all<{ id: string; metadata: string }>();
      for (const row of rows) metadata.set(row.id, JSON.parse(row.metadata) as VectorMetadata);
    }
    const matches = winners.map(({ vector: v, score }): VectorMatch => ({
      id: v.id,
      score,
      ...(v.namespace !== null ? { namespace: v.namespace } : {}),
      ...(options?.returnValues ? { values: Array.from(v.values) } : {}),
      ...(wantMetadata ? { metadata: metadata.get(v.id) ?? {} } : {}),
    }));
    return { matches, count: matches.length };
  }

  /** Read every vector of this index with its generation (one consistent batch) and keep
   * them decoded, with their norms, for the following queries. */
  private async loadCache(): Promise<IndexCache | undefined> {
    const size = await this.d1
      .prepare("SELECT COUNT(*) AS n FROM local_vectors WHERE index_name = ?")
      .bind(this.name)
      .first<{ n: number }>();
    if ((size?.n ?? 0) > MAX_CACHED_VECTORS) {
      caches.delete(this.name);
      return undefined;
    }
    const [generationResult, rowsResult] = await this.d1.batch<
      { generation: string } & Omit<LocalVectorRow, "metadata">
    >([
      this.d1.prepare("SELECT generation FROM local_vector_generations WHERE index_name = ?").bind(this.name),
      this.d1.prepare("SELECT id, namespace, vector FROM local_vectors WHERE index_name = ?").bind(this.name),
    ]);
    const generation = (generationResult?.results[0] as { generation: string } | undefined)?.generation;
    if (generation === undefined) return undefined;
    const rows = (rowsResult?.results ?? []) as Omit<LocalVectorRow, "metadata">[];
    const decoded = rows.map((row) => viewVector(row.vector));
    const dims = decoded[0]?.length ?? 0;
    // An index holds one dimension (as Vectorize does); if not, stay uncached.
    if (decoded.some((values) => values.length !== dims)) return undefined;
    const matrix = new Float32Array(rows.length * dims);
    const norms = new Float32Array(rows.length);
    decoded.forEach((values, row) => {
      matrix.set(values, row * dims);
      norms[row] = norm(values);
    });
    const ids = rows.map((row) => row.id);
    const cache: IndexCache = {
      generation,
      dims,
      ids,
      namespaces: rows.map((row) => row.namespace),
      matrix,
      norms,
      rowOf: new Map(ids.map((id, row) => [id, row])),
    };
    caches.clear();
    caches.set(this.name, cache);
    return cache;
  }

  async getByIds(ids: string[]): Promise<StoredVector[]> {
    const found: StoredVector[] = [];
    for (const chunk of chunks(ids, MAX_BOUND_PARAMS - 1)) {
      const { results } = await this.d1
        .prepare(
          `SELECT id, namespace, vector, metadata FROM local_vectors WHERE index_name = ? AND id IN (${chunk.map(() => "?").join(", ")})`,
        )
        .bind(this.name, ...chunk)
        .all<LocalVectorRow>();
      for (const row of results) {
        found.push({
          id: row.id,
          values: Array.from(decodeVector(row.vector)),
          metadata: JSON.parse(row.metadata) as VectorMetadata,
          ...(row.namespace !== null ? { namespace: row.namespace } : {}),
        });
      }
    }
    return found;
  }

  async deleteByIds(ids: string[]): Promise<{ count: number }> {
    let count = 0;
    for (const chunk of chunks(ids, MAX_BOUND_PARAMS - 1)) {
      const result = await this.d1
        .prepare(`DELETE FROM local_vectors WHERE index_name = ? AND id IN (${chunk.map(() => "?").join(", ")})`)
        .bind(this.name, ...chunk)
        .run();
      count += result.meta.changes ?? 0;
    }
    return { count };
  }
}

/** The best `k` scored candidates; ties go to the smaller id so results are stable. A
 * candidate is an id, a score and what to return for it (a cache row number or a vector),
 * so scoring thousands of rows allocates nothing for the ones that lose. */
class TopK<T> {
  private readonly k: number;
  private readonly items: { id: string; score: number; item: T }[] = [];
  constructor(k: number) {
    this.k = k;
  }
  /** Whether `a` ranks below the candidate (id, score). */
  private static worse(a: { id: string; score: number }, id: string, score: number) {
    return a.score < score || (a.score === score && a.id > id);
  }
  offer(id: string, score: number, item: T): void {
    const items = this.items;
    if (items.length === this.k && !TopK.worse(items[items.length - 1]!, id, score)) return;
    let at = items.length;
    while (at > 0 && TopK.worse(items[at - 1]!, id, score)) at--;
    items.splice(at, 0, { id, score, item });
    if (items.length > this.k) items.pop();
  }
  sorted() {
    return this.items;
  }
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

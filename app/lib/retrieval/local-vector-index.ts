/**
 * The local default vector index: the Vectorize API over vectors kept in D1
 * (`local_vectors`), scored by exact cosine similarity. Metadata filters are pushed down
 * to SQL (json_extract) so only candidate rows leave the database.
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
  const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw) : ArrayBuffer.isView(raw) ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : Uint8Array.from(raw as number[]);
  const copy = bytes.slice();
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

/** A float32 view of a BLOB without copying when it is aligned (the hot path of a query). */
function viewVector(raw: unknown): Float32Array {
  if (raw instanceof ArrayBuffer) return new Float32Array(raw, 0, raw.byteLength >> 2);
  if (ArrayBuffer.isView(raw) && raw.byteOffset % 4 === 0) return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength >> 2);
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
          clauses.push(op === "$in" ? `${column} IN (${placeholders})` : `(${column} IS NULL OR ${column} NOT IN (${placeholders}))`);
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
      const batch = vectors.slice(start, start + WRITE_BATCH).map((v) =>
        statement.bind(this.name, v.id, v.namespace ?? null, encodeVector(v.values), JSON.stringify(v.metadata ?? {})),
      );
      await this.d1.batch(batch);
    }
    return { count: vectors.length };
  }

  async query(vector: number[] | Float32Array, options?: VectorQueryOptions): Promise<{ matches: VectorMatch[]; count: number }> {
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
    // Score every candidate, keeping only the best topK; metadata is read for the winners only.
    const { results } = await this.d1
      .prepare(`SELECT id, namespace, vector FROM local_vectors WHERE ${conditions.join(" AND ")}`)
      .bind(...params)
      .all<Omit<LocalVectorRow, "metadata">>();
    const query = Float32Array.from(vector);
    const queryNorm = norm(query);
    const best: { row: Omit<LocalVectorRow, "metadata">; score: number }[] = [];
    const worse = (a: { row: { id: string }; score: number }, b: { row: { id: string }; score: number }) => a.score < b.score || (a.score === b.score && a.row.id > b.row.id);
    for (const row of results) {
      const candidate = { row, score: cosine(query, viewVector(row.vector), queryNorm) };
      if (best.length === topK && !worse(best[best.length - 1]!, candidate)) continue;
      let at = best.length;
      while (at > 0 && worse(best[at - 1]!, candidate)) at--;
      best.splice(at, 0, candidate);
      if (best.length > topK) best.pop();
    }
    const wantMetadata = options?.returnMetadata !== undefined && options.returnMetadata !== false && options.returnMetadata !== "none";
    const metadata = new Map<string, VectorMetadata>();
    if (wantMetadata && best.length > 0) {
      const { results: rows } = await this.d1
        .prepare(`SELECT id, metadata FROM local_vectors WHERE index_name = ? AND id IN (${best.map(() => "?").join(", ")})`)
        .bind(this.name, ...best.map((b) => b.row.id))
        .all<{ id: string; metadata: string }>();
      for (const row of rows) metadata.set(row.id, JSON.parse(row.metadata) as VectorMetadata);
    }
    const matches = best.map(({ row, score }): VectorMatch => ({
      id: row.id,
      score,
      ...(row.namespace !== null ? { namespace: row.namespace } : {}),
      ...(options?.returnValues ? { values: Array.from(decodeVector(row.vector)) } : {}),
      ...(wantMetadata ? { metadata: metadata.get(row.id) ?? {} } : {}),
    }));
    return { matches, count: matches.length };
  }

  async getByIds(ids: string[]): Promise<StoredVector[]> {
    const found: StoredVector[] = [];
    for (const chunk of chunks(ids, MAX_BOUND_PARAMS - 1)) {
      const { results } = await this.d1
        .prepare(`SELECT id, namespace, vector, metadata FROM local_vectors WHERE index_name = ? AND id IN (${chunk.map(() => "?").join(", ")})`)
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

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The local vector index at 1k, 10k and 50k vectors of 768 dimensions: query latency
 * (p50/p95, with and without a metadata filter) and memory used. Runs the index's real
 * code (LocalVectorIndex: SQL filter push-down, BLOB decoding, exact cosine) in Node over
 * SQLite (node:sqlite) behind a small D1-shaped adapter. Reports numbers; never asserts.
 *
 *   npm run bench -- vector-index      (or: npx node tests/bench/vector-index.bench.ts)
 */
import { readFileSync } from "node:fs";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { LocalVectorIndex, MAX_CACHED_VECTORS } from "../../app/lib/retrieval/local-vector-index.ts";

const DIMENSIONS = 768;
const SIZES = [1_000, 10_000, 50_000];
const QUERIES = Number(process.env.BENCH_QUERIES ?? 20);
const BOTS = 20;

/** The D1 calls LocalVectorIndex makes (prepare/bind/all/run/batch), over node:sqlite. */
function d1Over(db: DatabaseSync): D1Database {
  const toSqlite = (v: unknown) => (v instanceof ArrayBuffer ? new Uint8Array(v) : v);
  class Statement {
    params: unknown[] = [];
    readonly statement: StatementSync;
    constructor(statement: StatementSync) {
      this.statement = statement;
    }
    bind(...params: unknown[]) {
      const bound = new Statement(this.statement);
      bound.params = params.map(toSqlite);
      return bound;
    }
    async all() {
      return { results: this.statement.all(...(this.params as never[])), success: true, meta: {} };
    }
    async first() {
      return (this.statement.get(...(this.params as never[])) as unknown) ?? null;
    }
    async run() {
      const info = this.statement.run(...(this.params as never[]));
      return { results: [], success: true, meta: { changes: Number(info.changes) } };
    }
  }
  return {
    prepare: (sql: string) => new Statement(db.prepare(sql)),
    async batch(statements: Statement[]) {
      db.exec("BEGIN");
      try {
        const results = [];
        // Reads return their rows (the index reads its generation and ids in one batch).
        for (const s of statements) results.push(s.statement.columns().length > 0 ? await s.all() : await s.run());
        db.exec("COMMIT");
        return results;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
  } as unknown as D1Database;
}

/** The local_vectors table and its indexes, exactly as the migrations create them. */
function localVectorsSchema(): string {
  const read = (file: string) => readFileSync(new URL(`../../migrations/${file}`, import.meta.url), "utf8");
  const table = /CREATE TABLE local_vectors \([\s\S]*?\n\);/.exec(read("0001_core_schema.sql"));
  if (!table) throw new Error("local_vectors not found in migrations/0001_core_schema.sql");
  const indexes = read("0005_local_vector_filters.sql").match(/CREATE INDEX local_vectors_\w+ ON [^;]+;/g) ?? [];
  // The generation table and its triggers (0012), which the index's in-memory cache relies on.
  const generations = /-- ── Local vector index cache ──[\s\S]*?(?=-- ── )/.exec(read("0012_scale_and_search.sql"));
  if (!generations) throw new Error("local vector generations not found in migrations/0012_scale_and_search.sql");
  return [table[0], ...indexes, generations[0]].join("\n");
}

/** Deterministic pseudo-random unit vectors. */
function randomVectors(count: number, seed: number): number[][] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const v = Array.from({ length: DIMENSIONS }, next);
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Wall-clock p50/p95 and CPU per query (process.cpuUsage: this process's own work, so a
 * busy machine inflates it far less than it inflates wall-clock time). */
async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number; cpu: number }> {
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < QUERIES; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuBefore);
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), cpu: (cpu.user + cpu.system) / 1000 / QUERIES };
}

console.log(`local vector index: ${DIMENSIONS} dims, ${QUERIES} queries per case, topK 5, Node ${process.version}`);
console.log(
  "vectors  | first query | query p50 | query p95 | CPU/query | filtered p50 | filtered p95 | SQLite size | RSS after load | heap after queries",
);
for (const size of SIZES) {
  const sqlite = new DatabaseSync(":memory:");
  sqlite.exec(localVectorsSchema());
  const index = new LocalVectorIndex(d1Over(sqlite), "bench");
  const vectors = randomVectors(size, size);
  for (let start = 0; start < size; start += 1000) {
    await index.upsert(
      vectors.slice(start, start + 1000).map((values, i) => ({
        id: `v${start + i}`,
        values,
        metadata: { source_type: "knowledge", bot_id: `bot-${(start + i) % BOTS}`, chunk: 0 },
      })),
    );
  }
  vectors.length = 0;
  globalThis.gc?.();
  const rssAfterLoad = process.memoryUsage().rss;
  const pageCount = (sqlite.prepare("PRAGMA page_count").get() as { page_count: number }).page_count;
  const pageSize = (sqlite.prepare("PRAGMA page_size").get() as { page_size: number }).page_size;
  const queries = randomVectors(QUERIES, 7);
  const coldStart = performance.now();
  await index.query(queries[0]!, { topK: 5 });
  const cold = performance.now() - coldStart;
  let q = 0;
  const plain = await time(() => index.query(queries[q++ % QUERIES]!, { topK: 5 }));
  q = 0;
  const filtered = await time(() =>
    index.query(queries[q++ % QUERIES]!, { topK: 5, filter: { source_type: "knowledge", bot_id: "bot-3" } }),
  );
  const heap = process.memoryUsage().heapUsed;
  console.log(
    `${String(size).padStart(8)} | ${cold.toFixed(1).padStart(9)}ms | ${plain.p50.toFixed(1).padStart(7)}ms | ${plain.p95.toFixed(1).padStart(7)}ms | ${plain.cpu.toFixed(1).padStart(7)}ms | ${filtered.p50.toFixed(1).padStart(10)}ms | ${filtered.p95.toFixed(1).padStart(10)}ms | ${mb(pageCount * pageSize).padStart(11)} | ${mb(rssAfterLoad).padStart(14)} | ${mb(heap).padStart(18)}`,
  );
  sqlite.close();
}
console.log(`(exact cosine over every candidate; a metadata filter narrows the candidates in SQL first. The first query after a write decodes the index into memory;
 later ones reuse it while its generation is unchanged. Above ${MAX_CACHED_VECTORS} vectors nothing is cached and each query reads the rows.)`);

/**
 * One contract, two implementations: the local index (exact cosine over D1) and the
 * production adapter over a fake of the Vectorize binding must answer the same cases the
 * same way, so code tested locally behaves the same in production.
 */
import { env } from "cloudflare:test";
import { describe, expect, test } from "vitest";
import { LocalVectorIndex, cosine } from "~/lib/retrieval/local-vector-index";
import type { VectorFilter, VectorIndex, VectorMetadata } from "~/lib/retrieval/vector-index";
import { CloudflareVectorIndex, type VectorizeBinding } from "~/lib/retrieval/vectorize-index";

/** An in-memory stand-in for the Vectorize binding with its documented semantics. */
class FakeVectorize implements VectorizeBinding {
  readonly store = new Map<string, { id: string; values: number[]; namespace?: string; metadata: VectorMetadata }>();
  readonly calls: { upsert: number[]; deleteByIds: number[] } = { upsert: [], deleteByIds: [] };

  async upsert(vectors: VectorizeVector[]) {
    if (vectors.length > 1000) throw new Error("Vectorize accepts at most 1000 vectors per upsert");
    this.calls.upsert.push(vectors.length);
    for (const v of vectors)
      this.store.set(v.id, {
        id: v.id,
        values: Array.from(v.values as number[]),
        namespace: v.namespace,
        metadata: (v.metadata ?? {}) as VectorMetadata,
      });
    return { ids: vectors.map((v) => v.id), count: vectors.length } as unknown as VectorizeAsyncMutation;
  }

  async query(vector: VectorFloatArray | number[], options?: VectorizeQueryOptions) {
    const topK = options?.topK ?? 5;
    const wantsData = options?.returnValues || options?.returnMetadata === "all";
    if (topK > (wantsData ? 50 : 100)) throw new Error("topK too large");
    const matches = [...this.store.values()]
      .filter((v) => options?.namespace === undefined || v.namespace === options.namespace)
      .filter((v) => matchesFilter(v.metadata, (options?.filter ?? {}) as VectorFilter))
      .map((v) => ({ v, score: cosine(Array.from(vector), v.values) }))
      .sort((a, b) => b.score - a.score || a.v.id.localeCompare(b.v.id))
      .slice(0, topK)
      .map(({ v, score }) => ({
        id: v.id,
        score,
        ...(options?.returnValues ? { values: v.values } : {}),
        ...(options?.returnMetadata && options.returnMetadata !== "none" ? { metadata: v.metadata } : {}),
        ...(v.namespace ? { namespace: v.namespace } : {}),
      }));
    return { matches, count: matches.length } as unknown as VectorizeMatches;
  }

  async getByIds(ids: string[]) {
    if (ids.length > 100) throw new Error("at most 100 ids");
    return ids.flatMap((id) => (this.store.has(id) ? [this.store.get(id)!] : [])) as unknown as VectorizeVector[];
  }

  async deleteByIds(ids: string[]) {
    if (ids.length > 100) throw new Error("at most 100 ids");
    this.calls.deleteByIds.push(ids.length);
    for (const id of ids) this.store.delete(id);
    return { ids, count: ids.length } as unknown as VectorizeAsyncMutation;
  }
}

function matchesFilter(metadata: VectorMetadata, filter: VectorFilter): boolean {
  return Object.entries(filter).every(([field, operand]) => {
    const value = metadata[field];
    const ops = typeof operand === "object" && operand !== null ? operand : { $eq: operand };
    return Object.entries(ops).every(([op, expected]) => {
      switch (op) {
        case "$eq":
          return value === expected;
        case "$ne":
          return value !== expected;
        case "$in":
          return (expected as unknown[]).includes(value);
        case "$nin":
          return !(expected as unknown[]).includes(value);
        case "$lt":
          return value !== undefined && (value as number) < (expected as number);
        case "$lte":
          return value !== undefined && (value as number) <= (expected as number);
        case "$gt":
          return value !== undefined && (value as number) > (expected as number);
        case "$gte":
          return value !== undefined && (value as number) >= (expected as number);
        default:
          throw new Error(op);
      }
    });
  });
}

const unit = (i: number, dims = 8) => Array.from({ length: dims }, (_, d) => (d === i ? 1 : 0));
const mix = (a: number, b: number, wa: number, dims = 8) =>
  Array.from({ length: dims }, (_, d) => (d === a ? wa : d === b ? 1 - wa : 0));

let counter = 0;
const implementations: [string, () => { index: VectorIndex; fake?: FakeVectorize }][] = [
  ["local (D1)", () => ({ index: new LocalVectorIndex(env.DB, `contract-${++counter}`) })],
  [
    "Vectorize adapter (fake binding)",
    () => {
      const fake = new FakeVectorize();
      return { index: new CloudflareVectorIndex(fake, "contract"), fake };
    },
  ],
];

describe.each(implementations)("%s", (_name, make) => {
  test("upsert then query returns the nearest first, with scores, limited to topK", async () => {
    const { index } = make();
    await index.upsert([
      { id: "a", values: unit(0), metadata: { bot_id: "b1" } },
      { id: "b", values: mix(0, 1, 0.8), metadata: { bot_id: "b1" } },
      { id: "c", values: unit(1), metadata: { bot_id: "b2" } },
    ]);
    const { matches } = await index.query(unit(0), { topK: 2 });
    expect(matches.map((m) => m.id)).toEqual(["a", "b"]);
    expect(matches[0]!.score).toBeCloseTo(1, 5);
    expect(matches[1]!.score).toBeCloseTo(0.8 / Math.sqrt(0.64 + 0.04), 5);
    expect(matches[0]!.metadata).toBeUndefined();
  });

  test("upsert overwrites an id in place", async () => {
    const { index } = make();
    await index.upsert([{ id: "a", values: unit(0), metadata: { v: 1 } }]);
    await index.upsert([{ id: "a", values: unit(3), metadata: { v: 2 } }]);
    const { matches } = await index.query(unit(3), { topK: 5, returnMetadata: "all" });
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ id: "a", metadata: { v: 2 } });
    expect(matches[0]!.score).toBeCloseTo(1, 5);
  });

  test("metadata filters: $eq shorthand, $in, $ne, ranges, several fields", async () => {
    const { index } = make();
    await index.upsert([
      { id: "k1", values: unit(0), metadata: { source_type: "knowledge", bot_id: "b1", chunk: 0 } },
      { id: "k2", values: unit(0), metadata: { source_type: "knowledge", bot_id: "b2", chunk: 1 } },
      { id: "m1", values: unit(0), metadata: { source_type: "memory", bot_id: "b1", chunk: 2 } },
      { id: "k3", values: unit(0), metadata: { source_type: "knowledge", collection_id: "c9", chunk: 3 } },
    ]);
    const ids = async (filter: VectorFilter) =>
      (await index.query(unit(0), { topK: 10, filter })).matches.map((m) => m.id).sort();
    expect(await ids({ source_type: "knowledge", bot_id: "b1" })).toEqual(["k1"]);
    expect(await ids({ bot_id: { $in: ["b1", "b2"] } })).toEqual(["k1", "k2", "m1"]);
    expect(await ids({ source_type: "knowledge", bot_id: { $ne: "b1" } })).toEqual(["k2", "k3"]);
    expect(await ids({ chunk: { $gte: 1, $lt: 3 } })).toEqual(["k2", "m1"]);
    expect(await ids({ collection_id: "c9" })).toEqual(["k3"]);
    expect(await ids({ bot_id: "nobody" })).toEqual([]);
  });

  test("getByIds returns stored values and metadata; unknown ids are skipped", async () => {
    const { index } = make();
    await index.upsert([{ id: "x", values: [0.5, 0.25, 0, 0, 0, 0, 0, 0], metadata: { a: "b" } }]);
    const found = await index.getByIds(["x", "missing"]);
    expect(found).toHaveLength(1);
    expect(found[0]!.values).toEqual([0.5, 0.25, 0, 0, 0, 0, 0, 0]);
    expect(found[0]!.metadata).toEqual({ a: "b" });
  });

  test("deleteByIds removes vectors from queries, in batches the service accepts", async () => {
    const { index, fake } = make();
    const many = Array.from({ length: 250 }, (_, i) => ({
      id: `v${i}`,
      values: mix(i % 8, (i + 1) % 8, 0.7),
      metadata: { i },
    }));
    await index.upsert(many);
    await index.deleteByIds(many.slice(0, 249).map((v) => v.id));
    const { matches } = await index.query(unit(0), { topK: 100 });
    expect(matches.map((m) => m.id)).toEqual(["v249"]);
    if (fake) expect(fake.calls.deleteByIds).toEqual([100, 100, 49]);
  });

  test("topK above the ceiling is clamped; a bad topK is refused", async () => {
    const { index } = make();
    await index.upsert(Array.from({ length: 60 }, (_, i) => ({ id: `v${i}`, values: mix(0, 1, (i + 1) / 61) })));
    expect((await index.query(unit(0), { topK: 500, returnMetadata: "all" })).matches).toHaveLength(50);
    await expect(index.query(unit(0), { topK: 0 })).rejects.toThrow(/topK/);
  });
});

describe("local index: the in-memory copy is never stale", () => {
  /** The D1 binding, counting the statements that read whole vectors. */
  function countingD1() {
    const reads: string[] = [];
    const d1 = new Proxy(env.DB, {
      get(target, key) {
        if (key === "prepare")
          return (sql: string) => {
            if (/SELECT id, namespace, vector FROM local_vectors/.test(sql)) reads.push(sql);
            return target.prepare(sql);
          };
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { d1, reads };
  }

  test("repeat queries reuse the decoded vectors; any write (even raw SQL) makes the next query reread", async () => {
    const { d1, reads } = countingD1();
    const index = new LocalVectorIndex(d1, "cache-check");
    await index.upsert(
      [0, 1, 2].map((i) => ({ id: `v${i}`, values: unit(i), metadata: { bot_id: i === 2 ? "b2" : "b1" } })),
    );
    expect((await index.query(unit(0), { topK: 1 })).matches[0]!.id).toBe("v0");
    expect((await index.query(unit(1), { topK: 1 })).matches[0]!.id).toBe("v1");
    const filtered = await index.query(mix(1, 2, 0.6), { topK: 2, filter: { bot_id: "b1" } });
    expect(filtered.matches.map((m) => m.id)).toEqual(["v1", "v0"]);
    expect(reads).toHaveLength(1);

    // Written behind the index's back (as the seed does): the trigger changes the generation.
    await env.DB.prepare("UPDATE local_vectors SET vector = ? WHERE index_name = 'cache-check' AND id = 'v0'")
      .bind(new Float32Array(unit(3)).buffer)
      .run();
    expect((await index.query(unit(3), { topK: 1 })).matches[0]).toMatchObject({
      id: "v0",
      score: expect.closeTo(1, 5),
    });
    expect(reads).toHaveLength(2);
    await env.DB.prepare("DELETE FROM local_vectors WHERE index_name = 'cache-check' AND id = 'v0'").run();
    expect((await index.query(unit(3), { topK: 3 })).matches.map((m) => m.id)).not.toContain("v0");
    await index.deleteByIds(["v1", "v2"]);
    expect((await index.query(unit(1), { topK: 3 })).matches).toEqual([]);
  });

  test("a filtered query scores only the ids SQL selected, from the same cached copy", async () => {
    const index = new LocalVectorIndex(env.DB, "cache-filter");
    await index.upsert(
      [0, 1, 2, 3].map((i) => ({ id: `f${i}`, values: unit(i), metadata: { bot_id: i % 2 === 0 ? "even" : "odd" } })),
    );
    await index.query(unit(0)); // loads the copy
    const odd = await index.query(unit(0), { topK: 4, filter: { bot_id: "odd" }, returnMetadata: "all" });
    expect(odd.matches.map((m) => m.id).sort()).toEqual(["f1", "f3"]);
    expect(odd.matches.every((m) => m.metadata?.bot_id === "odd")).toBe(true);
    await expect(index.query([1, 0], { topK: 1 })).rejects.toThrow(/dimension mismatch/);
  });
});

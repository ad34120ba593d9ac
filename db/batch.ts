/**
 * Run several Kysely queries in one D1 round trip (`d1.batch`), typed as if each ran
 * alone. D1 runs a batch as one implicit transaction, so this is also how writes that
 * must land together are sent (kysely-d1 has no transactions).
 */
import type { Compilable, InferResult } from "kysely";

type Results<Qs extends readonly Compilable<unknown>[]> = { -readonly [K in keyof Qs]: InferResult<Qs[K]> };

export async function batch<const Qs extends readonly Compilable<unknown>[]>(
  d1: D1Database,
  queries: Qs,
): Promise<Results<Qs>> {
  if (queries.length === 0) return [] as unknown as Results<Qs>;
  const statements = queries.map((query) => {
    const compiled = query.compile();
    return d1.prepare(compiled.sql).bind(...compiled.parameters);
  });
  const results = await d1.batch(statements);
  return results.map((result) => result.results ?? []) as unknown as Results<Qs>;
}

import { Kysely } from "kysely";
import { D1Dialect } from "kysely-d1";
import type { Database } from "./schema";

/** One Kysely instance per request over the D1 binding. kysely-d1 has no transactions:
 * writes that must land together go through `d1.batch()` (see db/batch.ts). */
export function createDb(d1: D1Database): Kysely<Database> {
  return new Kysely<Database>({ dialect: new D1Dialect({ database: d1 }) });
}

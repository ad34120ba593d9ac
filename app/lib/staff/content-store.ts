/**
 * Reading and writing content rows for the generic editor. Table and column names come
 * only from the collection descriptions (never from the request); values are bound. Every
 * write goes in one D1 batch with its audit row.
 */
import { sql, type Compilable, type CompiledQuery } from "kysely";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { newId } from "../ids";
import { auditInsert } from "./audit";
import type { CollectionSpec } from "./content-collections";

export const CONTENT_PAGE_SIZE = 25;

type Row = Record<string, unknown> & { id: string };

function compilable(db: DB, raw: ReturnType<typeof sql>): Compilable<unknown> {
  return { compile: (): CompiledQuery => raw.compile(db) };
}

function columns(spec: CollectionSpec): string[] {
  return ["id", spec.publishColumn, ...spec.fields.map((f) => f.name)];
}

export async function listRows(
  db: DB,
  d1: D1Database,
  spec: CollectionSpec,
  page: number,
): Promise<{ rows: Row[]; total: number }> {
  const table = sql.table(spec.table);
  const listed = ["id", spec.titleColumn, spec.publishColumn, ...(spec.listColumns ?? [])];
  const order = [
    ...(spec.listOrder ?? [{ column: spec.titleColumn, direction: "asc" as const }]).map((o) =>
      o.direction === "desc" ? sql`${sql.ref(o.column)} desc` : sql`${sql.ref(o.column)}`,
    ),
    sql.ref("id"),
  ];
  const [rows, counted] = await batch(d1, [
    compilable(
      db,
      sql`select ${sql.join(listed.map((c) => sql.ref(c)))} from ${table} order by ${sql.join(order)} limit ${CONTENT_PAGE_SIZE} offset ${(page - 1) * CONTENT_PAGE_SIZE}`,
    ),
    compilable(db, sql`select count(*) as total from ${table}`),
  ]);
  return { rows: rows as Row[], total: Number((counted as { total: number }[])[0]?.total ?? 0) };
}

export async function findRow(db: DB, spec: CollectionSpec, id: string): Promise<Row | null> {
  const result =
    await sql<Row>`select ${sql.join(columns(spec).map((c) => sql.ref(c)))} from ${sql.table(spec.table)} where id = ${id}`.execute(
      db,
    );
  return result.rows[0] ?? null;
}

export type SaveResult = { ok: true; id: string } | { ok: false; duplicate: true };

/** Create (id null) or update a row, with its audit row, in one batch. */
export async function saveRow(
  db: DB,
  d1: D1Database,
  spec: CollectionSpec,
  input: { id: string | null; values: Record<string, unknown>; before: Row | null; actorId: string },
): Promise<SaveResult> {
  const id = input.id ?? newId();
  const values: Record<string, unknown> = {
    ...input.values,
    ...(spec.hasUpdatedAt && input.id ? { updated_at: new Date().toISOString() } : {}),
  };
  const names = Object.keys(values);
  const write = input.id
    ? sql`update ${sql.table(spec.table)} set ${sql.join(names.map((n) => sql`${sql.ref(n)} = ${values[n]}`))} where id = ${id}`
    : sql`insert into ${sql.table(spec.table)} (${sql.join([sql.ref("id"), sql.ref(spec.publishColumn), ...names.map((n) => sql.ref(n))])}) values (${sql.join([id, 0, ...names.map((n) => values[n])])})`;
  const before = input.before ? Object.fromEntries(Object.keys(input.values).map((k) => [k, input.before![k]])) : {};
  try {
    await batch(d1, [
      compilable(db, write),
      auditInsert(db, {
        actorId: input.actorId,
        action: input.id ? "content.update" : "content.create",
        targetType: spec.table,
        targetId: id,
        before: trimForAudit(before),
        after: trimForAudit(input.values),
      }),
    ]);
  } catch (error) {
    // A unique slug or (type, version) taken: answered as a field error, not a 500.
    if (String(error).includes("UNIQUE constraint failed")) return { ok: false, duplicate: true };
    throw error;
  }
  return { ok: true, id };
}

export async function setPublished(
  db: DB,
  d1: D1Database,
  spec: CollectionSpec,
  input: { row: Row; published: boolean; actorId: string },
) {
  const value = input.published ? 1 : 0;
  if (Number(input.row[spec.publishColumn]) === value) return;
  await batch(d1, [
    compilable(
      db,
      sql`update ${sql.table(spec.table)} set ${sql.ref(spec.publishColumn)} = ${value} where id = ${input.row.id}`,
    ),
    auditInsert(db, {
      actorId: input.actorId,
      action: input.published ? "content.publish" : "content.unpublish",
      targetType: spec.table,
      targetId: input.row.id,
      before: { [spec.publishColumn]: input.row[spec.publishColumn] },
      after: { [spec.publishColumn]: value },
    }),
  ]);
}

/** Long Markdown bodies are summarised in the audit log (it keeps what changed, not copies of every document). */
function trimForAudit(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      typeof v === "string" && v.length > 300 ? `${v.slice(0, 300)}… (${v.length} characters)` : v,
    ]),
  );
}

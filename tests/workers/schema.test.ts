/**
 * db/schema.ts (the Kysely types) must describe exactly what migrations/ create. Any
 * drift — a column added to one and not the other, a nullability or default mismatch, a
 * table missing — fails here.
 */
import { env } from "cloudflare:test";
import { describe, expect, test } from "vitest";
import { tables } from "#db/schema";

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/** Tables that SQLite, D1 or FTS5 own, not the application. */
const INTERNAL_TABLE =
  /^(sqlite_|_cf_|d1_migrations$|bots_fts|help_fts|support_tickets_fts|messages_fts|conversations_fts)/;

async function databaseTables(): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all<{
    name: string;
  }>();
  return results.map((r) => r.name).filter((name) => !INTERNAL_TABLE.test(name));
}

test("every table in the database is described in db/schema.ts, and no other", async () => {
  expect((await databaseTables()).sort()).toEqual(Object.keys(tables).sort());
});

describe.each(Object.entries(tables))("table %s", (table, columns) => {
  test("columns match the migrations: names, SQL types, nullability, defaults", async () => {
    const { results } = await env.DB.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`)
      .bind(table)
      .all<ColumnInfo>();
    const actual = Object.fromEntries(
      results.map((c) => [
        c.name,
        { sqlType: c.type, isNullable: c.notnull === 0 && c.pk === 0, hasDefault: c.dflt_value !== null },
      ]),
    );
    const expected = Object.fromEntries(
      Object.entries(columns).map(([name, column]) => [
        name,
        { sqlType: column.sqlType, isNullable: column.isNullable, hasDefault: column.hasDefault },
      ]),
    );
    expect(actual).toEqual(expected);
  });
});

test("the schema document's 30 collections each have a table", async () => {
  const collections = [
    "users",
    "media",
    "bots",
    "bot_interactions",
    "knowledge",
    "knowledge_collections",
    "vector_records",
    "conversations",
    "messages",
    "memories",
    "personas",
    "api_keys",
    "creator_profiles",
    "creator_programs",
    "token_gifts",
    "subscription_payments",
    "subscription_tiers",
    "token_packages",
    "access_control",
    "moods",
    "self_moderation",
    "crisis_support",
    "usage_analytics",
    "memory_insights",
    "persona_analytics",
    "legal_documents",
    "user_agreements",
    "documentation",
    "tutorials",
    "support_tickets",
  ];
  expect(collections).toHaveLength(30);
  const present = await databaseTables();
  expect(collections.filter((c) => !present.includes(c))).toEqual([]);
});

/** The data rules the migrations promise, checked against a real local D1. */
import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { findOrCreateUserByEmail } from "~/lib/auth/user";

const db = createDb(env.DB);

async function rejects(sql: string, ...params: unknown[]): Promise<string> {
  try {
    await env.DB.prepare(sql)
      .bind(...params)
      .run();
  } catch (error) {
    return String(error);
  }
  throw new Error(`expected the database to refuse: ${sql}`);
}

async function user(id: string) {
  await env.DB.prepare("INSERT INTO users (id, email) VALUES (?, ?)").bind(id, `${id}@example.com`).run();
  return id;
}

async function bot(id: string, owner: string, slug = id) {
  await env.DB.prepare("INSERT INTO bots (id, name, slug, created_by_id) VALUES (?, ?, ?, ?)")
    .bind(id, id, slug, owner)
    .run();
  return id;
}

test("users.email is unique, whatever its case", async () => {
  await user("u-email");
  expect(await rejects("INSERT INTO users (id, email) VALUES ('u-dup', 'U-EMAIL@example.com')")).toMatch(/UNIQUE/);
});

test("signing in by email finds the same user however the address is typed", async () => {
  const first = await findOrCreateUserByEmail(db, env, "  Mixed.Case@Example.com ", { role: "creator" });
  const second = await findOrCreateUserByEmail(db, env, "mixed.case@example.com", { role: "admin" });
  expect(second.id).toBe(first.id);
  // An existing user keeps their role.
  expect(second.role).toBe("creator");
});

test("bot slugs are unique", async () => {
  const owner = await user("u-slug");
  await bot("b-slug-1", owner, "same-slug");
  expect(
    await rejects("INSERT INTO bots (id, name, slug, created_by_id) VALUES ('b-slug-2', 'x', 'same-slug', ?)", owner),
  ).toMatch(/UNIQUE/);
});

test("one interaction of each type per user and bot", async () => {
  const owner = await user("u-int");
  await bot("b-int", owner);
  await env.DB.prepare(
    "INSERT INTO bot_interactions (id, user_id, bot_id, interaction_type) VALUES ('i1', ?, 'b-int', 'like')",
  )
    .bind(owner)
    .run();
  expect(
    await rejects(
      "INSERT INTO bot_interactions (id, user_id, bot_id, interaction_type) VALUES ('i2', ?, 'b-int', 'like')",
      owner,
    ),
  ).toMatch(/UNIQUE/);
  // A different type is a different interaction.
  await env.DB.prepare(
    "INSERT INTO bot_interactions (id, user_id, bot_id, interaction_type) VALUES ('i3', ?, 'b-int', 'favorite')",
  )
    .bind(owner)
    .run();
});

test("creator usernames are unique without regard to case, and documentation slugs are unique", async () => {
  const a = await user("u-cp-a");
  const b = await user("u-cp-b");
  await env.DB.prepare("INSERT INTO creator_profiles (id, user_id, username) VALUES ('cp-a', ?, 'Sunny')")
    .bind(a)
    .run();
  expect(await rejects("INSERT INTO creator_profiles (id, user_id, username) VALUES ('cp-b', ?, 'sunny')", b)).toMatch(
    /UNIQUE/,
  );
  await env.DB.prepare(
    "INSERT INTO documentation (id, title, slug, category) VALUES ('d1', 'A', 'a-doc', 'features')",
  ).run();
  expect(
    await rejects("INSERT INTO documentation (id, title, slug, category) VALUES ('d2', 'B', 'a-doc', 'features')"),
  ).toMatch(/UNIQUE/);
});

test("select fields refuse values outside their choices", async () => {
  const owner = await user("u-check");
  expect(
    await rejects("INSERT INTO users (id, email, role) VALUES ('u-bad-role', 'bad@example.com', 'superuser')"),
  ).toMatch(/CHECK/);
  await bot("b-check", owner);
  expect(
    await rejects(
      "INSERT INTO bot_interactions (id, user_id, bot_id, interaction_type) VALUES ('ix', ?, 'b-check', 'hug')",
      owner,
    ),
  ).toMatch(/CHECK/);
  expect(
    await rejects(
      "INSERT INTO support_tickets (id, user_id, subject, description, category, status) VALUES ('t', ?, 's', 'd', 'bug', 'lost')",
      owner,
    ),
  ).toMatch(/CHECK/);
  expect(await rejects("INSERT INTO moods (id, user_id, mood, intensity) VALUES ('m', ?, 'happy', 9)", owner)).toMatch(
    /CHECK/,
  );
  expect(await rejects("UPDATE bots SET tags = 'not json' WHERE id = 'b-check'")).toMatch(/CHECK/);
});

test("foreign keys hold: no bot for a missing user, and deleting a user removes their bots", async () => {
  expect(
    await rejects("INSERT INTO bots (id, name, slug, created_by_id) VALUES ('b-orphan', 'x', 'orphan', 'nobody')"),
  ).toMatch(/FOREIGN KEY/);
  const owner = await user("u-cascade");
  await bot("b-cascade", owner);
  await env.DB.prepare("DELETE FROM users WHERE id = ?").bind(owner).run();
  const { results } = await env.DB.prepare("SELECT id FROM bots WHERE id = 'b-cascade'").all();
  expect(results).toEqual([]);
});

test("a user has at most one default persona", async () => {
  const owner = await user("u-persona");
  await env.DB.prepare("INSERT INTO personas (id, name, user_id, is_default) VALUES ('p1', 'One', ?, 1)")
    .bind(owner)
    .run();
  await env.DB.prepare("INSERT INTO personas (id, name, user_id, is_default) VALUES ('p2', 'Two', ?, 0)")
    .bind(owner)
    .run();
  expect(await rejects("UPDATE personas SET is_default = 1 WHERE id = 'p2'")).toMatch(/UNIQUE/);
});

test("bot full-text search follows inserts, updates and deletes", async () => {
  const owner = await user("u-fts");
  await env.DB.prepare(
    "INSERT INTO bots (id, name, slug, description, tags, created_by_id) VALUES ('b-fts', 'Lighthouse Keeper', 'lh', 'Tends the lamp', '[\"maritime\"]', ?)",
  )
    .bind(owner)
    .run();
  const search = async (q: string) =>
    (
      await env.DB.prepare("SELECT b.id FROM bots_fts JOIN bots b ON b.rowid = bots_fts.rowid WHERE bots_fts MATCH ?")
        .bind(q)
        .all<{ id: string }>()
    ).results.map((r) => r.id);
  expect(await search("lighthouse")).toEqual(["b-fts"]);
  expect(await search("maritime")).toEqual(["b-fts"]);
  await env.DB.prepare("UPDATE bots SET name = 'Harbour Pilot' WHERE id = 'b-fts'").run();
  expect(await search("lighthouse")).toEqual([]);
  expect(await search("harbour")).toEqual(["b-fts"]);
  await env.DB.prepare("DELETE FROM bots WHERE id = 'b-fts'").run();
  expect(await search("harbour")).toEqual([]);
});

/**
 * tag_counts and bot_totals (migration 0012) are kept by triggers in the same statement as
 * the change, so Explore reads counts instead of grouping every bot's tags per request.
 * After every kind of change they must equal what grouping the rows would give.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";

interface Counts {
  [tag: string]: { public_uses: number; sfw_uses: number };
}

async function kept(): Promise<Counts> {
  const { results } = await env.DB.prepare(
    "SELECT tag, public_uses, sfw_uses FROM tag_counts WHERE public_uses > 0 OR sfw_uses > 0 ORDER BY tag",
  ).all<{ tag: string; public_uses: number; sfw_uses: number }>();
  return Object.fromEntries(results.map((r) => [r.tag, { public_uses: r.public_uses, sfw_uses: r.sfw_uses }]));
}

async function recomputed(): Promise<Counts> {
  const { results } = await env.DB.prepare(
    `SELECT t.tag, SUM(b.is_public) AS public_uses, SUM(b.is_public * (1 - b.is_nsfw)) AS sfw_uses
     FROM bot_tags t JOIN bots b ON b.id = t.bot_id GROUP BY t.tag HAVING public_uses > 0 OR sfw_uses > 0 ORDER BY t.tag`,
  ).all<{ tag: string; public_uses: number; sfw_uses: number }>();
  return Object.fromEntries(results.map((r) => [r.tag, { public_uses: r.public_uses, sfw_uses: r.sfw_uses }]));
}

async function totals() {
  const kept = await env.DB.prepare("SELECT public_bots, sfw_bots FROM bot_totals WHERE id = 1").first<{
    public_bots: number;
    sfw_bots: number;
  }>();
  const counted = await env.DB.prepare(
    "SELECT COALESCE(SUM(is_public), 0) AS public_bots, COALESCE(SUM(is_public * (1 - is_nsfw)), 0) AS sfw_bots FROM bots",
  ).first<{ public_bots: number; sfw_bots: number }>();
  return { kept, counted };
}

async function expectExact() {
  expect(await kept()).toEqual(await recomputed());
  const { kept: k, counted } = await totals();
  expect(k).toEqual(counted);
}

const run = (sql: string) => env.DB.prepare(sql).run();

beforeAll(async () => {
  await run("INSERT INTO users (id, email) VALUES ('maker', 'maker@example.com')");
});

test("insert, retag, hide, mark NSFW, publish and delete all keep the counts exact", async () => {
  await run(
    `INSERT INTO bots (id, name, slug, tags, is_public, created_by_id) VALUES ('a', 'A', 'a', '["fantasy","cozy","fantasy"]', 1, 'maker')`,
  );
  await run(
    `INSERT INTO bots (id, name, slug, tags, is_public, is_nsfw, created_by_id) VALUES ('b', 'B', 'b', '["fantasy","romance"]', 1, 1, 'maker')`,
  );
  await run(
    `INSERT INTO bots (id, name, slug, tags, is_public, created_by_id) VALUES ('c', 'C', 'c', '["fantasy"]', 0, 'maker')`,
  );
  expect(await kept()).toEqual({
    cozy: { public_uses: 1, sfw_uses: 1 },
    fantasy: { public_uses: 2, sfw_uses: 1 },
    romance: { public_uses: 1, sfw_uses: 0 },
  });
  await expectExact();

  await run(`UPDATE bots SET tags = '["cozy","mystery", 7]' WHERE id = 'a'`);
  await expectExact();
  await run("UPDATE bots SET is_public = 0 WHERE id = 'b'");
  await expectExact();
  await run("UPDATE bots SET is_nsfw = 1 WHERE id = 'a'");
  await expectExact();
  await run("UPDATE bots SET is_public = 1 WHERE id = 'c'");
  await expectExact();
  await run("UPDATE bots SET name = 'Renamed' WHERE id = 'c'");
  await expectExact();
  await run("DELETE FROM bots WHERE id = 'a'");
  await expectExact();
  await run("DELETE FROM users WHERE id = 'maker'"); // cascades to every bot
  await expectExact();
  expect(await kept()).toEqual({});
});

test("a batch that fails leaves the counts untouched (they change in the same transaction)", async () => {
  await run("INSERT INTO users (id, email) VALUES ('maker2', 'maker2@example.com')");
  const before = await kept();
  await expect(
    env.DB.batch([
      env.DB.prepare(
        `INSERT INTO bots (id, name, slug, tags, is_public, created_by_id) VALUES ('d', 'D', 'd', '["zz-new"]', 1, 'maker2')`,
      ),
      env.DB.prepare(
        `INSERT INTO bots (id, name, slug, tags, is_public, created_by_id) VALUES ('d', 'Dup', 'dup', '[]', 1, 'maker2')`,
      ),
    ]),
  ).rejects.toThrow();
  expect(await kept()).toEqual(before);
  await expectExact();
});

/** Explore: FTS5 search (hostile input included), tag filter, NSFW rules, sorts, paging. */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { batch } from "#db/batch";
import { createDb } from "#db/client";
import { EXPLORE_PAGE_SIZE, exploreQueries, popularTagsQuery, type ExploreFilters } from "#db/queries/bots";
import { toFtsQuery } from "~/lib/bots/search";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import { loader as exploreLoader } from "~/routes/bots/explore";

const db = createDb(env.DB);

beforeAll(async () => {
  await env.DB.prepare("INSERT INTO users (id, email) VALUES ('maker', 'maker@example.com')").run();
  const bots: [
    string,
    string,
    string[],
    { public?: boolean; nsfw?: boolean; chats?: number; likes?: number; rating?: number | null; hoursAgo?: number },
  ][] = [
    [
      "Ancient Dragon",
      "Grumpy about gold prices, fond of riddles.",
      ["fantasy", "comedy"],
      { chats: 50, likes: 3, rating: 4.5, hoursAgo: 5 },
    ],
    [
      "Dragonfly Scout",
      "A tiny scout who maps the marsh.",
      ["adventure"],
      { chats: 10, likes: 9, rating: 3, hoursAgo: 1 },
    ],
    [
      "Café Détective",
      "Solves mysteries over coffee.",
      ["mystery", "cozy"],
      { chats: 30, likes: 1, rating: null, hoursAgo: 3 },
    ],
    ["Secret Dragon", "Only the creator sees this one.", ["fantasy"], { public: false, chats: 999 }],
    ["Velvet Dragon", "Adults only.", ["fantasy", "romance"], { nsfw: true, chats: 500 }],
  ];
  for (let i = 0; i < 25; i++)
    bots.push([`Filler ${i}`, "A filler bot for paging.", ["filler"], { chats: i, hoursAgo: 100 + i }]);
  await env.DB.batch(
    bots.map(([name, description, tags, o], i) =>
      env.DB.prepare(
        `INSERT INTO bots (id, name, slug, description, tags, is_public, is_nsfw, conversation_count, likes_count, rating, created_by_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'maker', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?))`,
      ).bind(
        `bot-${i}`,
        name,
        `bot-${i}`,
        description,
        JSON.stringify(tags),
        o.public === false ? 0 : 1,
        o.nsfw ? 1 : 0,
        o.chats ?? 0,
        o.likes ?? 0,
        o.rating ?? null,
        `-${o.hoursAgo ?? 50} hours`,
      ),
    ),
  );
});

async function explore(filters: Partial<ExploreFilters> & { q?: string }, page = 1) {
  const { list, count } = exploreQueries(
    db,
    {
      fts: toFtsQuery(filters.q),
      tag: filters.tag ?? null,
      sort: filters.sort ?? "recommended",
      includeNsfw: filters.includeNsfw ?? false,
    },
    page,
  );
  const [rows, [total]] = await batch(env.DB, [list, count]);
  return { names: rows.map((r) => r.name), total: Number(total?.total ?? 0) };
}

test("search matches words and prefixes, ignores accents, and never shows private or (by default) NSFW bots", async () => {
  // The last word is a prefix, so "dragon" also finds "Dragonfly"; earlier words are whole.
  expect((await explore({ q: "dragon", sort: "popular" })).names).toEqual(["Ancient Dragon", "Dragonfly Scout"]);
  expect((await explore({ q: "drag", sort: "popular" })).names).toEqual(["Ancient Dragon", "Dragonfly Scout"]);
  expect((await explore({ q: "dragon gold" })).names).toEqual(["Ancient Dragon"]);
  expect((await explore({ q: "cafe detective" })).names).toEqual(["Café Détective"]);
  expect((await explore({ q: "gold riddles" })).names).toEqual(["Ancient Dragon"]);
  expect((await explore({ q: "dragon", includeNsfw: true, sort: "popular" })).names).toEqual([
    "Velvet Dragon",
    "Ancient Dragon",
    "Dragonfly Scout",
  ]);
});

test("hostile and odd search input is made safe: no FTS5 syntax gets through and nothing throws", async () => {
  const hostile = [
    '"',
    'dragon"',
    "NEAR(a b)",
    "name:dragon",
    "*",
    "dragon OR 1=1 --",
    "a AND",
    "(((",
    "^dragon",
    "'; DROP TABLE bots; --",
    "\u0000",
    "🐉",
    "-dragon",
    "dragon*",
    "x".repeat(5000),
    "NOT",
    "{name description}: x",
  ];
  for (const q of hostile) {
    const fts = toFtsQuery(q);
    if (fts !== null) expect(fts).toMatch(/^("[\p{L}\p{N}]+"\*? ?)+$/u);
    await expect(explore({ q }), q).resolves.toBeDefined();
  }
  // Operators are treated as words, not syntax.
  expect((await explore({ q: "dragon OR scout" })).names).toEqual([]);
  expect(toFtsQuery("  ")).toBeNull();
  expect(toFtsQuery("Dragon, tea!")).toBe('"Dragon" "tea"*');
  const tables = await env.DB.prepare("SELECT COUNT(*) AS n FROM bots").first<{ n: number }>();
  expect(tables!.n).toBe(30);
});

test("tag filter, the four sorts, and 20-per-page paging with an exact total", async () => {
  expect((await explore({ tag: "fantasy" })).names).toEqual(["Ancient Dragon"]);
  expect((await explore({ tag: "fantasy", includeNsfw: true })).names).toEqual(["Velvet Dragon", "Ancient Dragon"]);
  expect((await explore({ tag: "mystery", q: "coffee" })).names).toEqual(["Café Détective"]);
  expect((await explore({ tag: "no-such-tag" })).total).toBe(0);

  expect((await explore({ sort: "popular" })).names.slice(0, 3)).toEqual([
    "Ancient Dragon",
    "Café Détective",
    "Filler 24",
  ]);
  expect((await explore({ sort: "liked" })).names.slice(0, 3)).toEqual([
    "Dragonfly Scout",
    "Ancient Dragon",
    "Café Détective",
  ]);
  expect((await explore({ sort: "rated" })).names.slice(0, 2)).toEqual(["Ancient Dragon", "Dragonfly Scout"]);
  expect((await explore({ sort: "newest" })).names.slice(0, 3)).toEqual([
    "Dragonfly Scout",
    "Café Détective",
    "Ancient Dragon",
  ]);
  // Best match joins the FTS rank in and still applies every filter.
  expect((await explore({ q: "dragon riddles", sort: "recommended" })).names).toEqual(["Ancient Dragon"]);
  expect(new Set((await explore({ q: "drag", sort: "recommended", includeNsfw: true })).names)).toEqual(
    new Set(["Ancient Dragon", "Dragonfly Scout", "Velvet Dragon"]),
  );

  const page1 = await explore({ sort: "newest" }, 1);
  const page2 = await explore({ sort: "newest" }, 2);
  expect(page1.total).toBe(28); // 30 minus one private and one NSFW
  expect(page1.names).toHaveLength(EXPLORE_PAGE_SIZE);
  expect(page2.names).toHaveLength(8);
  expect(new Set([...page1.names, ...page2.names]).size).toBe(28);
});

function contextFor(user: CurrentUser | null) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env, db, services: {} as Services, waitUntil: () => {}, nonce: "test" });
  return context;
}

const adult: CurrentUser = {
  id: "maker",
  email: "maker@example.com",
  displayName: "Maker",
  role: "user",
  preferences: { nsfw: true },
};

test("the Explore loader reads the URL safely and serves NSFW only to a signed-in user who opted in", async () => {
  const run = (search: string, user: CurrentUser | null) =>
    exploreLoader({
      request: new Request(`https://botcafe.test/bots${search}`),
      context: contextFor(user),
      params: {},
    } as unknown as Parameters<typeof exploreLoader>[0]);
  // Odd or default values are read safely and named by one canonical URL per page.
  const odd = await run("?q=%20dragon%20&sort=chaos&page=-4&tag=%00%22&utm=x", null);
  expect(odd.canonical).toBe("/bots?q=dragon&tag=%00%22");
  expect(odd.filters).toEqual({ q: "dragon", tag: '\u0000"', sort: "recommended" });
  const signedOut = await run("?q=dragon&tag=%00%22", null);
  expect(signedOut.filters).toEqual({ q: "dragon", tag: '\u0000"', sort: "recommended" });
  expect(signedOut.page).toBe(1);
  expect((await run("?sort=recommended&page=1", null)).canonical).toBe("/bots");
  const signedOutAll = await run("?q=velvet", null);
  expect(signedOutAll.total).toBe(0);
  const optedIn = await run("?q=velvet", adult);
  expect(optedIn.bots.map((b) => b.name)).toEqual(["Velvet Dragon"]);
  const notOptedIn = await run("?q=velvet", { ...adult, preferences: {} });
  expect(notOptedIn.total).toBe(0);
  const far = await run("?page=99", null);
  expect(far.bots).toEqual([]);
  expect(far.totalPages).toBe(2);
  expect(optedIn.tags.map((t) => t.tag)).toContain("romance");
  expect(signedOutAll.tags.map((t) => t.tag)).not.toContain("romance");
});

test("bot_tags follows each bot's tags through insert, edit and delete, and counts popular tags from it", async () => {
  await env.DB.prepare(
    "INSERT INTO bots (id, name, slug, tags, is_public, created_by_id) VALUES ('tag-bot', 'Tagged', 'tagged', '[\"zz-rare\",\"zz-rare\",\"zz-other\"]', 1, 'maker')",
  ).run();
  const tagsOf = async () =>
    (
      await env.DB.prepare("SELECT tag FROM bot_tags WHERE bot_id = 'tag-bot' ORDER BY tag").all<{ tag: string }>()
    ).results.map((r) => r.tag);
  expect(await tagsOf()).toEqual(["zz-other", "zz-rare"]);
  expect((await explore({ tag: "zz-rare" })).names).toEqual(["Tagged"]);
  await env.DB.prepare("UPDATE bots SET tags = '[\"zz-new\"]' WHERE id = 'tag-bot'").run();
  expect(await tagsOf()).toEqual(["zz-new"]);
  expect((await explore({ tag: "zz-rare" })).total).toBe(0);
  const popular = await popularTagsQuery(db, false, 100).execute();
  expect(popular.find((t) => t.tag === "zz-new")).toEqual({ tag: "zz-new", uses: 1 });
  expect(popular.find((t) => t.tag === "zz-rare")).toBeUndefined();
  await env.DB.prepare("DELETE FROM bots WHERE id = 'tag-bot'").run();
  expect(await tagsOf()).toEqual([]);
});

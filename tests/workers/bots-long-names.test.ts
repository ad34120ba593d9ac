/**
 * Issue 8, finding 5: a bot name long enough that its slug made a LIKE pattern over D1's
 * 50-byte limit answered 500. Slugs are now found by equality on the unique index.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { slugify, uniqueSlug } from "~/lib/bots/slug";
import { signedInAs } from "../support/worker-fetch";

beforeAll(async () => {
  await env.DB.prepare("INSERT INTO users (id, email, role) VALUES ('u-long', 'long@example.com', 'creator')").run();
  // SQLite only evaluates (and refuses) a LIKE pattern when there is a row to test it on.
  await env.DB.prepare(
    "INSERT INTO bots (id, name, slug, created_by_id) VALUES ('b-other', 'Other', 'other', 'u-long')",
  ).run();
});

test("a 49-character name with no slug creates the bot, and a second one gets -2", async () => {
  const name = "Wandering Storyteller of the Northern Glass Lakes"; // 49 characters, a 49-character slug
  expect(name).toHaveLength(49);
  const creator = await signedInAs("u-long");
  const first = await creator.post("/bots/new", { name });
  expect(first).toMatchObject({ status: 302, location: `/bots/${slugify(name)}` });
  const second = await creator.post("/bots/new", { name });
  expect(second).toMatchObject({ status: 302, location: `/bots/${slugify(name)}-2` });
});

test("the longest names (a 74-character slug) work, and many taken candidates still find a free one", async () => {
  const db = createDb(env.DB);
  const base = slugify("x".repeat(80)); // the longest name the form takes
  expect(base.length).toBe(74);
  // base, base-2 … base-60 taken: the first page of candidates is full.
  const taken = [base, ...Array.from({ length: 59 }, (_, i) => `${base}-${i + 2}`)];
  await env.DB.batch(
    taken.map((slug, i) =>
      env.DB.prepare("INSERT INTO bots (id, name, slug, created_by_id) VALUES (?, 'X', ?, 'u-long')").bind(
        `b-long-${i}`,
        slug,
      ),
    ),
  );
  expect(await uniqueSlug(db, base)).toBe(`${base}-61`);
  // A bot keeping its own slug is not in its own way.
  expect(await uniqueSlug(db, base, "b-long-0")).toBe(base);
  const creator = await signedInAs("u-long");
  expect(await creator.post("/bots/new", { name: "x".repeat(80) })).toMatchObject({
    status: 302,
    location: `/bots/${base}-61`,
  });
});

test("importing a card whose name makes a long slug creates the bot (9 of 60 imports used to 500)", async () => {
  const creator = await signedInAs("u-long");
  const name = "Archivist of the Sunken Library Beneath the Amber Sea"; // 53 characters
  const card = new File(
    [
      JSON.stringify({
        spec: "chara_card_v2",
        spec_version: "2.0",
        data: { name, description: "Keeps the drowned books." },
      }),
    ],
    "card.json",
    { type: "application/json" },
  );
  for (const suffix of ["", "-2"]) {
    const imported = await creator.post("/bots/import", { card });
    expect(imported).toMatchObject({ status: 302, location: `/bots/${slugify(name)}${suffix}/import-report` });
  }
});

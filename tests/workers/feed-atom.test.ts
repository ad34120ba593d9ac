import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import type { Visibility } from "#db/schema";
import { appContext, userContext, type AppContext } from "~/lib/context";
import { loader as feedLoader } from "~/routes/creators/feed";

const db = createDb(env.DB);

async function aCreator(id: string, username: string, visibility: Visibility, displayName = `Creator ${id}`) {
  await db
    .insertInto("users")
    .values({ id, email: `${id}@example.com` })
    .execute();
  await db
    .insertInto("creator_profiles")
    .values({ id: `profile-${id}`, user_id: id, username, visibility, display_name: displayName, bio: "Bio & more" })
    .execute();
}

async function aBot(
  id: string,
  owner: string,
  fields: {
    name: string;
    description?: string;
    isPublic?: boolean;
    isNsfw?: boolean;
    createdAt: string;
    tags?: string[];
  },
) {
  await db
    .insertInto("bots")
    .values({
      id,
      name: fields.name,
      slug: id,
      description: fields.description ?? "",
      created_by_id: owner,
      is_public: fields.isPublic === false ? 0 : 1,
      is_nsfw: fields.isNsfw ? 1 : 0,
      tags: JSON.stringify(fields.tags ?? []),
      created_at: fields.createdAt,
      updated_at: fields.createdAt,
    })
    .execute();
}

async function getFeed(username: string) {
  const context = new RouterContextProvider();
  context.set(appContext, { env, db, services: {} as AppContext["services"], waitUntil: () => {}, nonce: "n" });
  context.set(userContext, null);
  const request = new Request(`https://botcafe.test/creators/${username}/feed.xml`);
  return (await feedLoader({ request, params: { username }, context } as never)) as Response;
}

test("the feed is Atom with the newest public, non-NSFW bots, and user text escaped", async () => {
  await aCreator("feed-a", "feeda", "public", `Tom & "Jerry" <Studio>`);
  await aBot("feed-old", "feed-a", { name: "Old one", createdAt: "2026-01-01T00:00:00.000Z" });
  await aBot("feed-new", "feed-a", {
    name: `<script>alert('x')</script> & Co`,
    description: "Bell\u0007 and \u0000null ]]> end",
    createdAt: "2026-11-01T00:00:00.000Z",
    tags: [`a"b`],
  });
  await aBot("feed-private", "feed-a", { name: "Secret bot", isPublic: false, createdAt: "2026-11-02T00:00:00.000Z" });
  await aBot("feed-nsfw", "feed-a", { name: "Spicy bot", isNsfw: true, createdAt: "2026-11-03T00:00:00.000Z" });

  const response = await getFeed("feeda");
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
  const xml = await response.text();
  expect(xml.startsWith(`<?xml version="1.0" encoding="utf-8"?>`)).toBe(true);
  expect(xml).toContain(`<feed xmlns="http://www.w3.org/2005/Atom">`);
  expect(xml).toContain("<name>Tom &amp; &quot;Jerry&quot; &lt;Studio&gt;</name>");
  expect(xml).toContain('<title type="text">&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; Co</title>');
  expect(xml).not.toContain("<script>");
  // Characters XML cannot carry are dropped, and "]]>" is harmless once ">" is escaped.
  expect(xml).toContain('<summary type="text">Bell and null ]]&gt; end</summary>');
  expect(xml).not.toMatch(/[\u0000\u0007]/);
  expect(xml).toContain(`<category term="a&quot;b"/>`);
  expect(xml).toContain(
    `<link rel="self" type="application/atom+xml" href="https://botcafe.test/creators/feeda/feed.xml"/>`,
  );
  // Only public, non-NSFW bots, newest first; updated is the newest entry's time.
  expect(xml).not.toContain("Secret bot");
  expect(xml).not.toContain("Spicy bot");
  const titles = [...xml.matchAll(/<entry>[\s\S]*?<title type="text">(.*?)<\/title>/g)].map((m) => m[1]);
  expect(titles).toEqual(["&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; Co", "Old one"]);
  expect(xml).toMatch(/<id>urn:botcafe:bot:feed-new<\/id>/);
  // Every opened element is closed: a cheap well-formedness check without a parser.
  const opened = (xml.match(/<(?!\/|\?)[a-z]+[^>]*[^/]>/g) ?? []).length;
  const closed = (xml.match(/<\/[a-z]+>/g) ?? []).length;
  expect(opened).toBe(closed);
});

test("private profiles and unknown creators have no feed (404); unlisted ones do", async () => {
  await aCreator("feed-p", "feedp", "private");
  await aBot("feed-p-bot", "feed-p", { name: "Hidden", createdAt: "2026-11-01T00:00:00.000Z" });
  await aCreator("feed-u", "feedu", "unlisted");
  expect((await getFeed("feedp")).status).toBe(404);
  expect(await (await getFeed("feedp")).text()).not.toContain("Hidden");
  expect((await getFeed("nobody-here")).status).toBe(404);
  expect((await getFeed("x".repeat(500))).status).toBe(404);
  const unlisted = await getFeed("feedu");
  expect(unlisted.status).toBe(200);
  expect(await unlisted.text()).not.toContain("<entry>");
});

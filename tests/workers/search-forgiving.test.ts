/**
 * Search that forgives: Explore finds prefixes, a typo in a name, and bots matching some
 * of the words when none matches all; chat search finds message text — in my own
 * conversations only. Runs the real loaders against local D1 with every migration.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, describe, expect, test } from "vitest";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import { corrections, editDistance, looseFtsQuery, stemOf, trigramsOf } from "~/lib/bots/close-matches";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import { loader as exploreLoader } from "~/routes/bots/explore";
import { loader as chatListLoader } from "~/routes/chat/index";

const db = createDb(env.DB);

function contextFor(user: CurrentUser | null) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env, db, services: {} as Services, waitUntil: () => {}, nonce: "test" });
  return context;
}

const userOf = (id: string): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role: "user",
  preferences: {},
});

async function explore(q: string) {
  const data = await exploreLoader({
    request: new Request(`https://botcafe.test/bots?q=${encodeURIComponent(q)}`),
    context: contextFor(null),
    params: {},
  } as unknown as Parameters<typeof exploreLoader>[0]);
  return { names: data.bots.map((b) => b.name), closeMatches: data.closeMatches, total: data.total };
}

async function chats(userId: string, q: string) {
  const data = await chatListLoader({
    request: new Request(`https://botcafe.test/chat?q=${encodeURIComponent(q)}`),
    context: contextFor(userOf(userId)),
    params: {},
  } as never);
  return (data as { conversations: { title: string }[] }).conversations.map((c) => c.title);
}

beforeAll(async () => {
  const bots: [string, string, number][] = [
    ["Innkeeper Bram", "The innkeeper of a crossroads tavern who hears every rumour.", 40],
    ["Sir Aldric", "A loyal knight sworn to protect travellers on the old road.", 30],
    ["Harbour Pilot", "Guides ships through the fog to a safe berth.", 20],
    ["Librarian Ossa", "A keeper of forgotten books.", 10],
    ["Hidden Innkeeper", "Nobody else should find this one.", 99],
  ];
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO users (id, email) VALUES ('maker', 'maker@example.com'), ('me', 'me@example.com'), ('other', 'other@example.com')",
    ),
    ...bots.map(([name, description, chats], i) =>
      env.DB.prepare(
        "INSERT INTO bots (id, name, slug, description, tags, is_public, conversation_count, created_by_id) VALUES (?, ?, ?, ?, '[]', ?, ?, 'maker')",
      ).bind(`bot-${i}`, name, `bot-${i}`, description, name.startsWith("Hidden") ? 0 : 1, chats),
    ),
    env.DB.prepare(
      "INSERT INTO conversations (id, user_id, bot_id, title) VALUES ('mine-1', 'me', 'bot-0', 'Evening at the inn'), ('mine-2', 'me', 'bot-1', 'On the road'), ('theirs', 'other', 'bot-2', 'Their secret voyage')",
    ),
    env.DB.prepare(
      `INSERT INTO messages (id, conversation_id, role, content, sender_type, seq) VALUES
        ('m1', 'mine-1', 'user', 'Tell me about the lighthouse keeper', 'user', 1),
        ('m2', 'mine-2', 'assistant', 'The bridge at Marrow Ford washed out last spring.', 'bot', 1),
        ('m3', 'theirs', 'user', 'The lighthouse and the bridge hide my treasure', 'user', 1)`,
    ),
  ]);
});

describe("Explore", () => {
  test("a prefix finds the whole word, as before (no close-match fallback needed)", async () => {
    expect(await explore("innk")).toEqual({ names: ["Innkeeper Bram"], closeMatches: false, total: 1 });
    expect((await explore("harb pil")).names).toEqual(["Harbour Pilot"]);
  });

  test("a typo in a name still finds it: inkeeper → Innkeeper", async () => {
    const result = await explore("inkeeper");
    expect(result.names).toEqual(["Innkeeper Bram"]);
    expect(result.closeMatches).toBe(true);
    expect((await explore("librarain")).names).toEqual(["Librarian Ossa"]);
  });

  test("words that are not all in one bot: knight who protects → sworn to protect", async () => {
    const result = await explore("knight who protects");
    expect(result.names[0]).toBe("Sir Aldric");
    expect(result.closeMatches).toBe(true);
  });

  test("close matches still never show a private bot, and nonsense finds nothing", async () => {
    expect((await explore("hiden innkeper")).names).not.toContain("Hidden Innkeeper");
    expect(await explore("zqxv")).toEqual({ names: [], closeMatches: false, total: 0 });
    // Short and filler words never match on their own ("or" would find "order", "original").
    expect(await explore('zqxv" OR (')).toEqual({ names: [], closeMatches: false, total: 0 });
    expect(await explore("zqxv who the")).toEqual({ names: [], closeMatches: false, total: 0 });
    // Hostile input stays quoted words in the fallback too.
    for (const q of ['inkeeper" OR 1', "NEAR(inkeeper", "*", "x".repeat(300)])
      await expect(explore(q)).resolves.toBeDefined();
  });

  test("the pieces: bounded edit distance, trigrams, stems, and the loose query's syntax", () => {
    expect(editDistance("inkeeper", "innkeeper", 2)).toBe(1);
    expect(editDistance("librarain", "librarian", 2)).toBe(1); // swapped neighbours count once
    expect(editDistance("dragon", "wizard", 1)).toBe(2); // stops at max + 1
    expect(trigramsOf(["inkeeper", "who"])).toEqual(["ink", "nke", "kee", "eep", "epe", "per"]);
    expect(stemOf("protects")).toBe("protect");
    expect(stemOf("tea")).toBe("tea");
    expect(corrections(["inkeeper", "cat"], ["Innkeeper Bram", "Cat Sith"])).toEqual(
      new Map([["inkeeper", ["innkeeper"]]]),
    );
    expect(looseFtsQuery(["knight", "protects"], new Map())).toBe('"knight"* OR "protect"*');
    expect(looseFtsQuery(["inkeeper"], new Map([["inkeeper", ["innkeeper"]]]))).toMatch(
      /^("[\p{L}\p{N}]+"\*?)( OR "[\p{L}\p{N}]+"\*?)*$/u,
    );
  });
});

describe("chat search (/chat?q=)", () => {
  test("matches message text as well as titles", async () => {
    expect(await chats("me", "lighthouse")).toEqual(["Evening at the inn"]);
    expect(await chats("me", "marrow ford")).toEqual(["On the road"]);
    expect(await chats("me", "road")).toEqual(["On the road"]);
  });

  test("never finds someone else's conversation, by title or by message", async () => {
    expect(await chats("me", "treasure")).toEqual([]);
    expect(await chats("me", "secret voyage")).toEqual([]);
    expect(await chats("other", "treasure")).toEqual(["Their secret voyage"]);
    expect(await chats("other", "lighthouse")).toEqual(["Their secret voyage"]);
  });

  test("a word never matches the hidden owner column (my id, hex-encoded)", async () => {
    const hexOfMe = "6d65"; // "me"
    expect(await chats("me", hexOfMe)).toEqual([]);
    expect(await chats("me", "6d")).toEqual([]);
  });

  test("deleting a conversation (messages cascade) leaves the index consistent", async () => {
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO conversations (id, user_id, bot_id, title) VALUES ('doomed', 'me', 'bot-0', 'Short lived')",
      ),
      env.DB.prepare(
        "INSERT INTO messages (id, conversation_id, role, content, sender_type, seq) VALUES ('md', 'doomed', 'user', 'ephemeral quokka', 'user', 1)",
      ),
    ]);
    expect(await chats("me", "quokka")).toEqual(["Short lived"]);
    await env.DB.prepare("DELETE FROM conversations WHERE id = 'doomed'").run();
    expect(await chats("me", "quokka")).toEqual([]);
    const { n } = (await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'quokka'",
    ).first<{ n: number }>())!;
    expect(n).toBe(0);
  });

  test("a long query is safe (no LIKE pattern past D1's 50-byte limit)", async () => {
    expect(await chats("me", "lighthouse ".repeat(9))).toEqual(["Evening at the inn"]);
    expect(await chats("me", "%_%".repeat(30))).toEqual([]);
  });

  test("editing a message updates what search finds", async () => {
    await env.DB.prepare("UPDATE messages SET content = 'Nothing about towers now' WHERE id = 'm1'").run();
    expect(await chats("me", "lighthouse")).toEqual([]);
    expect(await chats("me", "towers")).toEqual(["Evening at the inn"]);
  });
});

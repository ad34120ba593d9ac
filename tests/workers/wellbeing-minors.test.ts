/**
 * Issue 16 (minors), through the whole worker: the suitability notice for minors is on
 * every access format (the sign-up step, a bot's page, the chat, the creators' Atom feed),
 * and a known minor — even one who had switched mature content on before their age was
 * known — cannot see or chat with an NSFW bot by any route. (Break reminders every 3
 * hours for known minors: wellbeing-gates.test.ts.)
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { MINORS_NOTICE } from "~/lib/wellbeing/minors-notice";
import { anonymous, signedInAs, type Client } from "../support/worker-fetch";

const db = createDb(env.DB);
let mina: Client;
let newcomer: Client;
let adult: Client;

beforeAll(async () => {
  await db
    .insertInto("users")
    .values([
      // Opted in to mature content, then the age check said minor.
      { id: "mina", email: "mina@example.com", age_group: "minor", preferences: JSON.stringify({ nsfw: true }) },
      { id: "olga", email: "olga@example.com", age_group: "adult", preferences: JSON.stringify({ nsfw: true }) },
      { id: "newbie", email: "newbie@example.com", preferences: "{}" },
      { id: "maker", email: "maker@example.com", age_group: "adult", preferences: "{}" },
    ])
    .execute();
  await db
    .insertInto("creator_profiles")
    .values({ id: "cp-maker", user_id: "maker", username: "maker", display_name: "Maker" })
    .execute();
  await db
    .insertInto("bots")
    .values([
      {
        id: "sfw",
        name: "Garden Gnome",
        slug: "garden-gnome",
        created_by_id: "maker",
        is_public: 1,
        is_nsfw: 0,
        description: "Talks about plants.",
        greeting: "Hi.",
      },
      {
        id: "adult",
        name: "Velvet Nightclub",
        slug: "velvet-nightclub",
        created_by_id: "maker",
        is_public: 1,
        is_nsfw: 1,
        description: "Adults only.",
        greeting: "Hello.",
      },
    ])
    .execute();
  // A chat Mina started with the NSFW bot before her age was known.
  await db.insertInto("conversations").values({ id: "c-old", user_id: "mina", bot_id: "adult" }).execute();
  await db.insertInto("conversations").values({ id: "c-sfw", user_id: "mina", bot_id: "sfw" }).execute();
  // signedInAs marks people without an age as adults; the newcomer's age is cleared after.
  [mina, adult, newcomer] = await Promise.all([signedInAs("mina"), signedInAs("olga"), signedInAs("newbie")]);
  await db.updateTable("users").set({ age_group: null }).where("id", "=", "newbie").execute();
});

test("the notice for minors is on the sign-up step, a bot's page, the chat and the Atom feed", async () => {
  expect((await newcomer.get("/legal/accept")).text).toContain(MINORS_NOTICE);
  expect((await anonymous.get("/bots/garden-gnome")).text).toContain(MINORS_NOTICE);
  expect((await mina.get("/chat/c-sfw")).text).toContain(MINORS_NOTICE);
  const feed = await anonymous.get("/creators/maker/feed.xml");
  expect(feed.status).toBe(200);
  expect(feed.text).toMatch(new RegExp(`<subtitle>[^<]*${MINORS_NOTICE.replace(/\./g, "\\.")}</subtitle>`));
});

test("a known minor cannot see an NSFW bot: not in explore, search, its page, or the creator's page and feed", async () => {
  // The adult who opted in sees it everywhere (so the checks below can fail).
  expect((await adult.get("/bots")).text).toContain("Velvet Nightclub");
  expect((await adult.get("/bots/velvet-nightclub")).status).toBe(200);
  expect((await adult.get("/creators/maker")).text).toContain("Velvet Nightclub");

  const explore = await mina.get("/bots");
  expect(explore.text).toContain("Garden Gnome");
  expect(explore.text).not.toContain("Velvet Nightclub");
  expect((await mina.get("/bots?q=velvet")).text).not.toContain("Velvet Nightclub");
  const page = await mina.get("/bots/velvet-nightclub");
  expect(page.status).not.toBe(200);
  expect(page.text).not.toContain("Adults only.");
  expect((await mina.get("/creators/maker")).text).not.toContain("Velvet Nightclub");
  expect((await mina.get("/creators/maker/feed.xml")).text).not.toContain("Velvet Nightclub");
});

test("a known minor cannot chat with an NSFW bot: no new chat, and no reply in one started before", async () => {
  const before = (await db.selectFrom("conversations").select("id").where("user_id", "=", "mina").execute()).length;
  const started = await mina.post("/chat/new", { botId: "adult" });
  expect(started.status).toBe(404);
  expect((await db.selectFrom("conversations").select("id").where("user_id", "=", "mina").execute()).length).toBe(
    before,
  );

  for (const accept of ["text/event-stream", "text/html"]) {
    const reply = await mina.post("/chat/c-old/reply", { intent: "send", content: "hello" }, { Accept: accept });
    expect(reply.status).toBe(403);
    expect(reply.text).toContain("adults only");
  }
  expect(await db.selectFrom("messages").select("id").where("conversation_id", "=", "c-old").execute()).toEqual([]);
});

/**
 * Wellbeing through the real chat reply route (both paths: SSE and the no-JS streamed
 * page), with the registered gates and settled hook: a crisis message shows the region's
 * resources and is counted; past the daily limit sending is refused with the reset time;
 * the chat page (not a second turn notice) discloses the AI at the start; usage and
 * analytics land after the reply.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { wellbeingSeed } from "#db/seed/wellbeing";
import type { CurrentUser } from "~/lib/auth/user";
import { startConversation } from "~/lib/chat/conversations";
import { REPLY_SETTLED_HOOKS, TURN_GATES } from "~/lib/chat/turn-gates";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { action as replyAction } from "~/routes/chat/reply";

const db = createDb(env.DB);
const user = (id: string): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role: "user",
  preferences: {},
  ageGroup: "adult",
});

beforeAll(async () => {
  await env.DB.batch(wellbeingSeed().map((s) => env.DB.prepare(s)));
  await db
    .insertInto("users")
    .values([
      { id: "ana", email: "ana@example.com", age_group: "adult" },
      { id: "ben", email: "ben@example.com", age_group: "adult" },
      { id: "maker", email: "maker@example.com" },
    ])
    .execute();
  await db
    .insertInto("bots")
    .values({ id: "bot", name: "Mira", slug: "mira", created_by_id: "maker", is_public: 1, greeting: "Hello." })
    .execute();
});

async function newChat(userId: string) {
  const result = await startConversation(db, env.DB, { id: userId, displayName: userId }, { botId: "bot" });
  if (!result.ok) throw new Error(result.message);
  return result.conversationId;
}

async function send(userId: string, conversationId: string, content: string, sse: boolean, country = "GB") {
  const pending: Promise<unknown>[] = [];
  const context = new RouterContextProvider();
  context.set(appContext, {
    env,
    db,
    services: createServices(env),
    waitUntil: (p) => void pending.push(p),
    nonce: "n",
  });
  context.set(userContext, user(userId));
  const body = new FormData();
  body.set("intent", "send");
  body.set("content", content);
  const request = new Request(`http://localhost/chat/${conversationId}/reply`, {
    method: "POST",
    body,
    headers: { ...(sse ? { Accept: "text/event-stream" } : {}), "CF-IPCountry": country },
  });
  const response = (await replyAction({ request, context, params: { conversationId } } as never)) as Response;
  const text = await response.text();
  await Promise.all(pending);
  return { response, text };
}

test("wellbeing's gates and hook are registered with the chat turn", () => {
  expect(TURN_GATES.map((g) => g.name)).toEqual(
    expect.arrayContaining(["wellbeing-crisis", "wellbeing-minor-content", "wellbeing-self-moderation"]),
  );
  expect(TURN_GATES.findIndex((g) => g.name === "wellbeing-crisis")).toBeLessThan(
    TURN_GATES.findIndex((g) => g.name === "wellbeing-self-moderation"),
  );
  expect(REPLY_SETTLED_HOOKS.map((h) => h.name)).toContain("wellbeing-usage-and-analytics");
});

test("a crisis message shows the region's resources on both paths, and the crisis reply steps out of character; counted without content", async () => {
  const id = await newChat("ana");
  const sse = await send("ana", id, "honestly I don't want to be here anymore", true);
  expect(sse.response.status).toBe(200);
  expect(sse.text).toMatch(/event: notices\ndata: .*You don't have to go through this alone/);
  // The page above already says the character is an AI: no second disclosure on the first turn.
  expect(sse.text).not.toContain("You are talking with an AI");
  // The demo model honours the crisis instruction instead of answering in character.
  const replyText = [...sse.text.matchAll(/event: token\ndata: (.*)\n/g)]
    .map((m) => (JSON.parse(m[1]!) as { text: string }).text)
    .join("");
  expect(replyText).toContain("crisis lines");
  expect(sse.text).toContain("tel:116123");

  const html = await send("ana", id, "quiero morir", false);
  expect(html.text).toContain("have to go through this alone");
  expect(html.text).toContain('href="tel:116123"');
  expect(html.text).toContain('href="/crisis"');

  const counts = (
    await env.DB.prepare("SELECT region, language, referrals FROM crisis_referrals ORDER BY language").all()
  ).results;
  expect(counts).toEqual([
    { region: "uk", language: "en", referrals: 1 },
    { region: "uk", language: "es", referrals: 1 },
  ]);
});

test("past the daily limit sending is refused on both paths with the reset time; nothing is saved", async () => {
  const id = await newChat("ben");
  const today = new Date().toISOString().slice(0, 10);
  await env.DB.prepare(
    "INSERT INTO self_moderation (id, user_id, daily_limit, usage_day, usage_week, daily_usage_seconds) VALUES ('sm-ben', 'ben', 1, ?, '2000-01-03', 60)",
  )
    .bind(today)
    .run();
  const before = (await db.selectFrom("messages").select("id").where("conversation_id", "=", id).execute()).length;
  const sse = await send("ben", id, "hi again", true);
  expect(sse.response.status).toBe(429);
  expect(JSON.parse(sse.text)).toMatchObject({
    message: expect.stringContaining("daily limit of 1 minute."),
    link: { href: "/wellbeing/limits" },
  });
  const html = await send("ben", id, "hi once more", false);
  expect(html.response.status).toBe(429);
  expect(html.text).toContain("It resets at midnight");
  expect((await db.selectFrom("messages").select("id").where("conversation_id", "=", id).execute()).length).toBe(
    before,
  );
});

test("after a reply the settled hook records the message and tokens for today", async () => {
  const today = new Date().toISOString().slice(0, 10);
  const row = await env.DB.prepare(
    "SELECT messages_sent, tokens_used, conversations_started FROM usage_analytics WHERE user_id = 'ana' AND date = ?",
  )
    .bind(today)
    .first<{ messages_sent: number; tokens_used: number; conversations_started: number }>();
  expect(row).toMatchObject({ messages_sent: 2, conversations_started: 1 });
  expect(row!.tokens_used).toBeGreaterThan(0);
});

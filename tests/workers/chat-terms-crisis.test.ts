/**
 * Issue 17: after a terms update, "honestly i don't want to be alive anymore" got the terms
 * message as plain red text in the bot's bubble and no crisis resources. Through the whole
 * worker (the root middleware, then the reply route), on both paths: the crisis check runs
 * before the terms gate, its notice is shown with the refusal, the refusal is BotCafe's
 * notice with a real link to /legal/accept, and the typed message is not dropped.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { wellbeingSeed } from "#db/seed/wellbeing";
import { startConversation } from "~/lib/chat/conversations";
import { signedInAs, type Client } from "../support/worker-fetch";

const db = createDb(env.DB);
const CRISIS = "honestly i don't want to be alive anymore";
let tess: Client;
let chatId: string;

beforeAll(async () => {
  await env.DB.batch(wellbeingSeed().map((s) => env.DB.prepare(s)));
  await db
    .insertInto("users")
    .values([
      { id: "tess", email: "tess@example.com", age_group: "adult" },
      { id: "maker", email: "maker@example.com" },
    ])
    .execute();
  await db
    .insertInto("bots")
    .values({ id: "bot", name: "Mira", slug: "mira", created_by_id: "maker", is_public: 1, greeting: "Hello." })
    .execute();
  await db
    .insertInto("legal_documents")
    .values([
      {
        id: "t1",
        type: "terms",
        title: "Terms of Service",
        version: "1.0",
        effective_date: "2025-01-01",
        is_active: 1,
        content: "Be kind.",
      },
      {
        id: "t2",
        type: "terms",
        title: "Terms of Service",
        version: "2.0",
        effective_date: "2026-06-01",
        is_active: 1,
        content: "Be kind, always.",
      },
      {
        id: "p1",
        type: "privacy",
        title: "Privacy Policy",
        version: "1.0",
        effective_date: "2025-01-01",
        is_active: 1,
        content: "We keep little.",
      },
    ])
    .execute();
  // Tess accepted the first terms only: version 2.0 is pending.
  await db
    .insertInto("user_agreements")
    .values([
      { id: "a1", user_id: "tess", document_id: "t1" },
      { id: "a2", user_id: "tess", document_id: "p1" },
    ])
    .execute();
  const started = await startConversation(db, env.DB, { id: "tess", displayName: "Tess" }, { botId: "bot" });
  if (!started.ok) throw new Error(started.message);
  chatId = started.conversationId;
  tess = await signedInAs("tess");
});

const messageCount = async () =>
  (await db.selectFrom("messages").select("id").where("conversation_id", "=", chatId).execute()).length;
const acceptHref = () => `/legal/accept?redirectTo=${encodeURIComponent(`/chat/${chatId}`)}`;

test("no JavaScript: crisis resources and a tappable terms link, the form again with what was typed; nothing saved", async () => {
  const before = await messageCount();
  const page = await tess.post(`/chat/${chatId}/reply`, { intent: "send", content: CRISIS }, { "CF-IPCountry": "US" });
  expect(page.status).toBe(403);
  expect(page.text).toContain("have to go through this alone");
  expect(page.text).toContain('href="tel:988"');
  expect(page.text).toContain(
    `<a href="${acceptHref().replace(/&/g, "&amp;")}" class="font-medium underline">Read and accept the new terms</a>`,
  );
  // The refusal is never the URL as text.
  expect(page.text).not.toMatch(/accept them at \/legal/);
  expect(page.text).toMatch(
    /<textarea[^>]*name="content"[^>]*>honestly i don&#39;t want to be alive anymore<\/textarea>/,
  );
  expect(await messageCount()).toBe(before);
});

test("JavaScript: the refusal is a notice with a link (not bubble text), with the crisis notice beside it", async () => {
  const response = await tess.post(
    `/chat/${chatId}/reply`,
    { intent: "send", content: CRISIS },
    { Accept: "text/event-stream", "CF-IPCountry": "US" },
  );
  expect(response.status).toBe(403);
  const problem = JSON.parse(response.text) as {
    message: string;
    noticesHtml: string | null;
    refusalHtml: string;
    link: { href: string };
  };
  expect(problem.noticesHtml).toContain("have to go through this alone");
  expect(problem.noticesHtml).toContain('href="tel:988"');
  expect(problem.refusalHtml).toContain(`href="${acceptHref().replace(/&/g, "&amp;")}"`);
  expect(problem.refusalHtml).toContain('role="alert"');
  expect(problem.message).not.toContain("/legal/accept");
  expect(problem.link.href).toBe(acceptHref());
});

test("a message with no sign of risk is refused the same way, without a crisis notice", async () => {
  const response = await tess.post(
    `/chat/${chatId}/reply`,
    { intent: "send", content: "hello again" },
    { Accept: "text/event-stream" },
  );
  expect(response.status).toBe(403);
  expect(JSON.parse(response.text)).toMatchObject({
    noticesHtml: null,
    refusalHtml: expect.stringContaining("Read and accept the new terms"),
  });
});

test("other writes are still sent to the accept page by the middleware, keeping the post (307)", async () => {
  const response = await tess.post(`/chat/${chatId}`, { intent: "rename", title: "x" });
  expect(response.status).toBe(307);
  expect(response.location).toContain("/legal/accept?redirectTo=");
});

test("once accepted, the turn goes through", async () => {
  await db.insertInto("user_agreements").values({ id: "a3", user_id: "tess", document_id: "t2" }).execute();
  const response = await tess.post(
    `/chat/${chatId}/reply`,
    { intent: "send", content: "hello again" },
    { Accept: "text/event-stream" },
  );
  expect(response.status).toBe(200);
  expect(response.text).toContain("event: done");
});

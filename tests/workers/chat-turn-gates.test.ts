/**
 * The turn-gate contract through the real reply route, inside workerd against local D1:
 * a refusal stops the turn before anything is saved (both chat paths show it), notices
 * reach both paths and stay on the saved reply, prompt instructions reach the prompt as
 * BotCafe's system text, and settled hooks get the counted tokens after the save.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, beforeEach, expect, test } from "vitest";
import { createDb } from "#db/client";
import { startConversation } from "~/lib/chat/conversations";
import type { AssistantMessageMetadata } from "~/lib/chat/turn-context";
import {
  REPLY_SETTLED_HOOKS,
  TURN_GATES,
  runTurnGates,
  type SettledReply,
  type TurnGate,
  type TurnGateInput,
} from "~/lib/chat/turn-gates";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { loader as conversationLoader } from "~/routes/chat/conversation";
import { action as replyAction } from "~/routes/chat/reply";

const db = createDb(env.DB);

beforeAll(async () => {
  await db
    .insertInto("users")
    .values([
      { id: "chatter", email: "chatter@example.com", display_name: "Chatter", age_group: "minor" },
      { id: "maker", email: "maker@example.com" },
    ])
    .execute();
  await db
    .insertInto("bots")
    .values({ id: "bot", name: "Mira", slug: "mira", created_by_id: "maker", is_public: 1, greeting: "Hello." })
    .execute();
});

// Each test runs only the gates it registers (the areas' real gates are tested in their own files).
beforeEach(() => {
  TURN_GATES.length = 0;
  REPLY_SETTLED_HOOKS.length = 0;
});

async function newChat() {
  const result = await startConversation(db, env.DB, { id: "chatter", displayName: "Chatter" }, { botId: "bot" });
  if (!result.ok) throw new Error(result.message);
  return result.conversationId;
}

async function send(conversationId: string, content: string, sse: boolean) {
  const pending: Promise<unknown>[] = [];
  const context = new RouterContextProvider();
  context.set(appContext, {
    env,
    db,
    services: createServices(env),
    waitUntil: (p) => void pending.push(p),
    nonce: "n",
  });
  context.set(userContext, {
    id: "chatter",
    email: "chatter@example.com",
    displayName: "Chatter",
    role: "user",
    preferences: {},
    ageGroup: "minor",
  });
  const body = new FormData();
  body.set("intent", "send");
  body.set("content", content);
  const request = new Request(`http://localhost/chat/${conversationId}/reply`, {
    method: "POST",
    body,
    headers: { ...(sse ? { Accept: "text/event-stream" } : {}), "CF-IPCountry": "GB" },
  });
  const response = (await replyAction({ request, context, params: { conversationId } } as never)) as Response;
  const text = await response.text();
  await Promise.all(pending);
  return { response, text, context };
}

const messageCount = async (conversationId: string) =>
  (await db.selectFrom("messages").select("id").where("conversation_id", "=", conversationId).execute()).length;

test("a refusal stops the turn before any row is written, on both paths, with its link", async () => {
  const seen: TurnGateInput[] = [];
  TURN_GATES.push({
    name: "out-of-tokens",
    check: async (input) => {
      seen.push(input);
      return {
        refusal: { status: 402, message: "You are out of tokens.", link: { href: "/pricing", label: "Buy tokens" } },
      };
    },
  });
  const id = await newChat();
  const before = await messageCount(id);

  const sse = await send(id, "Hello there", true);
  expect(sse.response.status).toBe(402);
  expect(JSON.parse(sse.text)).toMatchObject({
    status: "error",
    message: "You are out of tokens.",
    link: { href: "/pricing", label: "Buy tokens" },
  });

  const html = await send(id, "Hello again", false);
  expect(html.response.status).toBe(402);
  expect(html.text).toContain("You are out of tokens.");
  expect(html.text).toContain('href="/pricing"');
  expect(html.text).toContain("Hello again"); // what was typed is kept

  expect(await messageCount(id)).toBe(before);
  expect(seen[0]).toMatchObject({
    user: { id: "chatter", ageGroup: "minor" },
    botId: "bot",
    intent: "send",
    userMessage: "Hello there",
    provider: "local",
    keyId: null,
    country: "GB",
  });
});

const crisisGate: TurnGate = {
  name: "test-crisis",
  check: async () => ({
    notices: [
      {
        kind: "crisis",
        title: "You are not alone",
        body: "Talk to someone now.",
        links: [
          { href: "tel:116123", label: "Call 116 123" },
          { href: "javascript:alert(1)", label: "bad" },
        ],
      },
    ],
    promptInstructions: ["SAFETY: respond with care and point to the resources shown."],
  }),
};

test("notices stream on both paths, stay on the saved reply, and instructions reach the prompt", async () => {
  TURN_GATES.push(crisisGate);
  const id = await newChat();

  const sse = await send(id, "I feel awful", true);
  expect(sse.text).toMatch(/event: notices\ndata: .*You are not alone/);
  const html = await send(id, "Still awful", false);
  expect(html.text).toContain("You are not alone");
  expect(html.text).toContain('href="tel:116123"');
  expect(html.text).not.toContain("javascript:");

  const replies = await db
    .selectFrom("messages")
    .select(["metadata"])
    .where("conversation_id", "=", id)
    .where("role", "=", "assistant")
    .orderBy("seq")
    .execute();
  const last = JSON.parse(replies.at(-1)!.metadata) as AssistantMessageMetadata;
  expect(last.notices?.[0]?.title).toBe("You are not alone");
  const platform = last.prompt?.sections.find((s) => s.name === "platform_instructions");
  expect(platform?.text).toContain("SAFETY: respond with care");

  // On reload the page shows the notice above the reply it belongs to.
  const page = (await conversationLoader({
    request: new Request(`http://localhost/chat/${id}`),
    context: html.context,
    params: { conversationId: id },
  } as never)) as { messages: { role: string; notices: { title: string }[] }[] };
  const withNotice = page.messages.filter((m) => m.notices.length);
  expect(withNotice.length).toBe(2);
  expect(withNotice.every((m) => m.role === "assistant")).toBe(true);
});

test("settled hooks run after the save with the counted tokens and a fresh key per generation", async () => {
  const settled: SettledReply[] = [];
  REPLY_SETTLED_HOOKS.push({
    name: "broken",
    onSettled: async () => Promise.reject(new Error("hook failure must not break the reply")),
  });
  REPLY_SETTLED_HOOKS.push({ name: "record", onSettled: async (reply) => void settled.push(reply) });
  const id = await newChat();
  await send(id, "Count my tokens", true);
  await send(id, "And again", true);
  expect(settled).toHaveLength(2);
  const [first, second] = settled as [SettledReply, SettledReply];
  const saved = await db
    .selectFrom("messages")
    .select(["id", "status"])
    .where("id", "=", first.messageId)
    .executeTakeFirstOrThrow();
  expect(saved.status).toBe("complete");
  expect(first).toMatchObject({
    userId: "chatter",
    conversationId: id,
    provider: "local",
    keyId: null,
    status: "complete",
    intent: "send",
  });
  expect(first.promptTokens).toBeGreaterThan(0);
  expect(first.completionTokens).toBeGreaterThan(0);
  expect(first.replyKey).not.toBe(second.replyKey);
});

test("gates run in order; the first refusal wins and keeps only earlier crisis notices", async () => {
  const ran: string[] = [];
  const gate = (name: string, result: Awaited<ReturnType<TurnGate["check"]>>): TurnGate => ({
    name,
    check: async () => (ran.push(name), result),
  });
  const crisis = { kind: "crisis" as const, title: "You are not alone", body: "Call 988." };
  const outcome = await runTurnGates({} as TurnGateInput, [
    gate("notice", {
      notices: [{ kind: "ai_disclosure", title: "AI", body: "I am an AI." }, crisis],
      promptInstructions: ["be careful"],
    }),
    gate("refuse", { refusal: { status: 429, message: "Daily limit reached." } }),
    gate("never", { notices: [{ kind: "billing", title: "x", body: "y" }] }),
  ]);
  expect(ran).toEqual(["notice", "refuse"]);
  expect(outcome).toEqual({
    refusal: { status: 429, message: "Daily limit reached." },
    notices: [crisis],
    promptInstructions: [],
  });
});

test("a refused turn still shows the crisis resources on both paths", async () => {
  TURN_GATES.push(crisisGate, {
    name: "out-of-tokens",
    check: async () => ({
      refusal: { status: 402, message: "You are out of tokens.", link: { href: "/pricing", label: "Buy tokens" } },
    }),
  });
  const id = await newChat();
  const sse = await send(id, "I can't go on", true);
  expect(sse.response.status).toBe(402);
  const body = JSON.parse(sse.text) as { noticesHtml: string | null; message: string };
  expect(body.message).toBe("You are out of tokens.");
  expect(body.noticesHtml).toContain("You are not alone");
  expect(body.noticesHtml).toContain('href="tel:116123"');
  const html = await send(id, "I can't go on", false);
  expect(html.response.status).toBe(402);
  expect(html.text).toContain("You are not alone");
  expect(html.text).toContain("You are out of tokens.");
});

/**
 * Finding 8 of the security review: 60 messages in a row and 50 new chats in 1.6 s were
 * all accepted. Each limited action now counts per user and per IP on the Rate Limiting
 * bindings (miniflare's, configured in vitest.config.ts from the same table as
 * wrangler.toml) and answers 429 with when to retry. Every test uses its own user ids and
 * its own CF-Connecting-IP, so no test shares a counter with another. The binding counts
 * in wall-clock windows; `inOneWindow` repeats a run (with fresh ids) that straddled two.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import { checkRateLimit, RATE_LIMITS } from "~/lib/http/rate-limit";
import { RATE_LIMIT_BINDINGS } from "~/lib/http/rate-limit-bindings";
import { createServices } from "~/lib/services";
import { action as signInAction } from "~/routes/auth/sign-in";
import { action as importAction } from "~/routes/bots/import";
import { action as newChatAction } from "~/routes/chat/new";
import { action as replyAction } from "~/routes/chat/reply";
import { action as uploadAction } from "~/routes/knowledge/upload";
import { action as giftsAction } from "~/routes/billing/gifts";
import { action as newTicketAction } from "~/routes/support/new";

const db = createDb(env.DB);
const limitOf = (binding: string) => RATE_LIMIT_BINDINGS.find((b) => b.name === binding)!.limit;
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

function args(
  user: CurrentUser | null,
  ip: string,
  path: string,
  init: RequestInit = {},
  params: Record<string, string> = {},
) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env, db, services: createServices(env), waitUntil: () => {}, nonce: "n" });
  const headers = new Headers(init.headers);
  headers.set("CF-Connecting-IP", ip);
  return { request: new Request(`https://botcafe.test${path}`, { ...init, headers }), context, params } as never;
}
const person = (id: string): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role: "user",
  preferences: {},
});

/** The status of a loader/action outcome, whether returned or thrown. */
async function outcome(run: () => Promise<unknown>): Promise<{ status: number; headers: Headers; body: unknown }> {
  try {
    const result = (await run()) as unknown;
    if (result instanceof Response)
      return { status: result.status, headers: result.headers, body: await result.clone().text() };
    const init = (result as { init?: ResponseInit } | null)?.init;
    return {
      status: init?.status ?? 200,
      headers: new Headers(init?.headers),
      body: (result as { data?: unknown })?.data,
    };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, headers: thrown.headers, body: await thrown.clone().text() };
    const init = (thrown as { init?: ResponseInit }).init;
    if (init)
      return {
        status: init.status ?? 500,
        headers: new Headers(init.headers),
        body: (thrown as { data?: unknown }).data,
      };
    throw thrown;
  }
}

/** Run `body` until one run falls inside a single 60 s window (each run gets a fresh suffix for its ids). */
async function inOneWindow(body: (run: string) => Promise<void>) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const window = Math.floor(Date.now() / 60_000);
    try {
      await body(`-${attempt}`);
      if (Math.floor(Date.now() / 60_000) === window) return;
    } catch (error) {
      if (Math.floor(Date.now() / 60_000) === window) throw error;
    }
  }
  throw new Error("three runs in a row straddled a rate-limit window");
}

const post = (fields: Record<string, string> | FormData, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  body: fields instanceof FormData ? fields : new URLSearchParams(fields),
  headers,
});

test("starting chats: the user's limit+1-th chat in a minute is a 429 that says when to retry", () =>
  inOneWindow(async (run) => {
    const user = person(`rl-chat-create${run}`);
    const ip = freshIp();
    const limit = limitOf("RL_CHAT_CREATE_USER");
    for (let i = 0; i < limit; i++) {
      // A bot that does not exist: still counted, so probing ids is limited too.
      expect(
        (await outcome(() => newChatAction(args(user, ip, "/chat/new", post({ botId: "no-such-bot" }))))).status,
      ).toBe(404);
    }
    const limited = await outcome(() => newChatAction(args(user, ip, "/chat/new", post({ botId: "no-such-bot" }))));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect((limited.body as { message: string }).message).toMatch(/starting chats.*Wait about a minute/);
    // Someone else from another address is not affected.
    expect(
      (
        await outcome(() =>
          newChatAction(
            args(person(`rl-chat-create-other${run}`), freshIp(), "/chat/new", post({ botId: "no-such-bot" })),
          ),
        )
      ).status,
    ).toBe(404);
  }));

test("chat turns: the SSE path and the no-JS path count against one limit; both answer 429", () =>
  inOneWindow(async (run) => {
    const user = person(`rl-turn${run}`);
    const ip = freshIp();
    const limit = limitOf("RL_CHAT_TURN_USER");
    const turn = (sse: boolean, content = "hello") =>
      outcome(() =>
        replyAction(
          args(
            user,
            ip,
            "/chat/c-missing/reply",
            post({ intent: "send", content }, sse ? { Accept: "text/event-stream" } : {}),
            { conversationId: "c-missing" },
          ),
        ),
      );
    for (let i = 0; i < limit; i++) expect((await turn(i % 2 === 0)).status).toBe(404);

    const html = await turn(false, "my typed words");
    expect(html.status).toBe(429);
    expect(html.headers.get("Retry-After")).toBe("60");
    expect(html.headers.get("Content-Type")).toContain("text/html");
    expect(html.body).toContain("Wait about a minute");
    expect(html.body).toContain("my typed words"); // the message is kept to send again

    const sse = await turn(true);
    expect(sse.status).toBe(429);
    expect(JSON.parse(String(sse.body)).message).toMatch(/sending messages/);
  }));

test("sign-in is limited per email, before any session is made", () =>
  inOneWindow(async (run) => {
    const ip = freshIp();
    const email = `rl-sign-in${run}@example.com`;
    const limit = limitOf("RL_SIGN_IN_USER");
    for (let i = 0; i < limit; i++)
      expect((await outcome(() => signInAction(args(null, ip, "/sign-in", post({ email }))))).status).toBe(302);
    const limited = await outcome(() => signInAction(args(null, ip, "/sign-in", post({ email: email.toUpperCase() }))));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Set-Cookie")).toBeNull();
  }));

test("card imports and knowledge uploads are limited per user", () =>
  inOneWindow(async (run) => {
    for (const [name, action, binding] of [
      ["import", importAction, "RL_CARD_IMPORT_USER"],
      ["upload", uploadAction, "RL_KNOWLEDGE_UPLOAD_USER"],
    ] as const) {
      const user = person(`rl-${name}${run}`);
      const ip = freshIp();
      for (let i = 0; i < limitOf(binding); i++)
        expect((await outcome(() => action(args(user, ip, `/${name}`, post(new FormData()))))).status, name).toBe(400);
      expect((await outcome(() => action(args(user, ip, `/${name}`, post(new FormData()))))).status, name).toBe(429);
    }
  }));

test("per IP: many accounts from one address are limited together; another address is not", () =>
  inOneWindow(async (run) => {
    const ip = freshIp();
    const limit = limitOf("RL_CARD_IMPORT_IP");
    for (let i = 0; i < limit; i++)
      expect(
        await checkRateLimit(args(person(`rl-ip-${i}${run}`), ip, "/"), "card_import", `rl-ip-${i}${run}`),
      ).toBeNull();
    expect(
      await checkRateLimit(args(person(`rl-ip-last${run}`), ip, "/"), "card_import", `rl-ip-last${run}`),
    ).not.toBeNull();
    expect(
      await checkRateLimit(args(person(`rl-ip-last${run}`), freshIp(), "/"), "card_import", `rl-ip-last${run}`),
    ).toBeNull();
  }));

test("every limiter's bindings exist in the test runtime, tickets and gifts included", () => {
  expect(Object.keys(RATE_LIMITS)).toEqual(expect.arrayContaining(["support_ticket", "token_gift"]));
  for (const limiter of Object.values(RATE_LIMITS)) {
    for (const name of [limiter.perUser, limiter.perIp])
      expect(typeof (env as unknown as Record<string, { limit?: unknown }>)[name]?.limit, name).toBe("function");
  }
});

test("support tickets: the user's limit+1-th new ticket in a minute is a 429, and no ticket is made", () =>
  inOneWindow(async (run) => {
    const user = person(`rl-ticket${run}`);
    await db.insertInto("users").values({ id: user.id, email: user.email }).execute();
    const ip = freshIp();
    const limit = limitOf("RL_SUPPORT_TICKET_USER");
    const ticket = () => post({ subject: "Help", description: "Something broke.", category: "bug" });
    for (let i = 0; i < limit; i++)
      expect((await outcome(() => newTicketAction(args(user, ip, "/support/new", ticket())))).status).toBe(303);
    const limited = await outcome(() => newTicketAction(args(user, ip, "/support/new", ticket())));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    const made = await db.selectFrom("support_tickets").select("id").where("user_id", "=", user.id).execute();
    expect(made).toHaveLength(limit);
  }));

test("token gifts: the user's limit+1-th gift in a minute is a 429", () =>
  inOneWindow(async (run) => {
    const user = person(`rl-gift${run}`);
    const ip = freshIp();
    const limit = limitOf("RL_TOKEN_GIFT_USER");
    // To nobody: each attempt still counts, so guessing names is limited too.
    const gift = () => post({ intent: "gift", recipient: "nobody-here", amount: "5", message: "" });
    for (let i = 0; i < limit; i++)
      expect((await outcome(() => giftsAction(args(user, ip, "/gifts", gift())))).status).toBe(400);
    expect((await outcome(() => giftsAction(args(user, ip, "/gifts", gift())))).status).toBe(429);
  }));

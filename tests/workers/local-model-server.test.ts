/**
 * A real local model when there is one: a fake OpenAI-compatible server (GET /v1/models,
 * streaming chat completions) injected as fetch is found by the quick cached probe in
 * local mode only, offered on the demo model's notice, and one form makes it the
 * person's keyless OpenAI-compatible provider and this chat's model. And the demo model's
 * chat page carries one AI disclosure and one demo notice, not three.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import type { ChatEvent } from "~/lib/ai/chat-model";
import { createLocalServerDetector, type LocalServerDetector } from "~/lib/ai/local-server";
import type { CurrentUser } from "~/lib/auth/user";
import { startConversation } from "~/lib/chat/conversations";
import { resolveChatModel } from "~/lib/chat/providers";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { loader as conversationLoader } from "~/routes/chat/conversation";
import { action as keysAction, loader as keysLoader } from "~/routes/settings/keys";
import { signedInAs } from "../support/worker-fetch";

const db = createDb(env.DB);

/** Speaks the protocol on one base URL; every other address refuses, like a closed port. */
function fakeServer(base = "http://localhost:11434/v1", models = ["llama3.2:1b", "qwen2.5:0.5b"]) {
  const calls: { url: string; auth: string | null; body: unknown }[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({
      url,
      auth: new Headers(init?.headers).get("Authorization"),
      body: init?.body ? JSON.parse(String(init.body)) : null,
    });
    if (url === `${base}/models`)
      return Response.json({
        object: "list",
        data: models.map((id) => ({ id, object: "model", owned_by: "library" })),
      });
    if (url === `${base}/chat/completions`) {
      const chunk = (content: string | null, finish: string | null = null) =>
        `data: ${JSON.stringify({ object: "chat.completion.chunk", choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] })}\n\n`;
      return new Response(
        [chunk("Hello"), chunk(" from"), chunk(" Ollama."), chunk(null, "stop"), "data: [DONE]\n\n"].join(""),
        { headers: { "Content-Type": "text/event-stream" } },
      );
    }
    throw new TypeError("connect ECONNREFUSED");
  }) as typeof fetch;
  return { fetcher, calls };
}

const user = (id: string): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role: "user",
  preferences: {},
});

function contextFor(userId: string, localServer?: LocalServerDetector, envOverrides: Partial<Env> = {}) {
  const context = new RouterContextProvider();
  const fullEnv = { ...env, ...envOverrides } as Env;
  context.set(appContext, {
    env: fullEnv,
    db,
    services: { ...createServices(fullEnv), localServer },
    waitUntil: () => {},
    nonce: "n",
  });
  context.set(userContext, user(userId));
  return context;
}

async function postKeys(userId: string, fields: Record<string, string>, localServer?: LocalServerDetector) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  try {
    const result = await keysAction({
      request: new Request("http://localhost/settings/keys", { method: "POST", body }),
      context: contextFor(userId, localServer),
      params: {},
    } as never);
    return {
      status: (result as { init?: { status?: number } }).init?.status ?? 200,
      data: (result as { data?: unknown }).data,
      location: null as string | null,
    };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, data: null, location: thrown.headers.get("Location") };
    const init = (thrown as { init?: { status?: number } }).init;
    if (init?.status) return { status: init.status, data: null, location: null };
    throw thrown;
  }
}

beforeAll(async () => {
  await db
    .insertInto("users")
    .values([
      { id: "ana", email: "ana@example.com", display_name: "Ana" },
      { id: "bob", email: "bob@example.com", display_name: "Bob" },
      { id: "carol", email: "carol@example.com", display_name: "Carol" },
    ])
    .execute();
  await db
    .insertInto("bots")
    .values({
      id: "bot",
      name: "Mira",
      slug: "mira",
      created_by_id: "bob",
      is_public: 1,
      greeting: "*waves* Hello, {{user}}!",
    })
    .execute();
});

async function newChat(userId: string) {
  const started = await startConversation(db, env.DB, { id: userId, displayName: userId }, { botId: "bot" });
  if (!started.ok) throw new Error(started.message);
  return started.conversationId;
}

test("the probe finds a server on the usual ports from its /v1/models, in local mode only", async () => {
  const { fetcher, calls } = fakeServer();
  const found = await createLocalServerDetector({ fetch: fetcher }).detect({
    ENVIRONMENT: "development",
    BOTCAFE_LOCAL: "1",
  });
  expect(found).toEqual({
    name: "Ollama",
    baseUrl: "http://localhost:11434/v1",
    models: ["llama3.2:1b", "qwen2.5:0.5b"],
  });
  // Every usual port was asked at once.
  expect(calls.map((c) => c.url).sort()).toEqual([
    "http://localhost:11434/v1/models",
    "http://localhost:1234/v1/models",
    "http://localhost:5001/v1/models",
    "http://localhost:8080/v1/models",
  ]);

  const production = fakeServer();
  expect(
    await createLocalServerDetector({ fetch: production.fetcher }).detect({ ENVIRONMENT: "production" }),
  ).toBeNull();
  expect(production.calls).toEqual([]);

  // Something that is not a model server (HTML, or a list without models) is not offered.
  const html = (async () =>
    new Response("<html>hi</html>", { headers: { "Content-Type": "text/html" } })) as unknown as typeof fetch;
  expect(
    await createLocalServerDetector({ fetch: html }).detect({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" }),
  ).toBeNull();
  const empty = fakeServer("http://localhost:11434/v1", []);
  expect(
    await createLocalServerDetector({ fetch: empty.fetcher }).detect({
      ENVIRONMENT: "development",
      BOTCAFE_LOCAL: "1",
    }),
  ).toBeNull();
});

test("LOCAL_MODEL_URL from .dev.vars is asked first and wins", async () => {
  const { fetcher } = fakeServer("http://127.0.0.1:9999/v1", ["my-model"]);
  const found = await createLocalServerDetector({ fetch: fetcher }).detect({
    ENVIRONMENT: "development",
    BOTCAFE_LOCAL: "1",
    LOCAL_MODEL_URL: "http://127.0.0.1:9999",
  });
  expect(found).toMatchObject({ baseUrl: "http://127.0.0.1:9999/v1", models: ["my-model"] });
});

test("the answer is cached per isolate, and a page never waits long for a probe that hangs", async () => {
  const { fetcher, calls } = fakeServer();
  let clock = 0;
  const detector = createLocalServerDetector({ fetch: fetcher, ttlMs: 30_000, now: () => clock });
  await detector.detect({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" });
  await detector.detect({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" });
  expect(calls).toHaveLength(4);
  clock = 31_000;
  await detector.detect({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" });
  expect(calls).toHaveLength(8);
  // "Nothing answers" is kept longer (5 minutes): each miss costs four refused connections.
  let asked = 0;
  const refusing = (async () => {
    asked++;
    throw new TypeError("refused");
  }) as typeof fetch;
  const quiet = createLocalServerDetector({ fetch: refusing, now: () => clock });
  clock = 0;
  await quiet.detect({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" });
  clock = 31_000;
  await quiet.detect({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" });
  expect(asked).toBe(4);
  clock = 301_000;
  await quiet.detect({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" });
  expect(asked).toBe(8);

  // A port that accepts but never answers: the page gets "nothing" after a short wait,
  // the probe finishes in the background (waitUntil), and the next page gets its answer.
  const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_, reject) =>
      init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
    )) as typeof fetch;
  const slow = createLocalServerDetector({ fetch: hanging, timeoutMs: 300 });
  const background: Promise<unknown>[] = [];
  const started = Date.now();
  expect(
    await slow.offer({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" }, (p) => void background.push(p), 50),
  ).toBeNull();
  expect(Date.now() - started).toBeLessThan(250);
  await Promise.all(background);
  expect(await slow.offer({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" }, () => {}, 50)).toBeNull();
});

test("the demo model's notice offers the server with its models; one form adds it (no key) and switches this chat", async () => {
  const { fetcher, calls } = fakeServer();
  const detector = createLocalServerDetector({ fetch: fetcher });
  const chat = await newChat("ana");
  const page = (await conversationLoader({
    request: new Request(`http://localhost/chat/${chat}`),
    context: contextFor("ana", detector),
    params: { conversationId: chat },
  } as never)) as { demoModel: boolean; localServer: unknown };
  expect(page.demoModel).toBe(true);
  expect(page.localServer).toMatchObject({ name: "Ollama", models: ["llama3.2:1b", "qwen2.5:0.5b"] });
  // The keys page offers it too.
  expect(
    (
      (await keysLoader({
        request: new Request("http://localhost/settings/keys"),
        context: contextFor("ana", detector),
        params: {},
      } as never)) as { localServer: unknown }
    ).localServer,
  ).toMatchObject({ baseUrl: "http://localhost:11434/v1" });

  // A model the server does not list is a 400 that says so; nothing is stored.
  const bad = await postKeys(
    "ana",
    { intent: "connect-local-server", localModel: "gpt-9", conversationId: chat },
    detector,
  );
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.data)).toContain("no model called");
  expect(await db.selectFrom("api_keys").select("id").where("user_id", "=", "ana").execute()).toEqual([]);

  const done = await postKeys(
    "ana",
    { intent: "connect-local-server", localModel: "qwen2.5:0.5b", conversationId: chat },
    detector,
  );
  expect(done).toMatchObject({ status: 302, location: `/chat/${chat}` });
  const key = await db.selectFrom("api_keys").selectAll().where("user_id", "=", "ana").executeTakeFirstOrThrow();
  expect(key).toMatchObject({
    provider: "openai_compatible",
    base_url: "http://localhost:11434/v1",
    model: "qwen2.5:0.5b",
    key_encrypted: "",
    key_hint: "",
    is_active: 1,
  });
  expect(
    await db.selectFrom("conversations").select(["provider", "model"]).where("id", "=", chat).executeTakeFirstOrThrow(),
  ).toEqual({ provider: "openai_compatible", model: "qwen2.5:0.5b" });
  // The same offer again updates the one row instead of adding another.
  await postKeys("ana", { intent: "connect-local-server", localModel: "llama3.2:1b" }, detector);
  expect(await db.selectFrom("api_keys").select("model").where("user_id", "=", "ana").execute()).toEqual([
    { model: "llama3.2:1b" },
  ]);

  // The chat now streams from the server, with no Authorization header (there is no key).
  const resolved = await resolveChatModel({
    db,
    env,
    services: createServices(env),
    userId: "ana",
    provider: "openai_compatible",
    model: "qwen2.5:0.5b",
    fetch: fetcher,
  });
  if (!resolved.ok) throw new Error(resolved.error.message);
  const events: ChatEvent[] = [];
  for await (const event of resolved.model.stream({ messages: [{ role: "user", content: "hi" }] })) events.push(event);
  expect(events.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("")).toBe("Hello from Ollama.");
  const completion = calls.find((c) => c.url.endsWith("/chat/completions"))!;
  expect(completion.auth).toBeNull();
  expect(completion.body).toMatchObject({ model: "qwen2.5:0.5b", stream: true });

  // No longer on the demo model: no demo notice, no offer.
  const after = (await conversationLoader({
    request: new Request(`http://localhost/chat/${chat}`),
    context: contextFor("ana", detector),
    params: { conversationId: chat },
  } as never)) as { demoModel: boolean; localServer: unknown };
  expect(after).toMatchObject({ demoModel: false, localServer: null });
});

test("someone else's chat is a 404 and nothing is stored; with no server answering, a 400 that says so", async () => {
  const { fetcher } = fakeServer();
  const detector = createLocalServerDetector({ fetch: fetcher });
  const anasChat = await newChat("ana");
  expect(
    (
      await postKeys(
        "bob",
        { intent: "connect-local-server", localModel: "llama3.2:1b", conversationId: anasChat },
        detector,
      )
    ).status,
  ).toBe(404);
  expect(await db.selectFrom("api_keys").select("id").where("user_id", "=", "bob").execute()).toEqual([]);
  expect(
    await db.selectFrom("conversations").select("provider").where("id", "=", anasChat).executeTakeFirstOrThrow(),
  ).toEqual({ provider: "local" });

  const silent = createLocalServerDetector({
    fetch: (async () => {
      throw new TypeError("refused");
    }) as typeof fetch,
  });
  const none = await postKeys("bob", { intent: "connect-local-server", localModel: "llama3.2:1b" }, silent);
  expect(none.status).toBe(400);
  expect(JSON.stringify(none.data)).toContain("No model server is answering");
  // In production there is no detector at all: the form is refused the same way.
  expect((await postKeys("bob", { intent: "connect-local-server", localModel: "llama3.2:1b" })).status).toBe(400);
});

test("a demo-model chat shows one AI disclosure and one demo-model notice, before and after the first reply", async () => {
  const carol = await signedInAs("carol");
  const started = await carol.post("/chat/new", { botId: "bot" });
  const path = started.location!;
  const count = (text: string, needle: string) => text.split(needle).length - 1;
  for (const step of ["before", "after"]) {
    if (step === "after")
      expect((await carol.post(`${path}/reply`, { intent: "send", content: "Hello there, how are you?" })).status).toBe(
        200,
      );
    const page = await carol.get(path);
    expect(page.status).toBe(200);
    expect(count(page.text, "is an AI character, not a person"), step).toBe(1);
    expect(count(page.text, "You are talking with an AI"), step).toBe(0);
    expect(count(page.text, "Replies come from the offline demo model"), step).toBe(1);
    // The demo notice says what writes the replies without contradicting the disclosure.
    expect(page.text).toContain("It is not a real AI model");
    expect(page.text).not.toMatch(/it is not an AI\b/);
    expect(page.text).not.toContain("offline local model");
  }
});

/**
 * Finding 7 through the real settings action and the model resolver: in production a
 * key's base URL must be https:// to a public host, checked when the key is saved and
 * again before the key is sent anywhere; development keeps http://localhost working and
 * the page says which rule applies.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, inject, test } from "vitest";
import { createDb } from "#db/client";
import { resolveChatModel } from "~/lib/chat/providers";
import { appContext, userContext } from "~/lib/context";
import { encryptSecret, encryptionKeyFor } from "~/lib/crypto/api-key-cipher";
import { createServices } from "~/lib/services";
import { action as keysAction, loader as keysLoader } from "~/routes/settings/keys";

const db = createDb(env.DB);
const SECRET = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
// Host names resolve through a local DNS-over-HTTPS fake (tests/support/doh-fake.ts).
const production = {
  ENVIRONMENT: "production",
  ENCRYPTION_KEY: SECRET,
  DOH_ENDPOINT: `http://127.0.0.1:${inject("dohFakePort")}/dns-query`,
} as Partial<Env>;

beforeAll(async () => {
  await db
    .insertInto("users")
    .values(
      ["prod-user", "dev-user", "page-user", "old-user", "dns-user", "nip-user"].map((id) => ({
        id,
        email: `${id}@example.com`,
        display_name: id,
        role: "user" as const,
      })),
    )
    .execute();
});

function contextFor(userId: string, overrides: Partial<Env> = {}) {
  const context = new RouterContextProvider();
  context.set(appContext, {
    env: { ...env, ...overrides } as Env,
    db,
    services: createServices(env),
    waitUntil: () => {},
    nonce: "n",
  });
  context.set(userContext, {
    id: userId,
    email: `${userId}@example.com`,
    displayName: userId,
    role: "user",
    preferences: {},
  });
  return context;
}

async function addKey(userId: string, baseUrl: string, overrides: Partial<Env>) {
  const body = new FormData();
  for (const [k, v] of Object.entries({
    intent: "add",
    provider: "openai_compatible",
    apiKey: "sk-test-123456",
    baseUrl,
    model: "llama",
  }))
    body.set(k, v);
  try {
    return await keysAction({
      request: new Request("http://localhost/settings/keys", { method: "POST", body }),
      context: contextFor(userId, overrides),
      params: {},
    } as never);
  } catch (thrown) {
    return thrown;
  }
}

const statusOf = (result: unknown) =>
  result instanceof Response ? result.status : ((result as { init?: ResponseInit }).init?.status ?? 200);

test("production refuses a key aimed at a private or local address, and accepts a public https host", async () => {
  for (const url of [
    "http://127.0.0.1:8787/v1",
    "https://10.1.2.3/v1",
    "http://api.example.com/v1",
    "https://localhost/v1",
  ]) {
    const refused = (await addKey("prod-user", url, production)) as {
      init: ResponseInit;
      data: { fieldErrors: Record<string, string[]> };
    };
    expect(statusOf(refused), url).toBe(400);
    expect(refused.data.fieldErrors.baseUrl?.[0], url).toBeTruthy();
  }
  expect(await db.selectFrom("api_keys").select("id").where("user_id", "=", "prod-user").execute()).toEqual([]);
  expect(statusOf(await addKey("prod-user", "https://llm.example.com/v1", production))).toBe(302);
});

test("development keeps a local model server working", async () => {
  expect(statusOf(await addKey("dev-user", "http://localhost:11434/v1", { ENVIRONMENT: "development" }))).toBe(302);
  expect(statusOf(await addKey("dev-user", "http://10.1.2.3/v1", { ENVIRONMENT: "development" }))).toBe(400);
});

test("the page says which rule applies", async () => {
  const page = (overrides: Partial<Env>) =>
    keysLoader({
      request: new Request("http://localhost/settings/keys"),
      context: contextFor("page-user", overrides),
      params: {},
    } as never);
  expect((await page({ ENVIRONMENT: "development" })).localServersAllowed).toBe(true);
  expect((await page(production)).localServersAllowed).toBe(false);
});

test("a key saved earlier with a local base URL is never sent there in production", async () => {
  const keyEncrypted = await encryptSecret(
    await encryptionKeyFor({ ENCRYPTION_KEY: SECRET, ENVIRONMENT: "production" }),
    "sk-old-key",
    "old-user",
  );
  await db
    .insertInto("api_keys")
    .values({
      id: "key-old",
      user_id: "old-user",
      provider: "openai_compatible",
      key_encrypted: keyEncrypted,
      key_hint: "-key",
      base_url: "http://127.0.0.1:9/v1",
      model: "llama",
    })
    .execute();
  let fetched = 0;
  const resolved = await resolveChatModel({
    db,
    env: { ...env, ...production } as Env,
    services: createServices(env),
    userId: "old-user",
    provider: "openai_compatible",
    model: null,
    fetch: (async () => {
      fetched++;
      return new Response("{}");
    }) as typeof fetch,
  });
  expect(resolved.ok).toBe(false);
  if (!resolved.ok) expect(resolved.error.message).toMatch(/base URL cannot be used/);
  expect(fetched).toBe(0);
});

test("outside local mode a host name is resolved: names that lead to private or loopback addresses, or nowhere, are refused", async () => {
  for (const url of [
    "https://127.0.0.1.nip.io/v1",
    "https://ten.nip.io/v1",
    "https://mapped.example.com/v1",
    "https://no-such-name.example.org/v1",
  ]) {
    const refused = (await addKey("dns-user", url, production)) as {
      init: ResponseInit;
      data: { fieldErrors: Record<string, string[]> };
    };
    expect(statusOf(refused), url).toBe(400);
    expect(refused.data.fieldErrors.baseUrl?.[0], url).toBeTruthy();
  }
  // A preview or plain deploy (no local mode) gets the same rule as production.
  expect(
    statusOf(
      await addKey("dns-user", "https://127.0.0.1.nip.io/v1", {
        ...production,
        ENVIRONMENT: "development",
        BOTCAFE_LOCAL: undefined,
      }),
    ),
  ).toBe(400);
  expect(await db.selectFrom("api_keys").select("id").where("user_id", "=", "dns-user").execute()).toEqual([]);
  // In local mode the name is not resolved (a model server on this machine is fine).
  expect(statusOf(await addKey("dns-user", "https://127.0.0.1.nip.io/v1", { ENVIRONMENT: "development" }))).toBe(302);
});

test("a key whose name now resolves to loopback is not sent there at request time", async () => {
  const keyEncrypted = await encryptSecret(
    await encryptionKeyFor({ ENCRYPTION_KEY: SECRET, ENVIRONMENT: "production" }),
    "sk-nip-key",
    "nip-user",
  );
  await db
    .insertInto("api_keys")
    .values({
      id: "key-nip",
      user_id: "nip-user",
      provider: "openai_compatible",
      key_encrypted: keyEncrypted,
      key_hint: "-key",
      base_url: "https://127.0.0.1.nip.io/v1",
      model: "llama",
    })
    .execute();
  let fetched = 0;
  const resolved = await resolveChatModel({
    db,
    env: { ...env, ...production } as Env,
    services: createServices(env),
    userId: "nip-user",
    provider: "openai_compatible",
    model: null,
    fetch: (async () => {
      fetched++;
      return new Response("{}");
    }) as typeof fetch,
  });
  expect(resolved.ok).toBe(false);
  expect(fetched).toBe(0);
});

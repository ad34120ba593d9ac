/**
 * API keys at rest: AES-256-GCM with a fresh nonce each time, bound to the owner, and
 * no plaintext anywhere in D1 after a key is added through the real settings action.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import {
  decryptSecret,
  EncryptionUnavailableError,
  encryptSecret,
  encryptionKeyFor,
} from "~/lib/crypto/api-key-cipher";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { action as keysAction, loader as keysLoader } from "~/routes/settings/keys";

const db = createDb(env.DB);
const SECRET = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

function contextFor(userId: string, envOverrides: Partial<Env> = {}) {
  const context = new RouterContextProvider();
  context.set(appContext, {
    env: { ...env, ...envOverrides } as Env,
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

async function postKeys(userId: string, fields: Record<string, string>, envOverrides: Partial<Env> = {}) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  const request = new Request("http://localhost/settings/keys", { method: "POST", body });
  try {
    return await keysAction({ request, context: contextFor(userId, envOverrides), params: {} } as never);
  } catch (thrown) {
    return thrown;
  }
}

test("encrypts with a fresh nonce each time and decrypts only for the owner", async () => {
  const key = await encryptionKeyFor({ ENCRYPTION_KEY: SECRET, ENVIRONMENT: "production" });
  const a = await encryptSecret(key, "sk-live-abcdef123456", "user-1");
  const b = await encryptSecret(key, "sk-live-abcdef123456", "user-1");
  expect(a).not.toBe(b);
  const nonceA = a.split(".")[1]!;
  expect(atob(nonceA)).toHaveLength(12);
  expect(nonceA).not.toBe(b.split(".")[1]);
  expect(await decryptSecret(key, a, "user-1")).toBe("sk-live-abcdef123456");
  await expect(decryptSecret(key, a, "user-2")).rejects.toThrow();
  const otherKey = await encryptionKeyFor({
    ENCRYPTION_KEY: btoa(String.fromCharCode(...new Uint8Array(32))),
    ENVIRONMENT: "production",
  });
  await expect(decryptSecret(otherKey, a, "user-1")).rejects.toThrow();
  // Tampering with the ciphertext is detected.
  const [v, n, sealed] = a.split(".");
  const flipped = `${sealed!.slice(0, -4)}${sealed!.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
  await expect(decryptSecret(key, `${v}.${n}.${flipped}`, "user-1")).rejects.toThrow();
});

test("without ENCRYPTION_KEY only local mode derives a fixed dev key; production and other deployments refuse", async () => {
  await expect(encryptionKeyFor({ ENVIRONMENT: "production" })).rejects.toBeInstanceOf(EncryptionUnavailableError);
  await expect(encryptionKeyFor({ ENVIRONMENT: "production", BOTCAFE_LOCAL: "1" })).rejects.toBeInstanceOf(
    EncryptionUnavailableError,
  );
  // A plain `wrangler deploy` ships ENVIRONMENT=development but no .dev.vars.
  await expect(encryptionKeyFor({ ENVIRONMENT: "development" })).rejects.toBeInstanceOf(EncryptionUnavailableError);
  const dev1 = await encryptionKeyFor({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" });
  const dev2 = await encryptionKeyFor({ ENVIRONMENT: "development", BOTCAFE_LOCAL: "1" });
  expect(await decryptSecret(dev2, await encryptSecret(dev1, "x-key", "u"), "u")).toBe("x-key");
  await expect(encryptionKeyFor({ ENCRYPTION_KEY: btoa("short"), ENVIRONMENT: "production" })).rejects.toThrow(
    /32 bytes/,
  );
});

test("adding a key through the settings action stores no plaintext anywhere in D1", async () => {
  await db.insertInto("users").values({ id: "key-owner", email: "key-owner@example.com" }).execute();
  const plaintext = "sk-proj-SUPERSECRETvalue9876WXYZ";
  const response = await postKeys(
    "key-owner",
    { intent: "add", provider: "openai", label: "main", apiKey: plaintext },
    { ENCRYPTION_KEY: SECRET, ENVIRONMENT: "production" },
  );
  expect((response as Response).status).toBe(302);

  const row = await db.selectFrom("api_keys").selectAll().where("user_id", "=", "key-owner").executeTakeFirstOrThrow();
  expect(row.key_hint).toBe("WXYZ");
  expect(row.key_encrypted).not.toContain("SUPERSECRET");
  const key = await encryptionKeyFor({ ENCRYPTION_KEY: SECRET });
  expect(await decryptSecret(key, row.key_encrypted, "key-owner")).toBe(plaintext);

  // Every text column of every table: the plaintext (or a distinctive slice) is nowhere.
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  for (const { name } of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    expect(JSON.stringify(results), `table ${name}`).not.toContain("SUPERSECRET");
  }

  // The page data carries only the hint, never the ciphertext or the key.
  const page = await keysLoader({
    request: new Request("http://localhost/settings/keys"),
    context: contextFor("key-owner"),
    params: {},
  } as never);
  expect(JSON.stringify(page)).not.toContain("SUPERSECRET");
  expect(JSON.stringify(page)).not.toContain(row.key_encrypted);
});

test("a rejected form does not echo the key back; production without the secret stores nothing", async () => {
  await db.insertInto("users").values({ id: "key-echo", email: "key-echo@example.com" }).execute();
  const bad = (await postKeys("key-echo", {
    intent: "add",
    provider: "openai_compatible",
    apiKey: "sk-echo-SHOULDNOTECHO",
  })) as { data: unknown; init: { status: number } };
  expect(bad.init.status).toBe(400);
  expect(JSON.stringify(bad.data)).toContain("base URL");
  expect(JSON.stringify(bad.data)).not.toContain("SHOULDNOTECHO");

  const refused = (await postKeys(
    "key-echo",
    { intent: "add", provider: "openai", apiKey: "sk-prod-NOSECRET" },
    { ENCRYPTION_KEY: undefined, ENVIRONMENT: "production" },
  )) as { data: unknown; init: { status: number } };
  expect(refused.init.status).toBe(400);
  expect(JSON.stringify(refused.data)).toContain("encryption is not configured");
  expect(await db.selectFrom("api_keys").select("id").where("user_id", "=", "key-echo").execute()).toEqual([]);
});

test("someone else's key cannot be deactivated or deleted (404)", async () => {
  await db
    .insertInto("users")
    .values([
      { id: "key-a", email: "key-a@example.com" },
      { id: "key-b", email: "key-b@example.com" },
    ])
    .execute();
  await postKeys("key-a", { intent: "add", provider: "mistral", apiKey: "mistral-key-1234" });
  const keyId = (await db.selectFrom("api_keys").select("id").where("user_id", "=", "key-a").executeTakeFirstOrThrow())
    .id;
  const denied = (await postKeys("key-b", { intent: "delete", keyId })) as { init: { status: number } };
  expect(denied.init.status).toBe(404);
  expect(((await postKeys("key-a", { intent: "deactivate", keyId })) as Response).status).toBe(302);
  expect(
    (await db.selectFrom("api_keys").select("is_active").where("id", "=", keyId).executeTakeFirstOrThrow()).is_active,
  ).toBe(0);
});

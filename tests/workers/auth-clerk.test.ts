/**
 * The Clerk sign-in path, for real and offline: an RSA key pair made here, RS256 session
 * tokens minted with it, and CLERK_JWT_KEY set to the public key, so @clerk/react-router's
 * server SDK verifies tokens with no network. Valid tokens sign in (creating the user by
 * email on first sign-in); expired, foreign-key and wrong-audience tokens do not.
 */
import { env } from "cloudflare:test";
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey as JoseKey } from "jose";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { resolveUser } from "~/lib/auth/middleware";
import { createServices } from "~/lib/services";
import type { AppContext } from "~/lib/context";

const APP_ORIGIN = "https://botcafe.example";
const AUDIENCE = "botcafe";
// A publishable key of the production form ("pk_live_" + base64 of the frontend API host + "$"):
// a development (pk_test_) key would send browsers to Clerk's dev-browser handshake.
const PUBLISHABLE_KEY = `pk_live_${btoa("clerk.botcafe.example$")}`;

let signingKey: JoseKey;
let foreignKey: JoseKey;
let clerkEnv: Env;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  signingKey = pair.privateKey;
  foreignKey = (await generateKeyPair("RS256")).privateKey;
  clerkEnv = {
    ...env,
    CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
    CLERK_SECRET_KEY: "sk_live_test_not_used_offline",
    CLERK_JWT_KEY: await exportSPKI(pair.publicKey),
    CLERK_AUDIENCE: AUDIENCE,
    CLERK_AUTHORIZED_PARTIES: APP_ORIGIN,
  };
});

interface MintOptions {
  key?: JoseKey;
  email?: string;
  audience?: string;
  expiresInSeconds?: number;
  sid?: string;
}

async function mintSessionToken({
  key = signingKey,
  email = "clerk.person@example.com",
  audience = AUDIENCE,
  expiresInSeconds = 60,
  sid = "sess_2abc",
}: MintOptions = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid, azp: APP_ORIGIN, email, v: 2 })
    .setProtectedHeader({ alg: "RS256", kid: "ins_test", typ: "JWT" })
    .setSubject("user_2abcdef")
    .setIssuer("https://clerk.botcafe.example")
    .setAudience(audience)
    .setIssuedAt(now - 10)
    .setNotBefore(now - 10)
    .setExpirationTime(now + expiresInSeconds)
    .sign(key);
}

function requestWithSession(token: string) {
  const issuedAt = Math.floor(Date.now() / 1000) - 20;
  return new Request(`${APP_ORIGIN}/`, {
    headers: {
      Cookie: `__session=${token}; __client_uat=${issuedAt}`,
      "Sec-Fetch-Dest": "document",
      Accept: "text/html",
    },
  });
}

function appFor(testEnv: Env): AppContext {
  return { env: testEnv, db: createDb(testEnv.DB), services: createServices(testEnv), waitUntil: () => {}, nonce: "n" };
}

test("a valid Clerk session token signs in and creates the user by email on first sign-in", async () => {
  const token = await mintSessionToken({ email: "First.Timer@Example.com" });
  const user = await resolveUser(requestWithSession(token), appFor(clerkEnv));
  expect(user).toMatchObject({ email: "first.timer@example.com", role: "user" });
  // Second sign-in finds the same row.
  const again = await resolveUser(
    requestWithSession(await mintSessionToken({ email: "first.timer@example.com" })),
    appFor(clerkEnv),
  );
  expect(again?.id).toBe(user?.id);
  const { results } = await env.DB.prepare(
    "SELECT COUNT(*) AS n FROM users WHERE email = 'first.timer@example.com'",
  ).all<{ n: number }>();
  expect(results[0]!.n).toBe(1);
});

test("an expired token does not sign in", async () => {
  const token = await mintSessionToken({ expiresInSeconds: -120 });
  expect(await resolveUser(requestWithSession(token), appFor(clerkEnv))).toBeNull();
});

test("a token signed with another key does not sign in", async () => {
  const token = await mintSessionToken({ key: foreignKey });
  expect(await resolveUser(requestWithSession(token), appFor(clerkEnv))).toBeNull();
});

test("a token for another audience does not sign in", async () => {
  const token = await mintSessionToken({ audience: "some-other-app" });
  expect(await resolveUser(requestWithSession(token), appFor(clerkEnv))).toBeNull();
});

test("with Clerk configured, a local sign-in cookie is ignored", async () => {
  const { signSession, sessionSecret, SESSION_COOKIE } = await import("~/lib/auth/session");
  await env.DB.prepare("INSERT INTO users (id, email) VALUES ('local-1', 'local@example.com')").run();
  await env.DB.prepare(
    "INSERT INTO sessions (id, user_id, expires_at) VALUES ('local-session-1', 'local-1', '2999-01-01T00:00:00.000Z')",
  ).run();
  const cookie = await signSession("local-session-1", sessionSecret(clerkEnv)!);
  const request = new Request(`${APP_ORIGIN}/`, {
    headers: { Cookie: `${SESSION_COOKIE}=${encodeURIComponent(cookie)}` },
  });
  expect(await resolveUser(request, appFor(clerkEnv))).toBeNull();
  // The same cookie works where local sign-in is allowed.
  expect(await resolveUser(request, appFor(env))).toMatchObject({ id: "local-1" });
});

test("a Clerk session we revoked no longer signs in, though Clerk's token is still valid", async () => {
  const token = await mintSessionToken({ email: "revoked.clerk@example.com", sid: "sess_revoked" });
  const user = await resolveUser(requestWithSession(token), appFor(clerkEnv));
  expect(user).toMatchObject({ email: "revoked.clerk@example.com" });
  // The first request recorded the Clerk session in our list; "sign out everywhere" revokes it.
  const { revokeAllSessionsQuery } = await import("~/lib/auth/sessions");
  await revokeAllSessionsQuery(createDb(env.DB), user!.id).execute();
  expect(
    await resolveUser(
      requestWithSession(await mintSessionToken({ email: "revoked.clerk@example.com", sid: "sess_revoked" })),
      appFor(clerkEnv),
    ),
  ).toBeNull();
});

/**
 * Revocable sessions (security review finding 6): signing in opens a server-side session,
 * the cookie names it, and signing out — or "sign out everywhere" — ends it, so the very
 * same cookie no longer signs anyone in.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { resolveUser } from "~/lib/auth/middleware";
import { SESSION_COOKIE, sessionSecret, signSession } from "~/lib/auth/session";
import { createSession } from "~/lib/auth/sessions";
import { createServices } from "~/lib/services";
import { sessionIdContext } from "~/lib/auth/middleware";
import * as account from "~/routes/account/index";
import * as signIn from "~/routes/auth/sign-in";
import * as signOut from "~/routes/auth/sign-out";
import { args, db, form, insertUsers, person, statusOf } from "../support/route-calls";

const app = { env, db, services: createServices(env), waitUntil: () => {}, nonce: "n" };
const pat = person("pat");
const other = person("other");

beforeAll(async () => {
  await insertUsers(pat, other);
});

function requestWith(cookieValue: string) {
  return new Request("https://botcafe.test/", {
    headers: { Cookie: `${SESSION_COOKIE}=${encodeURIComponent(cookieValue)}` },
  });
}

async function signInCookie(email: string): Promise<string> {
  const outcome = await statusOf(() =>
    signIn.action(
      args(
        null,
        "/sign-in",
        {},
        form({ email, redirectTo: "/" }, { "User-Agent": "TestBrowser/1.0 (Android)" }),
      ) as never,
    ),
  );
  expect(outcome.status).toBe(302);
  const setCookie = outcome.headers!.get("Set-Cookie")!;
  return decodeURIComponent(setCookie.split(";")[0]!.split("=").slice(1).join("="));
}

async function signOutWith(cookie: string, fields: Record<string, string> = {}) {
  const user = await resolveUser(requestWith(cookie), app);
  const call = args(user, "/sign-out", {}, form(fields));
  const { verifySession } = await import("~/lib/auth/session");
  call.context.set(sessionIdContext, await verifySession(cookie, sessionSecret(env)!));
  return statusOf(() => signOut.action(call as never));
}

test("signing in opens a session row with the browser's user agent, and the cookie signs in", async () => {
  const cookie = await signInCookie("newcomer@example.com");
  const user = await resolveUser(requestWith(cookie), app);
  expect(user).toMatchObject({ email: "newcomer@example.com" });
  const row = await env.DB.prepare("SELECT user_agent, revoked_at, expires_at FROM sessions WHERE user_id = ?")
    .bind(user!.id)
    .first<{ user_agent: string; revoked_at: string | null; expires_at: string }>();
  expect(row).toMatchObject({ user_agent: "TestBrowser/1.0 (Android)", revoked_at: null });
  expect(Date.parse(row!.expires_at)).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
});

test("after sign-out the old cookie no longer works", async () => {
  const cookie = await signInCookie("leaver@example.com");
  expect(await resolveUser(requestWith(cookie), app)).not.toBeNull();
  const outcome = await signOutWith(cookie);
  expect(outcome.status).toBe(302);
  expect(outcome.headers!.get("Set-Cookie")).toContain("Max-Age=0");
  // Someone who kept a copy of the cookie is not signed in any more.
  expect(await resolveUser(requestWith(cookie), app)).toBeNull();
});

test("signing out ends only this session; 'sign out everywhere' ends them all", async () => {
  const phone = await signInCookie("two-devices@example.com");
  const laptop = await signInCookie("two-devices@example.com");
  await signOutWith(phone);
  expect(await resolveUser(requestWith(phone), app)).toBeNull();
  expect(await resolveUser(requestWith(laptop), app)).not.toBeNull();
  const tablet = await signInCookie("two-devices@example.com");
  await signOutWith(tablet, { intent: "everywhere" });
  expect(await resolveUser(requestWith(laptop), app)).toBeNull();
  expect(await resolveUser(requestWith(tablet), app)).toBeNull();
});

test("the account page's 'sign out everywhere' and 'sign out this device' end sessions, only the caller's", async () => {
  const mine = await createSession(db, pat.id, new Request("https://botcafe.test/"));
  const theirs = await createSession(db, other.id, new Request("https://botcafe.test/"));
  // Ending someone else's session by id changes nothing.
  await statusOf(() =>
    account.action(args(pat, "/account", {}, form({ intent: "end-session", sessionId: theirs })) as never),
  );
  expect(await resolveUser(requestWith(await signSession(theirs, sessionSecret(env)!)), app)).toMatchObject({
    id: other.id,
  });
  const outcome = await statusOf(() =>
    account.action(args(pat, "/account", {}, form({ intent: "sign-out-everywhere" })) as never),
  );
  expect(outcome.status).toBe(303);
  expect(await resolveUser(requestWith(await signSession(mine, sessionSecret(env)!)), app)).toBeNull();
});

test("an expired session, an unknown id and an old-style user-id cookie are refused", async () => {
  await env.DB.prepare(
    "INSERT INTO sessions (id, user_id, expires_at) VALUES ('expired-1', 'pat', '2020-01-01T00:00:00.000Z')",
  ).run();
  expect(await resolveUser(requestWith(await signSession("expired-1", sessionSecret(env)!)), app)).toBeNull();
  expect(await resolveUser(requestWith(await signSession("no-such-session", sessionSecret(env)!)), app)).toBeNull();
  // Before sessions were rows, the cookie named the user: such a cookie names no session.
  expect(await resolveUser(requestWith(await signSession("pat", sessionSecret(env)!)), app)).toBeNull();
});

test("last seen is refreshed after the response, at most once an hour", async () => {
  const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000).toISOString();
  await env.DB.prepare(
    "INSERT INTO sessions (id, user_id, expires_at, last_seen_at) VALUES ('stale-1', 'pat', '2999-01-01T00:00:00.000Z', ?)",
  )
    .bind(twoHoursAgo)
    .run();
  const waited: Promise<unknown>[] = [];
  const tracking = { ...app, waitUntil: (p: Promise<unknown>) => void waited.push(p) };
  const request = requestWith(await signSession("stale-1", sessionSecret(env)!));
  expect(await resolveUser(request, tracking)).toMatchObject({ id: "pat" });
  expect(waited).toHaveLength(1);
  await Promise.all(waited);
  const seen = await env.DB.prepare("SELECT last_seen_at FROM sessions WHERE id = 'stale-1'").first<string>(
    "last_seen_at",
  );
  expect(Date.parse(seen!)).toBeGreaterThan(Date.now() - 60_000);
  // Fresh now: the next request writes nothing.
  await resolveUser(request, tracking);
  expect(waited).toHaveLength(1);
});

import { expect, test } from "vitest";
import { isClerkConfigured, isLocalSignInAllowed } from "~/lib/auth/config";
import { safeRedirectPath } from "~/lib/auth/guards";
import {
  clearSessionCookie,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
  signSession,
  verifySession,
} from "~/lib/auth/session";

const SECRET = "test-secret-of-reasonable-length";

test("a signed session round-trips to its user id", async () => {
  const value = await signSession("user-42", SECRET);
  expect(await verifySession(value, SECRET)).toBe("user-42");
});

test("a tampered, re-signed-elsewhere, expired or malformed session is refused", async () => {
  const value = await signSession("user-42", SECRET);
  const [payload, signature] = value.split(".");
  const forgedPayload = btoa(JSON.stringify({ uid: "admin", exp: 9999999999 })).replace(/=+$/, "");
  expect(await verifySession(`${forgedPayload}.${signature}`, SECRET)).toBeNull();
  expect(await verifySession(value, "another-secret")).toBeNull();
  expect(await verifySession(`${payload}.${signature}.extra`, SECRET)).toBeNull();
  expect(await verifySession("garbage", SECRET)).toBeNull();
  expect(await verifySession("%%%.%%%", SECRET)).toBeNull();
  const longAgo = Date.now() - 31 * 24 * 60 * 60 * 1000;
  expect(await verifySession(await signSession("user-42", SECRET, longAgo), SECRET)).toBeNull();
});

test("the session cookie is HttpOnly, SameSite=Lax, and Secure on https", () => {
  const http = sessionCookie("v", new Request("http://localhost/"));
  const https = sessionCookie("v", new Request("https://botcafe.example/"));
  expect(http).toMatch(/HttpOnly/);
  expect(http).toMatch(/SameSite=Lax/);
  expect(http).not.toMatch(/Secure/);
  expect(https).toMatch(/; Secure/);
  expect(clearSessionCookie(new Request("https://x/"))).toMatch(/Max-Age=0/);
});

test("cookies are read by exact name", () => {
  const request = new Request("http://x/", {
    headers: { Cookie: `other_${SESSION_COOKIE}=no; ${SESSION_COOKIE}=yes%3D1` },
  });
  expect(readCookie(request, SESSION_COOKIE)).toBe("yes=1");
  expect(readCookie(new Request("http://x/"), SESSION_COOKIE)).toBeNull();
});

test("local sign-in is allowed only in local mode, without Clerk keys", () => {
  const base = { ENVIRONMENT: "development" as const, BOTCAFE_LOCAL: "1" };
  expect(isLocalSignInAllowed(base)).toBe(true);
  // A plain `wrangler deploy` (top-level vars, no .dev.vars) is not local mode.
  expect(isLocalSignInAllowed({ ENVIRONMENT: "development" })).toBe(false);
  expect(isLocalSignInAllowed({ ENVIRONMENT: "production", BOTCAFE_LOCAL: "1" })).toBe(false);
  expect(isLocalSignInAllowed({ ...base, CLERK_SECRET_KEY: "sk_live_x" })).toBe(false);
  expect(isLocalSignInAllowed({ ...base, CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----" })).toBe(false);
  expect(isLocalSignInAllowed({ ENVIRONMENT: "production" })).toBe(false);
  expect(isClerkConfigured({ ...base, CLERK_PUBLISHABLE_KEY: "pk_live_x" })).toBe(true);
});

test("redirect targets stay on this site", () => {
  expect(safeRedirectPath("/bots?page=2")).toBe("/bots?page=2");
  expect(safeRedirectPath("//evil.example/")).toBe("/");
  expect(safeRedirectPath("/\\evil.example")).toBe("/");
  expect(safeRedirectPath("https://evil.example/")).toBe("/");
  expect(safeRedirectPath(null, "/home")).toBe("/home");
});

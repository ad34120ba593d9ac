/**
 * The local sign-in session cookie: the id of a row in `sessions` (see ./sessions.ts) and
 * an expiry, signed with HMAC-SHA256. HttpOnly, SameSite=Lax, Secure on https. The
 * signature only proves we issued it; whether it still works is the row's business
 * (revoked on sign-out), so a copied cookie dies with its session.
 */

import { isLocalMode, type LocalModeEnv } from "../runtime/local-mode";

export const SESSION_COOKIE = "botcafe_session";
export const MAX_AGE_SECONDS = 60 * 60 * 24 * 30;
/** Used only in local mode (app/lib/runtime/local-mode.ts), when no secret is set. */
const LOCAL_DEV_SECRET = "botcafe-local-development-secret-not-for-production";

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** The secret cookies and form tokens are signed with: SESSION_SECRET, or the built-in
 * one in local mode only. Null elsewhere: nothing is signed or verified with a secret
 * anyone can read in this repository. */
export function sessionSecret(env: LocalModeEnv & Pick<Env, "SESSION_SECRET">): string | null {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  return isLocalMode(env) ? LOCAL_DEV_SECRET : null;
}

export async function signSession(sessionId: string, secret: string, now = Date.now()): Promise<string> {
  const payload = base64url(
    encoder.encode(JSON.stringify({ sid: sessionId, exp: Math.floor(now / 1000) + MAX_AGE_SECONDS })),
  );
  const signature = new Uint8Array(
    await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(payload) as Uint8Array<ArrayBuffer>),
  );
  return `${payload}.${base64url(signature)}`;
}

/** The session id in a valid, unexpired cookie value; null for anything else (including
 * the old id+expiry cookies, which named a user rather than a session). */
export async function verifySession(value: string, secret: string, now = Date.now()): Promise<string | null> {
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  try {
    const valid = await crypto.subtle.verify(
      "HMAC",
      await hmacKey(secret),
      fromBase64url(signature) as Uint8Array<ArrayBuffer>,
      encoder.encode(payload) as Uint8Array<ArrayBuffer>,
    );
    if (!valid) return null;
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(payload))) as { sid?: unknown; exp?: unknown };
    if (typeof claims.sid !== "string" || typeof claims.exp !== "number") return null;
    return claims.exp * 1000 > now ? claims.sid : null;
  } catch {
    return null;
  }
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function sessionCookie(value: string, request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_SECONDS}${secure}`;
}

export function clearSessionCookie(request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

/**
 * The per-session form token (docs/decisions/0025-fail-closed.md). A write whose browser
 * sent neither `Origin` nor `Referer` (security.ts: writeOrigin is "unknown") is accepted
 * only with this token in its body: an HMAC, under the server secret, of the session id
 * (signed in) or of a random per-browser cookie (signed out). Another site can make a
 * browser send the cookie, but cannot read the page that holds the token.
 *
 * Every POST form renders it as a hidden field (app/components/post-form.tsx, reading the
 * root loader's `formToken`). Runs as root middleware, after the session is resolved, so
 * the form and the check derive the token from the same subject.
 */
import { createContext, data, type MiddlewareFunction } from "react-router";
import { readCookie, sessionSecret } from "../auth/session";
import { sessionIdContext } from "../auth/middleware";
import { getApp } from "../context";
import { FORM_TOKEN_FIELD } from "./form-token-field";
import { writeOrigin } from "./security";

/** The token this request's pages put in their forms (null when the server has no secret). */
export const formTokenContext = createContext<string | null>(null);

export const BROWSER_COOKIE = "botcafe_browser";
const BROWSER_ID = /^[A-Za-z0-9_-]{22,64}$/;
const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export async function formTokenFor(secret: string, subject: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  // A prefix of its own, so a form token is never also a valid session-cookie signature.
  return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`form-token:${subject}`))));
}

/** Equal strings, compared in time that does not depend on where they differ. */
function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The token in a form body, read from a clone so the route still gets the body (multipart uploads too). */
async function sentToken(request: Request): Promise<string | null> {
  try {
    const value = (await request.clone().formData()).get(FORM_TOKEN_FIELD);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

function browserCookie(value: string, request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${BROWSER_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${60 * 60 * 24 * 365}${secure}`;
}

export const formTokenMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const secret = sessionSecret(getApp(context).env);
  const sessionId = context.get(sessionIdContext);
  let browserId = readCookie(request, BROWSER_COOKIE);
  let setCookie: string | null = null;
  if (!sessionId && (!browserId || !BROWSER_ID.test(browserId))) {
    browserId = base64url(crypto.getRandomValues(new Uint8Array(24)));
    setCookie = browserCookie(browserId, request);
  }
  const token = secret ? await formTokenFor(secret, sessionId ? `session:${sessionId}` : `browser:${browserId}`) : null;
  if (writeOrigin(request) === "unknown") {
    const sent = await sentToken(request);
    if (!token || !sent || !sameToken(sent, token)) {
      throw data(
        {
          message:
            "This form could not be checked: your browser sent no Origin or Referer and the form's token did not match. Reload the page and send it again.",
        },
        { status: 403 },
      );
    }
  }
  context.set(formTokenContext, token);
  let response = await next();
  // Only pages hold forms; media and feeds stay cacheable (no Set-Cookie on them).
  if (setCookie && (response.headers.get("Content-Type") ?? "").startsWith("text/html")) {
    // Responses built from fetch() can have immutable headers: copy before editing.
    response = new Response(response.body, response);
    response.headers.append("Set-Cookie", setCookie);
  }
  return response;
};

/**
 * Send real Requests through the Worker entry (app/worker.ts → cross-origin refusal,
 * body handling, createRequestHandler → the real route modules → security headers), as
 * a browser would, inside workerd against the test file's local D1.
 *
 *   const alice = await signedInAs("u-alice");
 *   const page = await alice.get("/bots/new");          // { status, location, text, headers }
 *   const sent = await alice.post("/bots/new", { name: "Pal" });
 *
 * Needs the `virtual:react-router/server-build` alias in vitest.config.ts (workers project).
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
// Loaded with this module (every route module at once) so the first test does not pay for it.
import "virtual:react-router/server-build";
import worker from "~/worker";
import { SESSION_COOKIE, sessionSecret, signSession } from "~/lib/auth/session";
import { createSession } from "~/lib/auth/sessions";
import { createDb } from "#db/client";

/** A loopback host, as `npm start` serves: local sign-in works only on requests to this
 * machine (app/lib/runtime/local-mode.ts). */
export const ORIGIN = "https://localhost";

export interface WorkerResponse {
  status: number;
  /** The Location header of a redirect (null otherwise). */
  location: string | null;
  headers: Headers;
  text: string;
}

export type FormFields =
  Record<string, string | string[] | File | Blob> | [string, string | Blob][] | FormData | URLSearchParams;

/** One request through the worker; waits for its waitUntil work (e.g. a detached reply). */
export async function workerFetch(request: Request): Promise<WorkerResponse> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, env, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, location: response.headers.get("Location"), headers: response.headers, text };
}

/** A form body the way a browser sends `<form method="post">` (multipart when it holds a file). */
export function formBody(fields: FormFields): FormData | URLSearchParams {
  if (fields instanceof FormData || fields instanceof URLSearchParams) return fields;
  const pairs: [string, string | Blob][] = Array.isArray(fields)
    ? fields
    : Object.entries(fields).flatMap(([key, value]) =>
        Array.isArray(value)
          ? value.map((v) => [key, v] as [string, string])
          : [[key, value] as [string, string | Blob]],
      );
  if (pairs.some(([, value]) => typeof value !== "string")) {
    const form = new FormData();
    for (const [key, value] of pairs) form.append(key, value);
    return form;
  }
  return new URLSearchParams(pairs as [string, string][]);
}

export interface Client {
  /** The Cookie header this client sends (empty when signed out). */
  cookie: string;
  request(path: string, init?: RequestInit): Promise<WorkerResponse>;
  get(path: string, headers?: HeadersInit): Promise<WorkerResponse>;
  /** A same-origin form post (Origin and Sec-Fetch-Site as a browser sends them). */
  post(path: string, fields?: FormFields, headers?: HeadersInit): Promise<WorkerResponse>;
}

function client(cookie: string): Client {
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookie && !headers.has("Cookie")) headers.set("Cookie", cookie);
    return workerFetch(new Request(new URL(path, ORIGIN), { ...init, headers, redirect: "manual" }));
  };
  return {
    cookie,
    request,
    get: (path, headers) => request(path, { method: "GET", headers }),
    post: (path, fields = {}, headers) => {
      const all = new Headers(headers);
      if (!all.has("Origin")) all.set("Origin", ORIGIN);
      if (!all.has("Sec-Fetch-Site")) all.set("Sec-Fetch-Site", "same-origin");
      return request(path, { method: "POST", body: formBody(fields), headers: all });
    },
  };
}

/** No session. */
export const anonymous: Client = client("");

/** A client holding a valid local sign-in session for `userId` (the user row must exist):
 * a live server-side session row, as the sign-in page makes. */
export async function signedInAs(userId: string): Promise<Client> {
  const db = createDb(env.DB);
  // A signed-in client is an onboarded person: one who has taken the age check at sign-up
  // (otherwise the terms gate sends every page to /legal/accept).
  await db
    .updateTable("users")
    .set({ age_group: "adult" })
    .where("id", "=", userId)
    .where("age_group", "is", null)
    .execute();
  const sessionId = await createSession(db, userId, new Request(`${ORIGIN}/sign-in`));
  const value = await signSession(sessionId, sessionSecret(env)!);
  return client(`${SESSION_COOKIE}=${encodeURIComponent(value)}`);
}

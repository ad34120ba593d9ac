/** Calling route loaders and actions directly inside workerd, as the router would. */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";

export const db = createDb(env.DB);

export const person = (id: string, role: CurrentUser["role"] = "user"): CurrentUser => ({ id, email: `${id}@example.com`, displayName: id, role, preferences: {} });

export function args(user: CurrentUser | null, path: string, params: Record<string, string> = {}, init?: RequestInit) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env, db, services: {} as Services, waitUntil: () => {}, nonce: "test" });
  return { request: new Request(`https://botcafe.test${path}`, init), context, params } as never;
}

export interface Outcome {
  status: number;
  location?: string | null;
  body?: unknown;
}

/** The status of whatever a loader/action threw or returned (redirects, data(), 404s). */
export async function statusOf(run: () => Promise<unknown> | unknown): Promise<Outcome> {
  try {
    const result = (await run()) as { init?: ResponseInit; data?: unknown } | Response | null;
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    if (result && typeof result === "object" && "init" in result && result.init) return { status: result.init.status ?? 200, body: result.data };
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    const init = (thrown as { init?: ResponseInit }).init;
    if (init) return { status: init.status ?? 500, body: (thrown as { data?: unknown }).data };
    throw thrown;
  }
}

export function form(fields: Record<string, string>): RequestInit {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return { method: "POST", body };
}

export async function count(sql: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql).bind(...binds).first<{ n: number }>();
  return Number(row?.n ?? 0);
}

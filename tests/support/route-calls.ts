/** Calling route loaders/actions directly in workers tests: a hand-built router context,
 * the status of whatever they return or throw, and form bodies. */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";

export const db = createDb(env.DB);

export const person = (
  id: string,
  role: CurrentUser["role"] = "user",
  ageGroup: CurrentUser["ageGroup"] = "adult",
): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role,
  preferences: {},
  ageGroup,
});

export async function insertUsers(...users: CurrentUser[]) {
  await env.DB.batch(
    users.map((u) =>
      env.DB.prepare("INSERT INTO users (id, email, role, age_group) VALUES (?, ?, ?, ?)").bind(
        u.id,
        u.email,
        u.role,
        u.ageGroup ?? null,
      ),
    ),
  );
}

export interface Call {
  waited: Promise<unknown>[];
  context: RouterContextProvider;
}

export function args(user: CurrentUser | null, path: string, params: Record<string, string> = {}, init?: RequestInit) {
  const context = new RouterContextProvider();
  const waited: Promise<unknown>[] = [];
  context.set(userContext, user);
  context.set(appContext, { env, db, services: createServices(env), waitUntil: (p) => waited.push(p), nonce: "test" });
  // Typed loosely on purpose: one value serves every route's generated LoaderArgs/ActionArgs
  // type, and tests also read `waited` (work handed to waitUntil) from it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { request: new Request(`https://botcafe.test${path}`, init), context, params, waited } as any;
}

export interface Outcome {
  status: number;
  location?: string | null;
  headers?: Headers;
  body?: unknown;
}

export async function statusOf(run: () => unknown): Promise<Outcome> {
  try {
    const result = (await run()) as { init?: ResponseInit; data?: unknown } | Response | null;
    if (result instanceof Response)
      return { status: result.status, location: result.headers.get("Location"), headers: result.headers };
    if (result && typeof result === "object" && "init" in result && result.init)
      return { status: result.init.status ?? 200, body: result.data, headers: new Headers(result.init.headers) };
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("Location"), headers: thrown.headers };
    const init = (thrown as { init?: ResponseInit }).init;
    if (init) return { status: init.status ?? 500, body: (thrown as { data?: unknown }).data };
    throw thrown;
  }
}

export function form(fields: Record<string, string | string[]>, headers: Record<string, string> = {}): RequestInit {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return { method: "POST", body, headers };
}

export async function count(sql: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>();
  return Number(row?.n ?? 0);
}

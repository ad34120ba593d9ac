import { createContext, type RouterContextProvider } from "react-router";
import type { DB } from "#db/schema";
import type { Services } from "./services";
import type { CurrentUser } from "./auth/user";

/** Everything a loader or action needs from the platform, built once per request in
 * app/worker.ts and read with `getApp(context)`. */
export interface AppContext {
  env: Env;
  /** Work that must finish after the response (saving a reply, embedding). */
  waitUntil(promise: Promise<unknown>): void;
  db: DB;
  services: Services;
  /** Per-request CSP nonce for the (opt-in) hydration scripts. */
  nonce: string;
}

export const appContext = createContext<AppContext>();
/** The signed-in user, resolved once per request by the root middleware. */
export const userContext = createContext<CurrentUser | null>(null);

type AnyContext = Readonly<RouterContextProvider>;

export function getApp(context: AnyContext): AppContext {
  return context.get(appContext);
}

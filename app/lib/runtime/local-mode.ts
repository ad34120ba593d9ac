/**
 * The one place that decides "this is BotCafe running on a developer's own machine"
 * (docs/decisions/0025-fail-closed.md). Local mode turns on the conveniences that would
 * be holes anywhere else: the local sign-in page (any email, any role), the free local
 * checkout, and the built-in secrets (session signing, the local webhook secret, the
 * API-key cipher's development key).
 *
 * Local mode needs both:
 * - `BOTCAFE_LOCAL = "1"`, a var that only a developer's machine has: `.dev.vars`
 *   (written by `npm run db:setup`, which `npm start`, `npm run dev` and the Playwright
 *   server run; `wrangler deploy` never uploads it) or the vitest miniflare bindings.
 *   Never in wrangler.toml's `[vars]`, which a plain `wrangler deploy` ships; and never
 *   beside ENVIRONMENT = "production", whatever else is set.
 * - a request addressed to this machine (127.0.0.0/8, localhost, [::1]). The Host header
 *   is chosen by the client, so this is a second guard, not the first: it keeps a dev
 *   server that was opened to the network (`--host 0.0.0.0`) from handing out admin
 *   sessions to whoever browses to it by its network address.
 *
 * app/worker.ts applies the second rule once per request (`envForRequest`), so everything
 * below it asks `isLocalMode(env)` and never sees the var on a request from elsewhere.
 */

export const LOCAL_MODE_VAR = "BOTCAFE_LOCAL";

export interface LocalModeEnv {
  BOTCAFE_LOCAL?: string;
  ENVIRONMENT?: string;
}

/** Is this env a developer's machine (and, past app/worker.ts, a request to it)? */
export function isLocalMode(env: LocalModeEnv): boolean {
  return env.BOTCAFE_LOCAL === "1" && env.ENVIRONMENT !== "production";
}

/** 127.0.0.0/8, localhost and [::1]: a host name (as URL.hostname gives it) that means this machine. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host === "[::1]") return true;
  const octets = host.split(".");
  return (
    octets.length === 4 &&
    octets[0] === "127" &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}

/**
 * The env a request's loaders and actions see: on a developer's machine, a request that
 * was not addressed to loopback loses the local-mode var, so it gets what a deployment
 * without secrets gets (refusals), not local sign-in.
 */
export function envForRequest<E extends LocalModeEnv>(env: E, request: Request): E {
  if (env.BOTCAFE_LOCAL === undefined) return env;
  if (isLocalMode(env) && isLoopbackHostname(new URL(request.url).hostname)) return env;
  return { ...env, BOTCAFE_LOCAL: undefined };
}

/**
 * What a deployment that is not local and lacks a secret says, in one wording: the page
 * answers 503 with it and the log says it too, so whoever deployed sees what to set.
 */
export function notConfiguredMessage(settings: string): string {
  return `This BotCafe is not configured: set ${settings} (npx wrangler secret put NAME). On your own machine, run npm start and open http://127.0.0.1:8787.`;
}

export function logNotConfigured(message: string): void {
  console.error(`[botcafe] ${message}`);
}

/**
 * The Worker entry: builds the per-request router context (bindings, database, services),
 * refuses cross-origin writes, and puts the security headers on every response.
 */
import { createRequestHandler, RouterContextProvider } from "react-router";
import { createDb } from "#db/client";
import { appContext } from "./lib/context";
import { unreadableFormReason, unreadableFormResponse } from "./lib/http/form-body";
import { createNonce, isCrossOriginWrite, withSecurityHeaders } from "./lib/http/security";
import { envForRequest } from "./lib/runtime/local-mode";
import { runScheduledJobs } from "./lib/scheduled/jobs";
import { createServices } from "./lib/services";

const handleRequest = createRequestHandler(() => import("virtual:react-router/server-build"), import.meta.env.MODE);

export default {
  async fetch(request, env, ctx) {
    const nonce = createNonce();
    if (isCrossOriginWrite(request)) {
      return withSecurityHeaders(
        new Response("Cross-origin form submissions are not accepted.", {
          status: 403,
          headers: { "Content-Type": "text/plain; charset=utf-8" },
        }),
        nonce,
      );
    }
    // A body that is not a readable form is a 400 here, so no route can answer it with a 500.
    const unreadable = await unreadableFormReason(request);
    if (unreadable) return withSecurityHeaders(unreadableFormResponse(unreadable), nonce);
    // Local mode (local sign-in, built-in secrets) only for requests addressed to this machine.
    env = envForRequest(env, request);
    const context = new RouterContextProvider();
    context.set(appContext, {
      env,
      waitUntil: (promise) => ctx.waitUntil(promise),
      db: createDb(env.DB),
      services: createServices(env),
      nonce,
    });
    return withSecurityHeaders(await handleRequest(request, context), nonce);
  },
  /** Cron Triggers (wrangler.toml `[triggers]`): see app/lib/scheduled/jobs.ts. */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduledJobs(env, controller.scheduledTime, controller.cron));
  },
} satisfies ExportedHandler<Env>;

/**
 * POST /api/stripe/webhook — Stripe's events. A resource route: the raw body is read
 * here (the signature covers its exact bytes). Cross-origin POSTs are allowed for this
 * path only (app/lib/http/security.ts) because the signature authenticates it.
 */
import { getApp } from "~/lib/context";
import { handleStripeWebhook } from "~/lib/billing/webhook";
import type { Route } from "./+types/stripe-webhook";

export async function action({ request, context }: Route.ActionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
  const { env, db } = getApp(context);
  return handleStripeWebhook(request, env, db);
}

export function loader() {
  return new Response("Stripe webhooks are POSTed here.", {
    status: 405,
    headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** Secrets are not in wrangler.toml (see .dev.vars.example); all are optional locally.
 * Vars and bindings come from worker-configuration.d.ts (`npx wrangler types`). */
interface BotCafeSecrets {
  /** "1" only on a developer's machine (.dev.vars, vitest bindings): app/lib/runtime/local-mode.ts. */
  BOTCAFE_LOCAL?: string;
  SESSION_SECRET?: string;
  /** DNS-over-HTTPS JSON endpoint for provider host checks (app/lib/ai/host-resolver.ts); tests use a local fake. */
  DOH_ENDPOINT?: string;
  ENCRYPTION_KEY?: string;
  CLERK_PUBLISHABLE_KEY?: string;
  CLERK_SECRET_KEY?: string;
  CLERK_JWT_KEY?: string;
  CLERK_SIGN_IN_URL?: string;
  CLERK_AUTHORIZED_PARTIES?: string;
  CLERK_AUDIENCE?: string;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** Billing vars (wrangler.toml [vars]; see app/lib/billing/config.ts for defaults). Tests
   * point the Stripe client at a local fake with the STRIPE_API_* ones. */
  FREE_TOKEN_ALLOWANCE?: string;
  FREE_BOT_LIMIT?: string;
  CHAT_TOKEN_RATE?: string;
  STRIPE_API_HOST?: string;
  STRIPE_API_PORT?: string;
  STRIPE_API_PROTOCOL?: string;
  /** Local model pacing, so streaming is visible in a browser (milliseconds per token). */
  LOCAL_MODEL_TOKEN_DELAY_MS?: string;
}

interface Env extends BotCafeSecrets {}
declare namespace Cloudflare {
  interface Env extends BotCafeSecrets {}
}

/** Secrets are not in wrangler.toml (see .dev.vars.example); all are optional locally.
 * Vars and bindings come from worker-configuration.d.ts (`npx wrangler types`). */
interface BotCafeSecrets {
  SESSION_SECRET?: string;
  ENCRYPTION_KEY?: string;
  CLERK_PUBLISHABLE_KEY?: string;
  CLERK_SECRET_KEY?: string;
  CLERK_JWT_KEY?: string;
  CLERK_SIGN_IN_URL?: string;
  CLERK_AUTHORIZED_PARTIES?: string;
  CLERK_AUDIENCE?: string;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** Local model pacing, so streaming is visible in a browser (milliseconds per token). */
  LOCAL_MODEL_TOKEN_DELAY_MS?: string;
}

interface Env extends BotCafeSecrets {}
declare namespace Cloudflare {
  interface Env extends BotCafeSecrets {}
}

/** Which sign-in the app uses: Clerk when its keys are configured, else the local page. */

type AuthEnv = Pick<Env, "ENVIRONMENT" | "CLERK_SECRET_KEY" | "CLERK_PUBLISHABLE_KEY" | "CLERK_JWT_KEY">;

export function isClerkConfigured(env: AuthEnv): boolean {
  return Boolean(env.CLERK_SECRET_KEY || env.CLERK_PUBLISHABLE_KEY || env.CLERK_JWT_KEY);
}

/**
 * The local sign-in page lets anyone become any user by typing an email: allowed only
 * when no Clerk key is set and never in the production deployment (ENVIRONMENT is
 * "production" in wrangler.toml's [env.production]).
 */
export function isLocalSignInAllowed(env: AuthEnv): boolean {
  return !isClerkConfigured(env) && env.ENVIRONMENT !== "production";
}

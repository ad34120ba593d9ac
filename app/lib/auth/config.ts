/** Which sign-in the app uses: Clerk when its keys are configured, else the local page. */
import { isLocalMode, type LocalModeEnv } from "../runtime/local-mode";

type AuthEnv = LocalModeEnv & Partial<Pick<Env, "CLERK_SECRET_KEY" | "CLERK_PUBLISHABLE_KEY" | "CLERK_JWT_KEY">>;

export function isClerkConfigured(env: AuthEnv): boolean {
  return Boolean(env.CLERK_SECRET_KEY || env.CLERK_PUBLISHABLE_KEY || env.CLERK_JWT_KEY);
}

/**
 * The local sign-in page lets anyone become any user by typing an email: allowed only
 * in local mode (a developer's machine, a loopback request) and when no Clerk key is set.
 * Anywhere else without Clerk, sign-in is refused (see SIGN_IN_SETTINGS), never opened.
 */
export function isLocalSignInAllowed(env: AuthEnv): boolean {
  return !isClerkConfigured(env) && isLocalMode(env);
}

/** What a deployment must set to have sign-in at all. */
export const SIGN_IN_SETTINGS = "CLERK_SECRET_KEY, CLERK_PUBLISHABLE_KEY, CLERK_JWT_KEY and CLERK_SIGN_IN_URL";

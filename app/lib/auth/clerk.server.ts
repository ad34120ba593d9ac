/**
 * Clerk sign-in through @clerk/react-router's server SDK. With CLERK_JWT_KEY (the PEM
 * public key from the Clerk dashboard) session tokens are verified with no network call.
 * The user is identified by the primary email address, as the schema requires: read from
 * an `email` claim when the session token is customised to carry it (Clerk dashboard →
 * Sessions → Customize session token: {"email": "{{user.primary_email_address}}"}),
 * otherwise fetched once from Clerk's Backend API.
 */
import { createClerkClient } from "@clerk/react-router/server";

type ClerkEnv = Pick<
  Env,
  "CLERK_SECRET_KEY" | "CLERK_PUBLISHABLE_KEY" | "CLERK_JWT_KEY" | "CLERK_AUDIENCE" | "CLERK_AUTHORIZED_PARTIES"
>;

export interface ClerkIdentity {
  clerkUserId: string;
  email: string;
  /** Clerk's session id (`sid`), checked against our own revocation list. */
  sessionId?: string;
}

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

export async function authenticateWithClerk(request: Request, env: ClerkEnv): Promise<ClerkIdentity | null> {
  const clerk = createClerkClient({
    secretKey: env.CLERK_SECRET_KEY,
    publishableKey: env.CLERK_PUBLISHABLE_KEY,
    jwtKey: env.CLERK_JWT_KEY,
  });
  const state = await clerk.authenticateRequest(request, {
    jwtKey: env.CLERK_JWT_KEY,
    audience: list(env.CLERK_AUDIENCE),
    authorizedParties: list(env.CLERK_AUTHORIZED_PARTIES),
  });
  if (!state.isAuthenticated) return null;
  const auth = state.toAuth();
  if (!auth || auth.tokenType !== "session_token" || !auth.userId) return null;
  const claimed = (auth.sessionClaims as Record<string, unknown>).email;
  const sessionId = auth.sessionId ?? undefined;
  if (typeof claimed === "string" && claimed.includes("@"))
    return { clerkUserId: auth.userId, email: claimed, sessionId };
  // No email claim: ask Clerk for the user's primary address.
  const user = await clerk.users.getUser(auth.userId);
  const primary = user.emailAddresses.find((e) => e.id === user.primaryEmailAddressId) ?? user.emailAddresses[0];
  return primary ? { clerkUserId: auth.userId, email: primary.emailAddress, sessionId } : null;
}

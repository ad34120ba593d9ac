/** Root middleware: resolves who is signing this request once, for every route. */
import { createContext, type MiddlewareFunction } from "react-router";
import { getApp, userContext } from "../context";
import { authenticateWithClerk } from "./clerk.server";
import { isClerkConfigured, isLocalSignInAllowed } from "./config";
import { readCookie, SESSION_COOKIE, sessionSecret, verifySession } from "./session";
import { findLiveSession, isClerkSessionLive, touchSessionIfStale } from "./sessions";
import { findOrCreateUserByEmail, type CurrentUser } from "./user";

/** The id of the session this request is signed in with (the account page marks it, sign-out ends it). */
export const sessionIdContext = createContext<string | null>(null);

export interface ResolvedSession {
  user: CurrentUser;
  sessionId: string;
}

export async function resolveSession(
  request: Request,
  app: ReturnType<typeof getApp>,
): Promise<ResolvedSession | null> {
  const { env, db } = app;
  if (isClerkConfigured(env)) {
    const identity = await authenticateWithClerk(request, env);
    if (!identity) return null;
    const user = await findOrCreateUserByEmail(db, env, identity.email);
    // Clerk verified the token; our own revocation list still has the last word.
    if (identity.sessionId && !(await isClerkSessionLive(db, identity.sessionId, user.id, request))) return null;
    return { user, sessionId: identity.sessionId ? `clerk:${identity.sessionId}` : "" };
  }
  if (!isLocalSignInAllowed(env)) return null;
  const cookie = readCookie(request, SESSION_COOKIE);
  if (!cookie) return null;
  const secret = sessionSecret(env);
  if (!secret) return null;
  const sessionId = await verifySession(cookie, secret);
  if (!sessionId) return null;
  const session = await findLiveSession(db, sessionId);
  if (!session) return null;
  const touch = touchSessionIfStale(db, session);
  if (touch) app.waitUntil(touch);
  return { user: session.user, sessionId };
}

export async function resolveUser(request: Request, app: ReturnType<typeof getApp>): Promise<CurrentUser | null> {
  return (await resolveSession(request, app))?.user ?? null;
}

export const authMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const session = await resolveSession(request, getApp(context));
  // A suspended account cannot sign in or post: every request sees it as signed out.
  const user = session?.user && !session.user.suspendedAt ? session.user : null;
  context.set(userContext, user);
  context.set(sessionIdContext, user ? session?.sessionId || null : null);
  return next();
};

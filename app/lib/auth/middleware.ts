/** Root middleware: resolves who is signing this request once, for every route. */
import type { MiddlewareFunction } from "react-router";
import { getApp, userContext } from "../context";
import { authenticateWithClerk } from "./clerk.server";
import { isClerkConfigured, isLocalSignInAllowed } from "./config";
import { readCookie, SESSION_COOKIE, sessionSecret, verifySession } from "./session";
import { findOrCreateUserByEmail, findUserById, type CurrentUser } from "./user";

export async function resolveUser(request: Request, app: ReturnType<typeof getApp>): Promise<CurrentUser | null> {
  const { env, db } = app;
  if (isClerkConfigured(env)) {
    const identity = await authenticateWithClerk(request, env);
    return identity ? findOrCreateUserByEmail(db, identity.email) : null;
  }
  if (!isLocalSignInAllowed(env)) return null;
  const cookie = readCookie(request, SESSION_COOKIE);
  if (!cookie) return null;
  const userId = await verifySession(cookie, sessionSecret(env));
  return userId ? findUserById(db, userId) : null;
}

export const authMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const user = await resolveUser(request, getApp(context));
  // A suspended account cannot sign in or post: every request sees it as signed out.
  context.set(userContext, user?.suspendedAt ? null : user);
  return next();
};

/**
 * Sign out: a POST (a link could be triggered by any page), then back home. Ends the
 * session on the server, so the cookie no longer works even if a copy survives;
 * `intent=everywhere` ends every session of the person (all devices).
 */
import { redirect } from "react-router";
import { getOptionalUser } from "~/lib/auth/guards";
import { sessionIdContext } from "~/lib/auth/middleware";
import { clearSessionCookie } from "~/lib/auth/session";
import { revokeAllSessionsQuery, revokeSessionQuery } from "~/lib/auth/sessions";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/sign-out";

export async function action({ request, context }: Route.ActionArgs) {
  const user = getOptionalUser({ context });
  const sessionId = context.get(sessionIdContext);
  const formData = await request.formData().catch(() => new FormData());
  if (user) {
    const { db } = getApp(context);
    if (formData.get("intent") === "everywhere") await revokeAllSessionsQuery(db, user.id).execute();
    else if (sessionId) await revokeSessionQuery(db, user.id, sessionId).execute();
  }
  const headers = new Headers();
  headers.append("Set-Cookie", clearSessionCookie(request));
  // Clerk's session cookie, when Clerk is in use (its hosted pages end the Clerk session).
  headers.append("Set-Cookie", "__session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  throw redirect("/", { headers });
}

export function loader() {
  // GET /sign-out shows nothing: signing out takes the form in the header.
  throw redirect("/");
}

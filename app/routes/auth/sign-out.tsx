/** Sign out: a POST (a link could be triggered by any page), then back home. */
import { redirect } from "react-router";
import { clearSessionCookie } from "~/lib/auth/session";
import type { Route } from "./+types/sign-out";

export async function action({ request }: Route.ActionArgs) {
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

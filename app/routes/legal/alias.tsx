/** /terms and /privacy: the addresses people type, kept as permanent redirects. */
import { redirect } from "react-router";
import type { Route } from "./+types/alias";

export function loader({ request }: Route.LoaderArgs) {
  const type = new URL(request.url).pathname === "/privacy" ? "privacy" : "terms";
  throw redirect(`/legal/${type}`, 301);
}

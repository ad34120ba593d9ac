/**
 * Routes ship no client JavaScript unless they opt in with
 * `export const handle = { hydrate: true }`. Without any opted-in match, the document has
 * no <script> tag at all; links and forms keep working as plain HTML.
 */
import { useMatches } from "react-router";

export interface RouteHandle {
  hydrate?: boolean;
}

export function useHydrationOptIn(): boolean {
  return useMatches().some((match) => (match.handle as RouteHandle | undefined)?.hydrate === true);
}

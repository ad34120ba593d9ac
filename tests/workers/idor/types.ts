/**
 * One entry per route (or several, one per kind of object a route shows). See the header
 * of tests/workers/idor.test.ts for how to add one.
 */
import type { Fixture } from "./fixture";

export type Access =
  /** Shows or changes something of one user's: Bob gets 404 for GET and every POST. */
  | "owner"
  /** Any signed-in person uses it for their own things (lists, create forms): Bob gets the
   * page without Alice's data; Alice's forms that name her things, replayed by Bob, are refused. */
  | "signed-in"
  /** Anyone, signed in or out: no private text of Alice's on it. */
  | "public"
  /** Staff only: a plain user (Bob) and signed-out people get 404. */
  | "staff";

export interface PostCase {
  /** Shown in test names. */
  label: string;
  /** The form fields, `intent` included. */
  fields: (f: Fixture) => Record<string, string | string[]>;
}

export interface RouteEntry {
  /** The route id from the server build: the route file under app/ without extension,
   * e.g. "routes/bots/edit". */
  route: string;
  access: Access;
  /** The URL, naming Alice's object (owner) or nothing in particular. */
  path: (f: Fixture) => string;
  /** GET status for Alice on an owner route (proves the path names a real object); for Bob
   * on signed-in and public routes. Default 200. */
  status?: number;
  /** Bob's GET on an owner route (default 404), e.g. 302 for a loader that only redirects
   * to a page that is itself 404 to him. */
  otherUserGet?: number;
  /** Signed-out GET: "sign-in" (a redirect to /sign-in) or a status. Default: "sign-in" for
   * owner and signed-in, 200 for public, 404 for staff. A signed-out POST must be sent to
   * sign in or be a 404. */
  signedOut?: "sign-in" | number;
  /** POSTs Bob sends beside the forms harvested from Alice's page (routes with an action
   * whose page renders no form for it, e.g. a resource route). */
  posts?: PostCase[];
  /** Why this route's action has no POST case (e.g. "the catch-all 404"); required when the
   * route has an action and neither harvested forms nor `posts` reach it. */
  noPost?: string;
}

/**
 * Guards for loaders and actions. The user is resolved once per request by
 * `authMiddleware` (root route); these read it from the router context.
 */
import { data, redirect, type RouterContextProvider } from "react-router";
import type { Role } from "#db/schema";
import { userContext } from "../context";
import type { CurrentUser } from "./user";

interface GuardArgs {
  request: Request;
  context: Readonly<RouterContextProvider>;
}

export function getOptionalUser({ context }: Pick<GuardArgs, "context">): CurrentUser | null {
  return context.get(userContext);
}

/** Stands in for our own origin when parsing: only the path of a target is ever kept. */
const OWN_ORIGIN = "https://botcafe.invalid";

/**
 * Only same-site paths may be redirect targets (no open redirects). Browsers parse a
 * Location header as a URL, dropping tabs and newlines and reading `\` as `/` — so
 * `/\t/evil.example` is `//evil.example`. The target is parsed the same way against our
 * origin; what comes back is the parsed path, so the browser cannot read it differently.
 */
export function safeRedirectPath(target: string | null | undefined, fallback = "/"): string {
  if (!target || target.length > 2000 || !target.startsWith("/")) return fallback;
  // Control characters and backslashes have no place in our own links.
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" parses to the path "//evil.example", which a browser would take as a host.
  if (path.startsWith("//")) return fallback;
  return path;
}

export function signInPath(request: Request): string {
  const url = new URL(request.url);
  return `/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
}

/** The signed-in user, or a redirect to sign in that comes back here afterwards. */
export function requireUser(args: GuardArgs): CurrentUser {
  const user = getOptionalUser(args);
  if (!user) throw redirect(signInPath(args.request));
  return user;
}

/** The signed-in user if their role is one of `roles`; signed-out people are sent to
 * sign in, signed-in people without the role get 403. Admins pass every role check. */
export function requireRole(args: GuardArgs, ...roles: Role[]): CurrentUser {
  const user = requireUser(args);
  if (user.role !== "admin" && !roles.includes(user.role)) {
    throw data({ message: "You do not have access to this page." }, { status: 403 });
  }
  return user;
}

/**
 * Staff pages do not exist for anyone else: signed-out people and users without a staff
 * role get the same 404 as a mistyped address (not a sign-in redirect or a 403, which
 * would say the page is there). `admin` narrows to admins only.
 */
export function requireStaff(args: Pick<GuardArgs, "context">, level: "support" | "admin" = "support"): CurrentUser {
  const user = getOptionalUser(args);
  const allowed = level === "admin" ? user?.role === "admin" : user?.role === "admin" || user?.role === "support";
  if (!user || !allowed) notFound();
  return user;
}

export function isStaff(user: Pick<CurrentUser, "role"> | null): boolean {
  return user?.role === "admin" || user?.role === "support";
}

/** Throw from a loader or action when a row is missing or not the caller's to see. */
export function notFound(message = "We could not find that page."): never {
  throw data({ message }, { status: 404 });
}

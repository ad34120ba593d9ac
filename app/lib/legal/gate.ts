/**
 * The terms gate, one root middleware (after auth). A signed-in person is sent to
 * /legal/accept?redirectTo=… when
 *  - they have not finished signing up (no age check yet): for every page except reading
 *    the public legal, help and crisis pages; or
 *  - a terms or privacy version they have not accepted is in force: for every request that
 *    changes data (any non-GET). Reading stays possible.
 * A person who declines can still export and delete their account and sign out; those
 * paths are never gated. Signed-out requests pass untouched (their pages do their own
 * sign-in checks), and GETs of onboarded users cost no query at all.
 *
 * A chat turn (POST /chat/:id/reply) is gated in the turn instead, by `termsTurnGate`
 * after the crisis check (issue 17): someone in crisis sees the crisis resources whatever
 * else refuses the turn, the refusal is BotCafe's notice with a real link, and the typed
 * message is kept (shown again with the refusal).
 */
import { redirect, type MiddlewareFunction } from "react-router";
import type { TurnGate } from "~/lib/chat/turn-gates";
import { getApp, userContext } from "../context";
import { pendingAgreements } from "./documents";
import { keepFormThroughAcceptance } from "./pending-form";

/** Writes that apply this gate themselves, as a turn gate (see termsTurnGate). */
const GATED_IN_TURN = [/^\/chat\/[^/]+\/reply$/];

/** Paths that always work for a signed-in person, accepted or not. */
const ALWAYS_ALLOWED = [
  /^\/legal\/accept$/,
  /^\/sign-out$/,
  /^\/sign-in$/,
  /^\/account\/export(\/download)?$/,
  /^\/account\/delete$/,
];
/** Public reading a person may do before finishing sign-up (e.g. to read the terms). */
const READING = [
  /^\/legal(\/|$)/,
  /^\/terms$/,
  /^\/privacy$/,
  /^\/help(\/|$)/,
  /^\/tutorials(\/|$)/,
  /^\/crisis(\/|$)/,
];

/** The page path a request is for (single-fetch data requests end in `.data`). */
function pagePath(url: URL): string {
  const path = url.pathname === "/_root.data" ? "/" : url.pathname.replace(/\.data$/, "");
  return path || "/";
}

/** Where to come back to after accepting: the page the form was on (same-site
 * Referer), else the requested page. */
function returnPath(request: Request, url: URL): string {
  const referer = request.headers.get("Referer");
  if (request.method !== "GET" && request.method !== "HEAD" && referer) {
    try {
      const from = new URL(referer);
      if (from.origin === url.origin) return from.pathname + from.search;
    } catch {
      // fall through to the requested page
    }
  }
  url.searchParams.delete("_routes");
  return pagePath(url) + url.search;
}

export function acceptPath(redirectTo: string): string {
  return `/legal/accept?redirectTo=${encodeURIComponent(redirectTo)}`;
}

export const legalGateMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const user = context.get(userContext);
  if (!user) return next();
  const url = new URL(request.url);
  const path = pagePath(url);
  if (ALWAYS_ALLOWED.some((re) => re.test(path))) return next();
  const isWrite = request.method !== "GET" && request.method !== "HEAD";
  const signUpUnfinished = !user.ageGroup;
  // Sign-up unfinished stays here: such a person has no chat to send to (starting one is gated).
  if (isWrite && !signUpUnfinished && GATED_IN_TURN.some((re) => re.test(path))) return next();
  if (signUpUnfinished) {
    if (!isWrite && READING.some((re) => re.test(path))) return next();
    throw redirect(acceptPath(returnPath(request, url)), 303);
  }
  if (!isWrite) return next();
  const pending = await pendingAgreements(getApp(context).db, user.id);
  if (pending.length === 0) return next();
  const target = acceptPath(returnPath(request, url));
  // The chat's enhanced form reads a stream with fetch(); a redirect to an HTML page would
  // be swallowed there, so it gets a message it shows instead (with the link to follow).
  if (request.headers.get("Accept")?.includes("text/event-stream")) {
    throw Response.json(
      {
        message: "Our terms have changed. Read and accept them to go on.",
        link: { href: target, label: "Read and accept the new terms" },
        redirectTo: target,
      },
      { status: 403 },
    );
  }
  // Any other form post is kept: accepting sends it on (app/lib/legal/pending-form.ts).
  throw keepFormThroughAcceptance(url, target) ?? redirect(target, 303);
};

/**
 * The terms gate for a chat turn, registered right after the crisis check (turn-gates.ts):
 * a required document in force but not accepted refuses the turn with a link to
 * /legal/accept that comes back to the chat. The typed message is shown again by the route
 * (no-JS page) or stays in the composer (script) — never put in a URL, where it would land
 * in history and logs.
 */
export const termsTurnGate: TurnGate = {
  name: "legal-terms",
  async check(input) {
    const back = acceptPath(`/chat/${encodeURIComponent(input.conversationId)}`);
    const pending = await pendingAgreements(input.db, input.user.id, input.now.toISOString());
    if (pending.length === 0) return {};
    const names = pending.map((d) => d.title).join(" and ");
    return {
      refusal: {
        status: 403,
        message: `Our ${names} changed. Read and accept the new version to go on chatting. Your message was not sent; it is still in the message box.`,
        link: { href: back, label: "Read and accept the new terms" },
      },
    };
  },
};

/**
 * Headers every response carries, and the cross-origin write refusal. Applied in
 * app/worker.ts so no route can forget them. Static assets get the same headers from
 * public/_headers.
 */

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // Routes that opt in to hydration render React Router's inline bootstrap with this
    // nonce; 'strict-dynamic' lets it import the route modules it names.
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self' https://checkout.stripe.com https://billing.stripe.com",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function withSecurityHeaders(response: Response, nonce: string): Response {
  // Responses from fetch() or cache can have immutable headers: copy before editing.
  const secured = new Response(response.body, response);
  const headers = secured.headers;
  headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  return secured;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Paths (exact) that take state-changing requests from other origins because they
 * authenticate the request itself (Stripe signs its webhooks). */
const CROSS_ORIGIN_ALLOWED = ["/api/stripe/webhook"];

/**
 * Where a state-changing request came from, as far as the browser says:
 * - "cross-origin": `Sec-Fetch-Site` says another site, or `Origin`/`Referer` is another
 *   origin (or unreadable, or "null") — refused in app/worker.ts before any route runs;
 * - "same-origin": `Origin` or `Referer` is this origin (or `Sec-Fetch-Site: same-origin`,
 *   which pages cannot forge);
 * - "unknown": neither — a privacy setting, an old browser, or a script with a copied
 *   cookie. Not trusted on its word: the form token decides (./form-token.ts).
 * - "exempt" (signed webhooks) and "read" (GET, HEAD, OPTIONS) are not judged here.
 */
export type WriteOrigin = "read" | "exempt" | "same-origin" | "cross-origin" | "unknown";

export function writeOrigin(request: Request): WriteOrigin {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return "read";
  const url = new URL(request.url);
  if (CROSS_ORIGIN_ALLOWED.includes(url.pathname)) return "exempt";
  const fetchSite = request.headers.get("Sec-Fetch-Site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return "cross-origin";
  const origin = request.headers.get("Origin");
  if (origin !== null) return origin === url.origin ? "same-origin" : "cross-origin";
  const referer = request.headers.get("Referer");
  if (referer !== null) {
    try {
      return new URL(referer).origin === url.origin ? "same-origin" : "cross-origin";
    } catch {
      return "cross-origin";
    }
  }
  return fetchSite === "same-origin" ? "same-origin" : "unknown";
}

/** Refuse (in app/worker.ts) a state-changing request that a browser sent from another site. */
export function isCrossOriginWrite(request: Request): boolean {
  return writeOrigin(request) === "cross-origin";
}

export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

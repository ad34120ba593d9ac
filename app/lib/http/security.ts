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
 * Refuse a state-changing request that a browser sent from another site. Browsers send
 * `Origin` on every cross-origin POST (and `Sec-Fetch-Site` on modern ones); a request
 * with neither is not a browser form from another site, so it is judged by its cookie.
 */
export function isCrossOriginWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const url = new URL(request.url);
  if (CROSS_ORIGIN_ALLOWED.includes(url.pathname)) return false;
  const fetchSite = request.headers.get("Sec-Fetch-Site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = request.headers.get("Origin");
  if (origin === null) return false;
  return origin !== url.origin;
}

export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

import { expect, test } from "vitest";
import { contentSecurityPolicy, isCrossOriginWrite, withSecurityHeaders, writeOrigin } from "~/lib/http/security";

const post = (headers: Record<string, string>, path = "/sign-in") =>
  new Request(`https://botcafe.example${path}`, { method: "POST", headers });

test("state-changing requests from another site are refused", () => {
  expect(isCrossOriginWrite(post({ Origin: "https://evil.example" }))).toBe(true);
  expect(isCrossOriginWrite(post({ "Sec-Fetch-Site": "cross-site" }))).toBe(true);
  expect(isCrossOriginWrite(post({ "Sec-Fetch-Site": "same-site", Origin: "https://sub.botcafe.example" }))).toBe(true);
  expect(isCrossOriginWrite(post({ Origin: "null" }))).toBe(true);
});

test("same-origin posts, reads, and signed webhooks pass", () => {
  expect(isCrossOriginWrite(post({ Origin: "https://botcafe.example", "Sec-Fetch-Site": "same-origin" }))).toBe(false);
  expect(isCrossOriginWrite(post({}))).toBe(false);
  expect(
    isCrossOriginWrite(new Request("https://botcafe.example/", { headers: { Origin: "https://evil.example" } })),
  ).toBe(false);
  expect(isCrossOriginWrite(post({ Origin: "https://api.stripe.com" }, "/api/stripe/webhook"))).toBe(false);
  expect(isCrossOriginWrite(post({ Origin: "https://evil.example" }, "/api/stripe/other"))).toBe(true);
});

test("Referer judges a write when Origin is missing; with neither, the form token must decide", () => {
  expect(writeOrigin(post({ Referer: "https://botcafe.example/staff/users?q=x" }))).toBe("same-origin");
  expect(writeOrigin(post({ Referer: "https://evil.example/botcafe.example" }))).toBe("cross-origin");
  expect(writeOrigin(post({ Referer: "not a url" }))).toBe("cross-origin");
  expect(writeOrigin(post({ Origin: "https://botcafe.example", Referer: "https://evil.example/" }))).toBe(
    "same-origin",
  );
  expect(writeOrigin(post({ "Sec-Fetch-Site": "same-origin" }))).toBe("same-origin");
  expect(writeOrigin(post({}))).toBe("unknown");
  expect(writeOrigin(post({ "Sec-Fetch-Site": "none" }))).toBe("unknown");
  expect(writeOrigin(post({}, "/api/stripe/webhook"))).toBe("exempt");
  expect(writeOrigin(new Request("https://botcafe.example/"))).toBe("read");
  expect(isCrossOriginWrite(post({ Referer: "https://evil.example/" }))).toBe(true);
});

test("every response gets the security headers, the CSP carrying the request's nonce", () => {
  const response = withSecurityHeaders(new Response("hi", { headers: { "Content-Type": "text/html" } }), "abc123");
  const csp = response.headers.get("Content-Security-Policy")!;
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("'nonce-abc123'");
  expect(csp).not.toContain("unsafe-eval");
  expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(response.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  expect(contentSecurityPolicy("x")).toContain("default-src 'self'");
});

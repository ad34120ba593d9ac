import { expect, test } from "@playwright/test";

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers["content-security-policy"]).toContain("base-uri 'none'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("a form post from another site is refused and changes nothing", async ({ request }) => {
  const response = await request.post("/sign-in", {
    headers: { Origin: "https://evil.example" },
    form: { email: "csrf-victim@example.com", role: "admin" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("a same-site form post is accepted", async ({ request, baseURL }) => {
  const response = await request.post("/sign-in", {
    headers: { Origin: new URL(baseURL!).origin },
    form: { email: `same-site-${test.info().project.name}@example.com`, role: "user" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(response.headers()["set-cookie"]).toMatch(/botcafe_session=.+HttpOnly/i);
});

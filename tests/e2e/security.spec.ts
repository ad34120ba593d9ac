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

/** Writes with neither Origin nor Referer: the form token decides (docs/decisions/0025). */
test("a post with neither Origin nor Referer needs the page's form token; a Referer is judged by its origin", async ({
  request,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const email = `token-${test.info().project.name}-${Date.now().toString(36)}@example.com`;
  // No Origin, no Referer, no token: refused, nothing created.
  const bare = await request.post("/sign-in", { form: { email, role: "admin" }, maxRedirects: 0 });
  expect(bare.status()).toBe(403);
  expect(bare.headers()["set-cookie"] ?? "").not.toContain("botcafe_session");
  // A Referer from another site: refused.
  const foreign = await request.post("/sign-in", {
    headers: { Referer: "https://evil.example/page" },
    form: { email, role: "admin" },
    maxRedirects: 0,
  });
  expect(foreign.status()).toBe(403);
  // The page's token (this request context keeps the page's browser cookie): accepted.
  const page = await (await request.get("/sign-in")).text();
  const token = page.match(/name="_form_token" value="([^"]+)"/)?.[1];
  expect(token).toBeTruthy();
  const withToken = await request.post("/sign-in", {
    form: { email, role: "user", _form_token: token! },
    maxRedirects: 0,
  });
  expect(withToken.status()).toBe(302);
  // A same-origin Referer alone: accepted.
  const referred = await request.post("/sign-in", {
    headers: { Referer: `${origin}/sign-in` },
    form: { email: `r-${email}`, role: "user" },
    maxRedirects: 0,
  });
  expect(referred.status()).toBe(302);
});

test("every POST form on a page carries the form token", async ({ page }) => {
  await page.goto("/sign-in");
  const forms = page.locator('form[method="post"]');
  expect(await forms.count()).toBeGreaterThan(0);
  expect(await page.locator('form[method="post"]:not(:has(input[name="_form_token"]))').count()).toBe(0);
});

/**
 * Issue 8, finding 4, against the production build: a POST whose body is not a readable
 * form is a 400 page with the security headers — never a 500 — and it fits a 360 px screen.
 */
import { expect, test } from "@playwright/test";

const bodies: [label: string, contentType: string | undefined, body: string][] = [
  ["text/plain", "text/plain", "name=Pal"],
  ["JSON", "application/json", '{"name":"Pal"}'],
  ["multipart without a boundary", "multipart/form-data", "--x\r\n\r\n"],
  ["garbage multipart", "multipart/form-data; boundary=abc", "not multipart"],
];

for (const [label, contentType, body] of bodies) {
  test(`a ${label} body is a 400 page`, async ({ request }) => {
    const response = await request.post("/sign-in", {
      headers: contentType ? { "Content-Type": contentType } : {},
      data: body,
      maxRedirects: 0,
    });
    expect(response.status()).toBe(400);
    expect(response.headers()["content-security-policy"]).toContain("object-src 'none'");
    expect(await response.text()).toContain("That request did not look right");
  });
}

test("the 400 page reads well at 360 px", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.route("**/sign-in", (route, request) =>
    request.method() === "GET"
      ? route.continue({
          method: "POST",
          headers: { ...request.headers(), "content-type": "application/json" },
          postData: "{}",
        })
      : route.continue(),
  );
  const response = await page.goto("/sign-in");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("heading", { name: "That request did not look right" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: test.info().outputPath("unreadable-body-360.png") });
});

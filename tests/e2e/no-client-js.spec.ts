/**
 * Content pages ship no client JavaScript unless their route opts in to hydration. This
 * crawls the site from the home page (signed in, so signed-in pages are reached too) and
 * fails on any page with a <script> tag, a modulepreload, or a script request that is not
 * on the allowlist of opted-in routes.
 */
import { expect, test } from "@playwright/test";
import { signInAsDemo } from "./support";

/** Routes that ship a script: the chat page's enhancement module (decision 0020). Keep in step with the route modules. */
const HYDRATING_ROUTES: RegExp[] = [/^\/chat\/[^/]+$/];

const MAX_PAGES = 40;

test("no content page ships client JavaScript it did not opt into", async ({ page, request }) => {
  test.skip(test.info().project.name !== "js-on", "the crawl needs to run once");
  await signInAsDemo(page, "Casey Creator");
  const cookies = await page.context().cookies();
  const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join("; ");

  const seen = new Set<string>();
  const queue = ["/", "/sign-in", "/no-such-page"];
  const offenders: string[] = [];
  while (queue.length > 0 && seen.size < MAX_PAGES) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await request.get(path, { headers: { Cookie: cookieHeader }, maxRedirects: 0 });
    if (!(response.headers()["content-type"] ?? "").includes("text/html")) continue;
    const html = await response.text();
    const hydrates = HYDRATING_ROUTES.some((pattern) => pattern.test(path));
    if (!hydrates && (/<script\b/i.test(html) || /rel="modulepreload"/i.test(html))) offenders.push(path);
    for (const match of html.matchAll(/href="(\/[^"#?]*)(?:\?[^"#]*)?"/g)) {
      const next = match[1]!;
      if (!next.startsWith("/assets/") && !next.endsWith(".svg") && !next.endsWith(".xml") && !seen.has(next))
        queue.push(next);
    }
  }
  expect(seen.size).toBeGreaterThan(3);
  expect(offenders).toEqual([]);
});

test("the home page loads no script in a real browser", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(r.url());
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Featured bots" })).toBeVisible();
  expect(scripts).toEqual([]);
  expect(await page.locator("script").count()).toBe(0);
});

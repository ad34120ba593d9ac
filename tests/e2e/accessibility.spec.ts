/**
 * Every main page passes axe's WCAG 2 A and AA rules: labels, names, contrast, landmarks,
 * alt text. The HTML is the same with JavaScript on or off (pages ship none), so this runs
 * once, in the JS-on project, where axe can be injected.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo } from "./support";

async function violations(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return result.violations.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(" ")}`);
}

test.beforeEach(() => {
  test.skip(test.info().project.name !== "js-on", "axe is injected as a script; the pages are the same HTML without it");
});

test("public pages have no WCAG A/AA violations", async ({ page }) => {
  test.setTimeout(90_000);
  const found: string[] = [];
  for (const path of ["/", "/bots", "/bots?q=dragon", "/bots/curious-barista", "/creators", "/creators/casey", "/sign-in", "/no-such-page"]) {
    found.push(...(await violations(page, path)));
  }
  expect(found).toEqual([]);
});

test("signed-in pages, a chat and its prompt inspector have no WCAG A/AA violations", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAsDemo(page, "Casey Creator");
  const found: string[] = [];
  const paths = ["/bots/new", "/bots/import", "/my/bots", "/my/profile", "/my/dashboard", "/programs", "/following", "/chat", "/personas", "/personas/new", "/settings/keys", "/settings/content", "/knowledge", "/knowledge/new", "/knowledge/upload", "/memories"];
  for (const path of paths) found.push(...(await violations(page, path)));

  await page.goto("/bots/gentle-librarian");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByLabel("Your message").fill("Tell me about the harbour.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const why = page.getByRole("link", { name: "Why did it say this?" }).last();
  await expect(why).toBeVisible({ timeout: 20_000 });
  const chatPath = new URL(page.url()).pathname;
  const whyPath = (await why.getAttribute("href"))!;
  found.push(...(await violations(page, chatPath)), ...(await violations(page, whyPath)));
  expect(found).toEqual([]);
});

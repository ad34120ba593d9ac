/**
 * Every main page passes axe's WCAG 2 A and AA rules: labels, names, contrast, landmarks,
 * alt text. The HTML is the same with JavaScript on or off (pages ship none), so this runs
 * once, in the JS-on project, where axe can be injected.
 *
 * One test per page, each with a budget that fits a loaded machine (a whole list in one
 * 30 s test timed out in CI at load 11–14), and each page must answer the status it should
 * — a page that must exist is a 200, not merely "not a 5xx".
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signInAsDemo } from "./support";

async function violations(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return result.violations.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(" ")}`);
}

test.beforeEach(() => {
  test.skip(
    test.info().project.name !== "js-on",
    "axe is injected as a script; the pages are the same HTML without it",
  );
});

const publicPages: [path: string, status: number][] = [
  ["/", 200],
  ["/bots", 200],
  ["/bots?q=dragon", 200],
  ["/bots/curious-barista", 200],
  ["/creators", 200],
  ["/creators/casey", 200],
  ["/sign-in", 200],
  ["/no-such-page", 404],
];

for (const [path, status] of publicPages) {
  test(`public page ${path} has no WCAG A/AA violations`, async ({ page }) => {
    expect(await violations(page, path, status)).toEqual([]);
  });
}

const signedInPages = [
  "/bots/new",
  "/bots/import",
  "/my/bots",
  "/my/profile",
  "/my/dashboard",
  "/programs",
  "/following",
  "/chat",
  "/personas",
  "/personas/new",
  "/settings/keys",
  "/settings/content",
  "/knowledge",
  "/knowledge/new",
  "/knowledge/upload",
  "/memories",
];

/**
 * Casey signs in once per worker and the pages reuse the session: sign-in is rate limited
 * per account, and seventeen sign-ins in a few seconds would use most of that minute.
 */
let caseySession: Awaited<ReturnType<Awaited<ReturnType<Browser["newContext"]>>["storageState"]>> | null = null;

async function pageAsCasey(browser: Browser): Promise<Page> {
  if (!caseySession) {
    const signIn = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    await signInAsDemo(await signIn.newPage(), "Casey Creator");
    caseySession = await signIn.storageState();
    await signIn.close();
  }
  return (await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: caseySession })).newPage();
}

for (const path of signedInPages) {
  test(`signed-in page ${path} has no WCAG A/AA violations`, async ({ browser }) => {
    const page = await pageAsCasey(browser);
    expect(await violations(page, path)).toEqual([]);
    await page.context().close();
  });
}

test("a chat and its prompt inspector have no WCAG A/AA violations", async ({ page }) => {
  test.setTimeout(test.info().timeout * 2);
  await signInAsDemo(page, "Casey Creator");
  await page.goto("/bots/gentle-librarian");
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.getByLabel("Your message").fill("Tell me about the harbour.");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const why = page.getByRole("link", { name: "Why did it say this?" }).last();
  await expect(why).toBeVisible({ timeout: 30_000 });
  const chatPath = new URL(page.url()).pathname;
  const whyPath = (await why.getAttribute("href"))!;
  expect([...(await violations(page, chatPath)), ...(await violations(page, whyPath))]).toEqual([]);
});

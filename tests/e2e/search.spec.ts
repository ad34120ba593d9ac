/** Search that forgives, in the browser with JS on and off: a typo in Explore, words that
 * are not all in one bot, and chat search over my own messages only. Plain GET forms. */
import { expect, test } from "@playwright/test";
import { signInWithEmail, uniqueEmail } from "./support";

test("Explore forgives a typo and loose wording, and says the results are close matches", async ({ page }) => {
  await page.goto("/bots");
  await page.getByLabel("Search").fill("inkeeper");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/bots\?q=inkeeper/);
  await expect(page.getByText(/close to “inkeeper”/)).toBeVisible();
  await expect(page.locator("main article h3 a").first()).toContainText("Innkeeper");

  await page.goto("/bots?q=knight+who+protects");
  await expect(page.locator("main article h3 a").first()).toContainText("Knight");

  // A prefix still matches word for word, without the close-match note.
  await page.goto("/bots?q=innk");
  await expect(page.getByText(/matching “innk”/)).toBeVisible();
  await expect(page.getByText(/close to/)).toHaveCount(0);

  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto("/bots?q=inkeeper");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test("chat search finds words in my messages, and nobody else finds my chat", async ({
  page: mine,
  browser,
}, testInfo) => {
  await signInWithEmail(mine, uniqueEmail(testInfo, "search-mine"));
  await mine.goto("/bots/curious-barista");
  await mine.getByRole("button", { name: "Start chat" }).click();
  await expect(mine).toHaveURL(/\/chat\/[a-z0-9]+$/);
  const chatUrl = new URL(mine.url()).pathname;

  // The greeting says the barista "remembers your order": message text, not the title.
  await mine.goto("/chat");
  await mine.getByLabel("Search titles and messages").fill("remembers your order");
  await mine.getByRole("button", { name: "Search" }).click();
  await expect(mine.locator(`main a[href="${chatUrl}"]`).first()).toBeVisible();

  const { baseURL, javaScriptEnabled } = testInfo.project.use;
  const otherContext = await browser.newContext({ baseURL, javaScriptEnabled });
  const other = await otherContext.newPage();
  await signInWithEmail(other, uniqueEmail(testInfo, "search-other"));
  await other.goto("/chat?q=remembers+your+order");
  await expect(other.getByText("No chats match")).toBeVisible();
  await expect(other.locator(`main a[href="${chatUrl}"]`)).toHaveCount(0);
  await otherContext.close();
});

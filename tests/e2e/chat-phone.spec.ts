/**
 * The chat finished and the site on a 360 px phone (issue 12 B), with JavaScript on and off:
 * no page scrolls sideways (a chat with a long URL included), messages are formatted
 * Markdown, deleting a message asks first, Stop, the first-chat notice, the bot page's
 * header stacks and its confirmations land in view; with JavaScript on, the chat page's
 * script stays under 30 KB gzipped and dark mode passes axe.
 */
import { gzipSync } from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo, signInWithEmail, uniqueEmail } from "./support";

const jsOn = () => test.info().project.name === "js-on";
const messagesList = (page: Page) => page.getByRole("list", { name: "Messages" });
/** The messages themselves (each `li#m-…`), not BotCafe's notices between them. */
const messageItems = (page: Page) => messagesList(page).locator(":scope > li[id^='m-']");
const lastMessage = (page: Page) => messageItems(page).last();

const LONG_URL = `https://example.com/${"averyveryverylongpathsegment".repeat(12)}?q=${"x".repeat(80)}`;

test.use({ viewport: { width: 360, height: 800 } });

async function startChat(page: Page, slug = "curious-barista") {
  await page.goto(`/bots/${slug}`);
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+$/);
  if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
}

/** Send from the chat page and wait until the saved reply is back on it (both paths). */
async function send(page: Page, text: string) {
  const chatUrl = page.url().replace(/#.*$/, "");
  await page.getByLabel("Your message").fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  if (!jsOn())
    await page.waitForURL((url) => url.toString().startsWith(chatUrl) && !url.pathname.endsWith("/reply"), {
      timeout: 20_000,
    });
  // The message, then the saved reply after it (the demo model answers, never echoes).
  await expect(messageItems(page).nth(-2)).toContainText(text, { timeout: 20_000 });
  await expect(lastMessage(page).getByRole("button", { name: "Regenerate" })).toBeVisible({ timeout: 20_000 });
  await expect(lastMessage(page)).not.toContainText(text);
  if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
}

async function expectNoSidewaysScroll(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(360);
}

test("at 360 px no main page scrolls sideways, signed out and signed in, a chat with a long URL included", async ({
  page,
}) => {
  test.setTimeout(test.info().timeout * 2);
  for (const path of [
    "/",
    "/bots",
    "/bots?q=dragon",
    "/bots/curious-barista",
    "/creators",
    "/creators/casey",
    "/sign-in",
  ])
    await expectNoSidewaysScroll(page, path);

  await signInAsDemo(page, "Casey Creator");
  const signedIn = [
    "/",
    "/bots",
    "/bots/curious-barista",
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
    "/memories",
  ];
  for (const path of signedIn) await expectNoSidewaysScroll(page, path);

  await startChat(page);
  await send(page, `Look at this: ${LONG_URL}`);
  const chatPath = new URL(page.url()).pathname;
  await expectNoSidewaysScroll(page, chatPath);
  await expectNoSidewaysScroll(page, `${chatPath}/memories`);
});

test("messages are formatted Markdown: actions in italics, bold, code, links; raw HTML stays text", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "md"));
  await startChat(page);
  await send(page, "*waves* **hello** `tea` <b>not bold</b> https://example.com/menu");
  const mine = messageItems(page).nth(-2);
  await expect(mine.locator(".chat-message em")).toHaveText("waves");
  await expect(mine.locator(".chat-message strong")).toHaveText("hello");
  await expect(mine.locator(".chat-message code")).toHaveText("tea");
  await expect(mine.locator(".chat-message a[href='https://example.com/menu']")).toHaveAttribute("rel", /noopener/);
  await expect(mine.locator(".chat-message b")).toHaveCount(0);
  await expect(mine).toContainText("<b>not bold</b>");
});

test("deleting a message asks first; only the confirmation deletes it", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "del"));
  await startChat(page);
  await send(page, "Please forget this one");
  // The user's own message (the reply quotes it too, so find it by its id).
  const mine = messageItems(page).nth(-2);
  await expect(mine).toContainText("Please forget this one");
  const id = (await mine.getAttribute("id"))!;
  const confirm = mine.getByRole("button", { name: "Yes, delete this message" });
  await expect(confirm).toBeHidden();
  await mine.getByText("Delete…").click();
  await expect(mine.getByText("Delete this message? This cannot be undone.")).toBeVisible();
  await confirm.click();
  await expect(page.locator(`[id="${id}"]`)).toHaveCount(0);
  await expect(messageItems(page)).toHaveCount(2);
});

test("the first chat says replies come from the offline demo model and links to connecting a real one", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "demo"));
  await startChat(page);
  const notice = page.getByRole("complementary", { name: "Replies come from the offline demo model" });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole("link", { name: "Workers AI" })).toHaveAttribute(
    "href",
    "/settings/keys#connect-workers-ai",
  );
  await expect(notice.getByRole("link", { name: "API key" })).toHaveAttribute("href", "/settings/keys#connect-api-key");
  await notice.getByRole("link", { name: "local OpenAI-compatible server" }).click();
  await expect(page.getByRole("heading", { name: "Connect a real model" })).toBeVisible();
  await expect(page.locator("#connect-local-server")).toBeInViewport();
  // The chat links to its memories page.
  await page.goBack();
  await page.getByRole("link", { name: "Memories of this chat" }).click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+\/memories$/);
});

test("Stop: while a reply streams there is a Stop control, and after it the chat shows the reply saved", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "stop"));
  await startChat(page);
  const chatUrl = page.url();
  await page.getByLabel("Your message").fill("Tell me everything about the coffee beans you roast");
  await page.getByRole("button", { name: "Send", exact: true }).click({ noWaitAfter: true });
  // The offline model is quick: the Stop may land after the reply finished, which is fine —
  // either way nothing is lost and the chat shows the reply (stopped or complete).
  const stop = page.getByRole("button", { name: "Stop", exact: true });
  const clicked = await stop
    .click({ timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  if (!jsOn() && !clicked)
    await page.waitForURL((url) => url.toString().startsWith(chatUrl) && !url.pathname.endsWith("/reply"), {
      timeout: 20_000,
    });
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+(#m-[a-z0-9]+)?$/, { timeout: 20_000 });
  await expect(messageItems(page).nth(-2)).toContainText("Tell me everything");
  // Stopped: the reply is saved as far as it got and says so; or it had already finished.
  // Saved either way: the finished (or stopped) reply is the last one, with its Regenerate button.
  await expect(lastMessage(page).getByRole("button", { name: "Regenerate" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Still being written")).toHaveCount(0);
});

test("the bot page header stacks at 360 px and a like's confirmation is in view after the post", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "botpage"));
  await page.goto("/bots/curious-barista");
  const name = await page.getByRole("heading", { level: 1 }).boundingBox();
  const start = await page.getByRole("button", { name: "Start chat" }).boundingBox();
  expect(name && start).toBeTruthy();
  // Stacked: the button starts below the name instead of covering it.
  expect(start!.y).toBeGreaterThanOrEqual(name!.y + name!.height);
  await page.getByRole("button", { name: "♡ Like" }).click();
  await expect(page.getByRole("status")).toHaveText("You liked this bot.");
  await expect(page.getByRole("status")).toBeInViewport();
});

test("the chat page's script is under 30 KB gzipped and the page loads no React", async ({ page }, testInfo) => {
  test.skip(!jsOn(), "measures the script that runs with JavaScript on");
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(r.url());
  });
  await signInWithEmail(page, uniqueEmail(testInfo, "size"));
  scripts.length = 0;
  await startChat(page);
  expect(scripts.length).toBeGreaterThan(0);
  let gz = 0;
  for (const url of new Set(scripts)) gz += gzipSync(await (await page.request.get(url)).body(), { level: 9 }).length;
  console.log(`chat page scripts: ${scripts.length} file(s), ${(gz / 1024).toFixed(1)} KB gzipped`);
  expect(gz).toBeLessThanOrEqual(30 * 1024);
  expect(await page.evaluate(() => "__reactRouterContext" in window)).toBe(false);
});

test("dark mode follows prefers-color-scheme and still passes axe (contrast included)", async ({ page }, testInfo) => {
  test.skip(!jsOn(), "axe is injected as a script");
  test.setTimeout(test.info().timeout * 1.5);
  await page.emulateMedia({ colorScheme: "dark" });
  await signInWithEmail(page, uniqueEmail(testInfo, "dark"));
  await startChat(page);
  await send(page, "**Hello** in the dark, see https://example.com");
  const chatPath = new URL(page.url()).pathname;
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(250, 250, 249)");
  await page.screenshot({ path: testInfo.outputPath("chat-dark-360.png"), fullPage: true });
  const found: string[] = [];
  for (const path of [chatPath, "/", "/bots", "/bots/curious-barista", "/settings/keys", "/knowledge", "/chat"]) {
    await page.goto(path);
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    found.push(...result.violations.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(" ")}`));
  }
  expect(found).toEqual([]);
});

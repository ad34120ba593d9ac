/**
 * Help, legal and account journeys, each with JavaScript on and off: a newcomer signs up
 * and accepts the terms; new terms force re-acceptance and return to the page; help search;
 * a tutorial step; the data ZIP holds the conversation; deleting the account kills the
 * old cookie.
 */
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { signInWithEmail, uniqueEmail } from "./support";

test("a newcomer signs up: accepts the terms, gives a date of birth, and sees the acceptance on the account page", async ({
  page,
}, testInfo) => {
  const email = uniqueEmail(testInfo, "newcomer");
  await page.goto("/sign-in");
  const form = page.locator("form", { has: page.getByLabel("Email") });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/legal\/accept\?redirectTo=/);
  await expect(page.getByRole("heading", { name: "Welcome to BotCafe" })).toBeVisible();
  // Not ticking the box is a 400 that says so.
  await page.getByLabel("Date of birth").fill("1990-04-23");
  await page.getByRole("button", { name: "Accept and continue" }).click();
  await expect(page.getByText("Tick the box to accept").first()).toBeVisible();
  await page.getByLabel("Date of birth").fill("1990-04-23");
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Accept and continue" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole("link", { name: /Signed in as/ }).click();
  await expect(page).toHaveURL(/\/account$/);
  const agreements = page.getByRole("table");
  await expect(agreements).toContainText("Terms of Service");
  await expect(agreements).toContainText("2.0");
  await expect(agreements).toContainText("Privacy Policy");
});

test("a new terms version forces re-acceptance before a change, then applies the change", async ({
  page,
}, testInfo) => {
  const email = `returning-${testInfo.project.name}@returning.botcafe.test`;
  await signInWithEmail(page, email);
  // Reading is still possible.
  await page.goto("/account");
  await page.getByLabel("Location (optional)").fill("Lisbon");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page).toHaveURL(/\/legal\/accept\?redirectTo=%2Faccount/);
  await expect(page.getByRole("heading", { name: "Our terms have changed" })).toBeVisible();
  // What changed, read beside the accept step (which holds the typed change).
  const versions = await page.context().newPage();
  await versions.goto((await page.getByRole("link", { name: /Terms of Service, version 2.0/ }).getAttribute("href"))!);
  await expect(versions.getByRole("heading", { name: /What changed since version 1.0/ })).toBeVisible();
  await expect(versions.getByText("Added:").first()).toBeVisible();
  await versions.close();
  await page.getByRole("checkbox").check();
  // The change typed before the terms step is applied once they are accepted.
  await page.getByRole("button", { name: "Accept and apply my change" }).click();
  await expect(page).toHaveURL(/\/account\?saved=1$/);
  await expect(page.getByLabel("Location (optional)")).toHaveValue("Lisbon");
});

test("search help for 'memo' finds the memories article, highlighted", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Help" }).click();
  await page.getByLabel("Search help").fill("memo");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/help\?q=memo$/);
  const result = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: "Memories: what bots remember" }) });
  await expect(result.locator("mark").first()).toHaveText(/^memo/i);
  await result.getByRole("link", { name: "Memories: what bots remember" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Memories: what bots remember" })).toBeVisible();
  await page.getByRole("button", { name: "Yes" }).click();
  await expect(page.getByText("Thanks — your answer is saved.")).toBeVisible();
});

test("finish a tutorial step and see the progress", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "tutorial"));
  await page.goto("/tutorials");
  await page.getByRole("link", { name: "Your first bot" }).click();
  await expect(page.getByText("0 of 5 done")).toBeVisible();
  await page.getByRole("button", { name: "Mark step 1 done" }).click();
  await expect(page.getByText("1 of 5 done")).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark step 1 not done" })).toBeVisible();
});

test("download my data finds the conversation; deleting the account makes the old cookie useless", async ({
  page,
  context,
}, testInfo) => {
  const email = uniqueEmail(testInfo, "leaver");
  await signInWithEmail(page, email);
  await page.goto("/chat");
  await page
    .getByRole("button", { name: /^Start chat with / })
    .first()
    .click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+$/);
  const conversationId = new URL(page.url()).pathname.split("/").pop()!;

  await page.goto("/account/export");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download my data (ZIP)" }).click(),
  ]);
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  const chat = files[`conversations/${conversationId}.jsonl`];
  expect(chat).toBeTruthy();
  expect(JSON.parse(strFromU8(chat!).split("\n")[0]!)).toHaveProperty("character_name");
  expect(strFromU8(files["profile.jsonl"]!)).toContain(email);

  const oldCookies = await context.cookies();
  await page.goto("/account/delete");
  await page.getByLabel("Type your email address to confirm").fill("someone-else@example.com");
  await page.getByRole("button", { name: "Delete my account forever" }).click();
  await expect(page.getByText("That is not this account's email address").first()).toBeVisible();
  await page.getByLabel("Type your email address to confirm").fill(email);
  await page.getByRole("button", { name: "Delete my account forever" }).click();
  await expect(page).toHaveURL(/\/\?deleted=1$/);
  await expect(page.getByText("Signed in as")).toHaveCount(0);

  // Put the old session cookie back: it no longer signs anyone in.
  await context.addCookies(oldCookies);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);
  await expect(page.getByText("Signed in as")).toHaveCount(0);
});

test("the header folds into a menu on a phone, and the footer links are there", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signInWithEmail(page, uniqueEmail(testInfo, "phone"));
  await page.goto("/help");
  await expect(page.getByRole("link", { name: /Signed in as/ })).toBeVisible();
  const menu = page.locator("details", { has: page.getByText("Menu", { exact: true }) });
  await expect(menu.getByRole("link", { name: "Explore" })).toBeHidden();
  await page.getByText("Menu", { exact: true }).click();
  await expect(menu.getByRole("link", { name: "Explore" })).toBeVisible();
  const footer = page.getByRole("contentinfo");
  for (const name of ["Help", "Terms", "Privacy", "Responsible AI", "Crisis resources"])
    await expect(footer.getByRole("link", { name })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test("help, tutorial, legal and account pages have no WCAG A/AA violations", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "axe is injected as a script; the pages are the same HTML without it");
  test.setTimeout(test.info().timeout * 1.5);
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  const found: string[] = [];
  const check = async (path: string) => {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(500);
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    found.push(...result.violations.map((v) => `${path}: ${v.id} ${v.nodes[0]?.target.join(" ")}`));
  };
  for (const path of [
    "/help",
    "/help?q=memo",
    "/help?q=zzzz",
    "/help/memories",
    "/tutorials",
    "/tutorials/tutorial-first-bot",
    "/legal",
    "/legal/terms",
    "/legal/terms/versions",
    "/legal/terms/versions/2.0",
    "/legal/privacy",
    "/legal/responsible_ai",
  ])
    await check(path);
  await signInWithEmail(page, uniqueEmail(testInfo, "axe"));
  for (const path of ["/account", "/account/export", "/account/delete", "/tutorials/tutorial-first-bot"])
    await check(path);
  expect(found).toEqual([]);
});

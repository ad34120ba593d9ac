import { expect, test } from "@playwright/test";
import { signInAsDemo, signInWithEmail, uniqueEmail } from "./support";

test("a visitor browses the home page and sees featured bots from the database", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Featured bots" })).toBeVisible();
  // Seeded bots come from D1: at least one bot card links to a bot page.
  const botLinks = page.locator('main a[href^="/bots/"]');
  expect(await botLinks.count()).toBeGreaterThan(0);
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
});

test("sign in with a new email, see the signed-in state, and sign out", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, "shell");
  await signInWithEmail(page, email);
  await expect(page.getByText(`Signed in as ${email.split("@")[0]}`)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByText("Signed in as")).toHaveCount(0);
});

test("sign in as a demo user comes back to the page that asked", async ({ page }) => {
  await page.goto("/sign-in?redirectTo=%2F%3Ffrom%3Dtest");
  await page.getByRole("button", { name: "Sign in as Casey Creator" }).click();
  await expect(page).toHaveURL(/\/\?from=test$/);
  await expect(page.getByText("Signed in as Casey Creator")).toBeVisible();
  await expect(page.getByText("creator", { exact: true })).toBeVisible();
});

test("a bad email gets a 400 page that says why and keeps what was typed", async ({ page }) => {
  await page.goto("/sign-in");
  const form = page.locator("form", { has: page.getByLabel("Email") });
  await form.getByLabel("Email").fill("not-an-email");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    form.getByRole("button", { name: "Sign in" }).click(),
  ]);
  expect(response.status()).toBe(400);
  await expect(page.getByText("Enter an email address like name@example.com.").first()).toBeVisible();
  await expect(form.getByLabel("Email")).toHaveValue("not-an-email");
});

test("an unknown address answers with a 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
});

test("the demo support account signs in with its role shown", async ({ page }) => {
  await signInAsDemo(page, "Riley Support");
  await expect(page.getByText("support", { exact: true })).toBeVisible();
});

test("the signed-in home offers the person's chats to continue and a search", async ({ page }) => {
  await signInAsDemo(page, "Sam User");
  await page.goto("/");
  const recent = page.locator("section", { has: page.getByRole("heading", { name: "Continue your chats" }) });
  const chat = recent.locator('a[href^="/chat/"]').first();
  await expect(chat).toBeVisible();
  const href = await chat.getAttribute("href");
  await chat.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search bots" }).fill("detective");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/bots\?q=detective$/);
});

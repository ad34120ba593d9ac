/**
 * Wellbeing journeys, each run with JavaScript on and off: a crisis message shows the
 * resources for the person's region; a 1-minute daily limit stops them (and /activity
 * shows today's messages); mood check-ins appear beside the chart; /crisis filters.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInWithEmail, uniqueEmail } from "./support";

const jsOn = () => test.info().project.name === "js-on";

async function startChat(page: Page) {
  await page.goto("/chat");
  await page.getByRole("button", { name: /^Start chat with / }).first().click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+$/);
  await expect(page.getByText(/is an AI character, not a person/)).toBeVisible();
  if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
  return page.url();
}

/** Send a message; with JS off, wait for the streamed reply page to return to the chat. */
async function send(page: Page, chatUrl: string, text: string) {
  await page.getByLabel("Your message").fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  if (!jsOn()) await page.waitForURL((url) => url.toString().startsWith(chatUrl) && !url.pathname.endsWith("/reply"), { timeout: 20_000 });
  // The person's message, then the reply (the demo model never echoes it).
  else await expect(page.getByRole("list", { name: "Messages" }).locator("li[id^='m-']").nth(-2)).toContainText(text, { timeout: 20_000 });
}

test("a crisis message shows the crisis resources for the person's region", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "crisis"));
  // Their saved region wins over where the connection comes from.
  await page.goto("/crisis");
  await page.getByRole("combobox", { name: "Region" }).last().selectOption("au");
  await page.getByRole("button", { name: "Save region" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  const chatUrl = await startChat(page);
  await send(page, chatUrl, "I don't want to be here anymore");
  await page.goto(chatUrl);
  const notice = page.getByText("You don't have to go through this alone");
  await expect(notice).toBeVisible();
  await expect(page.locator('a[href="tel:131114"]')).toBeVisible();
  await expect(page.locator('a[href="/crisis"]').first()).toBeVisible();
});

test("a 1-minute daily limit stops the user, and /activity shows today's messages", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await signInWithEmail(page, uniqueEmail(testInfo, "limit"));
  await page.goto("/wellbeing/limits");
  await page.getByLabel("Daily limit (minutes)").fill("1");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");

  const chatUrl = await startChat(page);
  await send(page, chatUrl, "Hello there");
  // Chatting for just over a minute (a gap under 5 minutes counts as use).
  await page.waitForTimeout(65_000);
  await page.goto(chatUrl);
  if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
  await send(page, chatUrl, "Still here");
  await page.goto(chatUrl);
  if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
  await page.getByLabel("Your message").fill("One more?");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByText(/You've reached your daily limit of 1 minute\. It resets at midnight/)).toBeVisible({ timeout: 20_000 });

  await page.goto("/activity");
  await expect(page.getByTestId("today-messages_sent")).toHaveText("2");
  await expect(page.getByTestId("today-session_duration")).toHaveText("1");
});

test("mood check-ins appear on the chart and in the table beside it", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "mood"));
  await page.goto("/wellbeing/mood");
  await expect(page.getByText("No check-ins in this period yet.")).toBeVisible();
  await page.getByLabel("How do you feel?").selectOption("happy");
  await page.getByLabel("How strongly? (1–5)").selectOption("4");
  await page.getByLabel("Note (optional)").fill("Sunny walk");
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByRole("status")).toContainText("Checked in");
  await expect(page.locator("svg title", { hasText: "Mood score on days you checked in" })).toHaveCount(1);
  const table = page.getByRole("region", { name: "Mood and minutes per day (table)" });
  await expect(table.getByRole("row").nth(1)).toContainText("Happy");
  await expect(table.getByRole("row").nth(1)).toContainText("9");
  await expect(page.getByText("Sunny walk")).toBeVisible();
});

test("/crisis filters by region", async ({ page }) => {
  await page.goto("/crisis?region=us");
  await expect(page.getByRole("heading", { name: "988 Suicide & Crisis Lifeline" })).toHaveCount(1);
  await page.getByLabel("Region").first().selectOption("uk");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/region=uk/);
  await expect(page.getByRole("heading", { name: "Samaritans (UK and Ireland)" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "988 Suicide & Crisis Lifeline" })).toHaveCount(0);
  await expect(page.locator('a[href="tel:116123"]')).toBeVisible();
  await expect(page.getByText(/Last checked/).first()).toBeVisible();
});

test("wellbeing pages fit a 360 px screen with no sideways scroll", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signInWithEmail(page, uniqueEmail(testInfo, "narrow"));
  for (const path of ["/crisis", "/wellbeing/limits", "/wellbeing/mood", "/activity"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect({ path, overflow }).toEqual({ path, overflow: 0 });
    await page.screenshot({ path: testInfo.outputPath(`${path.replaceAll("/", "_")}-360.png`), fullPage: true });
  }
});

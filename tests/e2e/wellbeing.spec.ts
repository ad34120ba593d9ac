/**
 * Wellbeing journeys, each run with JavaScript on and off: a crisis message shows the
 * resources for the person's region; a 1-minute daily limit stops them (and /activity
 * shows today's messages); mood check-ins appear beside the chart; /crisis filters.
 */
import { expect, test, type Page } from "@playwright/test";
import { addLocalModelKey, scriptedModelServer, useLocalModelInChat } from "./model-server";
import { signInWithEmail, uniqueEmail } from "./support";

const jsOn = () => test.info().project.name === "js-on";

async function startChat(page: Page) {
  await page.goto("/chat");
  await page
    .getByRole("button", { name: /^Start chat with / })
    .first()
    .click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+$/);
  await expect(page.getByText(/is an AI character, not a person/)).toBeVisible();
  if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
  return page.url();
}

/** Send a message; with JS off, wait for the streamed reply page to return to the chat.
 * With JS on, wait for the saved reply (or, when given, for `reply` in the last message). */
async function send(page: Page, chatUrl: string, text: string, reply?: string | RegExp) {
  await page.getByLabel("Your message").fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  if (!jsOn())
    await page.waitForURL((url) => url.toString().startsWith(chatUrl) && !url.pathname.endsWith("/reply"), {
      timeout: 20_000,
    });
  // With a reply to wait for: the last message itself (a notice's links are list items too);
  // else the person's message, then a reply after it (the demo model never echoes it).
  else if (reply !== undefined)
    await expect(page.getByRole("list", { name: "Messages" }).locator("li[id^='m-']").last()).toContainText(reply, {
      timeout: 20_000,
    });
  else
    await expect(page.getByRole("list", { name: "Messages" }).locator("li[id^='m-']").nth(-2)).toContainText(text, {
      timeout: 20_000,
    });
}

test("a crisis message shows the crisis resources for the person's region", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "crisis"));
  // Their saved region wins over where the connection comes from.
  await page.goto("/crisis");
  await page.getByRole("combobox", { name: "Region" }).last().selectOption("au");
  await page.getByRole("button", { name: "Save region" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  const chatUrl = await startChat(page);
  // The demo model steps out of character and points to the crisis lines shown above it.
  await send(page, chatUrl, "I don't want to be here anymore");
  await page.goto(chatUrl);
  const notice = page.getByText("You don't have to go through this alone");
  await expect(notice).toBeVisible();
  await expect(page.locator('a[href="tel:131114"]').first()).toBeVisible();
  await expect(page.locator('a[href="/crisis"]').first()).toBeVisible();
});

test("a bot's reply that would encourage self-harm is replaced by BotCafe's notice", async ({ page }, testInfo) => {
  // The person's own model server on this machine (OpenAI-compatible, as Ollama or LM Studio
  // speak it) writes words that must never reach anyone; BotCafe withholds them.
  const server = await scriptedModelServer(["You ", "should ", "kill ", "yourself, ", "honestly."]);
  test.info().setTimeout(test.info().timeout * 2);
  try {
    await signInWithEmail(page, uniqueEmail(testInfo, "withheld"));
    await addLocalModelKey(page, server, "0001");
    const chatUrl = await startChat(page);
    await useLocalModelInChat(page, chatUrl);
    if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
    await send(page, chatUrl, "hello", "BotCafe withheld this reply");
    for (const visit of ["as it settled", "on a later visit"]) {
      if (visit === "on a later visit") await page.goto(chatUrl);
      const reply = page.getByRole("list", { name: "Messages" }).locator("li[id^='m-']").last();
      const notice = reply.getByTestId("withheld-reply");
      await expect(notice, visit).toContainText("BotCafe withheld this reply");
      await expect(notice.locator('a[href="/crisis"]')).toBeVisible();
      await expect(notice.locator('a[href^="tel:"]').first()).toBeVisible();
      await expect(reply, visit).not.toContainText("kill yourself");
    }
  } finally {
    server.close();
  }
});

test("a crisis message after a terms update shows the crisis resources and a tappable terms link", async ({
  page,
}, testInfo) => {
  // Seeded: accepted only the first terms, with a chat already open (db/seed/legal.ts).
  const project = testInfo.project.name;
  await signInWithEmail(page, `returning-chat-${project}@returning.botcafe.test`);
  const chatUrl = `/chat/seed-returning-chat-${project}`;
  await page.goto(chatUrl);
  if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
  const message = "honestly i don't want to be alive anymore";
  await page.getByLabel(/^(Your message|Message)$/).fill(message);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByText("You don't have to go through this alone")).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('a[href^="tel:"]').first()).toBeVisible();
  const refusal = page.getByTestId("turn-refusal");
  await expect(refusal).toContainText("Terms of Service changed");
  // What was typed is still there to send once the terms are accepted.
  await expect(page.getByLabel(/^(Your message|Message)$/)).toHaveValue(message);
  // A real link, not a URL in red text: tapping it leads to the terms and back to the chat.
  await refusal.getByRole("link", { name: "Read and accept the new terms" }).click();
  await expect(page).toHaveURL(/\/legal\/accept\?redirectTo=/);
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Accept and go back" }).click();
  await expect(page).toHaveURL(new RegExp(`${chatUrl}$`));
});

test("a 1-minute daily limit stops the user, and /activity shows today's messages", async ({ page }, testInfo) => {
  test.setTimeout(test.info().timeout * 4);
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
  await expect(page.getByText(/You've reached your daily limit of 1 minute\. It resets at midnight/)).toBeVisible({
    timeout: 20_000,
  });

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
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect({ path, overflow }).toEqual({ path, overflow: 0 });
    await page.screenshot({ path: testInfo.outputPath(`${path.replaceAll("/", "_")}-360.png`), fullPage: true });
  }
});

/**
 * Security review findings seen as a person sees them, with JS on and off: the 429 page
 * when chats are started too fast, the prompt inspector of someone else's bot showing
 * its sections as names and token counts only, and an open-redirect attempt that stays
 * on the site.
 */
import { expect, test, type Page } from "@playwright/test";
import { sameOrigin, signInWithEmail, uniqueEmail } from "./support";

/** At 360 px wide the page fits: no sideways scroll (a screenshot is kept for review). */
async function expectNoSidewaysScroll(page: Page) {
  await page.setViewportSize({ width: 360, height: 800 });
  const png = await page.screenshot({ path: test.info().outputPath("360.png"), fullPage: true });
  // A full-page screenshot is as wide as the document (read from the PNG header: no page JS needed).
  expect(png.readUInt32BE(16)).toBeLessThanOrEqual(360);
}

/** Casey's demo bot: public, with private knowledge and a lorebook (db/seed/knowledge.ts). */
const CASEY_BOT = { id: "seed-bot-000", slug: "gentle-librarian" };

test("starting chats too fast gets a page that says when to try again", async ({ page }, testInfo) => {
  test.setTimeout(test.info().timeout * 1.5);
  await signInWithEmail(page, uniqueEmail(testInfo, "too-fast"));
  // The binding counts in fixed windows, so a run that straddles a window boundary starts
  // over: post until the limit answers (at most two windows' worth)…
  const reachLimit = async () => {
    for (let i = 0; i < 21; i++) {
      const started = await page.request.post("/chat/new", {
        form: { botId: CASEY_BOT.id },
        headers: sameOrigin(page),
        maxRedirects: 0,
      });
      if (started.status() === 429) return i;
      expect(started.status()).toBe(302);
    }
    throw new Error("never limited");
  };
  expect(await reachLimit()).toBeGreaterThanOrEqual(10); // ten in a row are always fine
  // …then the bot page's own form is refused with a readable page (again, if a window just turned over).
  let response = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.goto(`/bots/${CASEY_BOT.slug}`);
    [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Start chat" }).click(),
    ]);
    if (response.status() === 429) break;
    await reachLimit();
  }
  expect(response!.status()).toBe(429);
  expect(response!.headers()["retry-after"]).toBe("60");
  await expect(page.getByRole("heading", { name: "Slow down a little" })).toBeVisible();
  await expect(
    page.getByText(/starting chats faster than we allow\. Wait about a minute, then try again\./),
  ).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test("the inspector of another creator's bot names its sections with token counts and hides their text", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "inspector"));
  const started = await page.request.post("/chat/new", { form: { botId: CASEY_BOT.id }, headers: sameOrigin(page) });
  expect(started.ok()).toBe(true);
  await page.goto(new URL(started.url()).pathname);
  // Fires the "lighthouse" lorebook entry and retrieves the private "Favourite tea" note.
  await page
    .getByRole("textbox", { name: /message/i })
    .fill("Tell me about the lighthouse. What is your favourite tea?");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const reply = page
    .locator("li[id^='m-']")
    .filter({ hasText: /creator's notes/i })
    .last();
  await expect(reply).toBeVisible({ timeout: 20_000 });
  await expect(reply).not.toContainText("lapsang");
  await expect(reply).not.toContainText("dark since the storm");

  await page.reload();
  await page
    .locator("li[id^='m-']")
    .filter({ hasText: /creator's notes/i })
    .last()
    .getByRole("link", { name: "Why did it say this?" })
    .click();
  await expect(page.getByRole("heading", { name: /Why did .* say this\?/ })).toBeVisible();
  await expect(page.getByText("This bot was made by someone else.")).toBeVisible();
  const sections = page.locator("section", { has: page.getByRole("heading", { name: "Prompt sections" }) });
  const systemPrompt = sections.getByRole("row").filter({ hasText: "system prompt" });
  await expect(systemPrompt).toContainText("Hidden: written by the bot's creator.");
  await expect(systemPrompt.getByRole("cell").last()).toHaveText(/^\d+$/);
  const knowledge = page.locator("section", { has: page.getByRole("heading", { name: "Knowledge retrieved" }) });
  await expect(knowledge.getByText("Hidden entry").first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  const html = await page.content();
  for (const secret of [
    "lapsang",
    "Favourite tea",
    "dark since the storm",
    "The red lighthouse",
    "Stay in character as",
    "key &quot;lighthouse&quot;",
  ])
    expect(html, secret).not.toContain(secret);
});

test("a redirect target with a tab in it stays on the site", async ({ page, baseURL }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "redirect"));
  await page.goto("/sign-in?redirectTo=%2F%09%2Fevil.example%2Fphish");
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(new URL(page.url()).pathname).toBe("/");
});

/**
 * The retrieval journey: knowledge added to a bot is used in the reply and shown in the
 * prompt inspector ("why did it say this"), with JS on and off.
 */
import { expect, test } from "@playwright/test";
import { sameOrigin, signInAsDemo } from "./support";

test("knowledge added to a bot shows up in the reply and in the inspector", async ({ page }, testInfo) => {
  const word = `periwinkle${testInfo.project.name.replace(/\W/g, "")}${Date.now().toString(36)}`;
  await signInAsDemo(page, "Casey Creator");

  await page.goto("/knowledge/new");
  const botSelect = page.getByLabel("Bot", { exact: true });
  // One bot per project (and not the one the CRUD journey uses), so parallel runs never share knowledge.
  await botSelect.selectOption({ index: testInfo.project.name === "js-off" ? 3 : 2 });
  const botId = await botSelect.inputValue();
  await page.getByLabel("Title", { exact: true }).fill(`Harbor password ${word}`);
  await page.getByLabel("Content", { exact: true }).fill(`The secret harbor password is ${word}.`);
  await page.getByLabel("Priority", { exact: true }).selectOption("critical");
  await page.getByRole("button", { name: "Create entry" }).click();
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByText("Embedded", { exact: true }).isVisible();
      },
      { timeout: 15_000 },
    )
    .toBe(true);

  // Start a conversation with that bot (the same POST the bot page's "Chat" button makes).
  const started = await page.request.post("/chat/new", { form: { botId }, headers: sameOrigin(page) });
  expect(started.ok()).toBe(true);
  await page.goto(new URL(started.url()).pathname);
  await page.getByRole("textbox", { name: /message/i }).fill("What is the secret harbor password?");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  // The retrieved fact, retold in the character's words, keeps its key words.
  const reply = page
    .locator("li[id^='m-']")
    .filter({ hasText: `password is ${word}` })
    .last();
  await expect(reply).toBeVisible({ timeout: 20_000 });
  await expect(reply).not.toContainText("What is the secret harbor password?");
  await page.reload();

  await page
    .locator("li[id^='m-']")
    .filter({ hasText: `password is ${word}` })
    .last()
    .getByRole("link", { name: "Why did it say this?" })
    .click();
  await expect(page.getByRole("heading", { name: /Why did .* say this\?/ })).toBeVisible();
  const knowledgeTable = page.locator("section", { has: page.getByRole("heading", { name: "Knowledge retrieved" }) });
  await expect(knowledgeTable.getByText(`Harbor password ${word}`)).toBeVisible();
  await expect(knowledgeTable.getByRole("cell", { name: "Yes" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Prompt sections" })).toBeVisible();
});

test("a conversation becomes a memory that can be pinned, edited and deleted", async ({ page }, testInfo) => {
  const word = `marmalade${testInfo.project.name.replace(/\W/g, "")}${Date.now().toString(36)}`;
  await signInAsDemo(page, "Casey Creator");
  await page.goto("/knowledge/new");
  const botSelect = page.getByLabel("Bot", { exact: true });
  await botSelect.selectOption({ index: testInfo.project.name === "js-off" ? 5 : 4 });
  const botId = await botSelect.inputValue();

  const started = await page.request.post("/chat/new", { form: { botId }, headers: sameOrigin(page) });
  const conversationPath = new URL(started.url()).pathname;
  await page.goto(conversationPath);
  await page.getByRole("textbox", { name: /message/i }).fill(`Remember that my favourite jam is ${word}.`);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  // The message, then the reply after it (which does not echo it).
  await expect(page.locator("li[id^='m-']").filter({ hasText: "Remember that my favourite jam" })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.locator("li[id^='m-']").last()).not.toContainText("Remember that my favourite jam", {
    timeout: 20_000,
  });

  await page.goto(`${conversationPath}/memories`);
  await page.getByRole("button", { name: "Summarize now" }).click();
  const summary = page.getByLabel("Summary");
  await expect(summary).toHaveValue(new RegExp(`Casey Creator said: Remember that my favourite jam is ${word}\\.`));

  await page.getByRole("button", { name: "Pin (keep long-term)" }).click();
  await expect(page.getByText("Pinned (long-term)")).toBeVisible();

  await page.getByLabel("Importance (0–1)").fill("2");
  await page.getByRole("button", { name: "Save memory" }).click();
  await expect(page.getByText("Importance must be a number from 0 to 1").first()).toBeVisible();
  await page.getByLabel("Importance (0–1)").fill("0.9");
  await page.getByLabel("Summary").fill(`Casey's favourite jam is ${word}.`);
  await page.getByRole("button", { name: "Save memory" }).click();
  await expect(page.getByLabel("Summary")).toHaveValue(`Casey's favourite jam is ${word}.`);

  await page.goto("/memories");
  await expect(page.getByLabel("Summary").first()).toHaveValue(`Casey's favourite jam is ${word}.`);
  await page.goto(`${conversationPath}/memories`);
  await page.getByRole("button", { name: "Delete memory" }).click();
  await expect(page.getByText("No memories yet.")).toBeVisible();
});

/**
 * Chat journeys, each run with JavaScript on and off: start a chat, send and watch the
 * reply stream in, regenerate and switch alternatives, export; personas and API keys.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { addLocalModelKey, scriptedModelServer, useLocalModelInChat } from "./model-server";
import { signInWithEmail, uniqueEmail } from "./support";

async function startChat(page: Page) {
  await page.goto("/chat");
  await expect(page.getByRole("heading", { name: "Your chats" })).toBeVisible();
  await page
    .getByRole("button", { name: /^Start chat with / })
    .first()
    .click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+$/);
  await expect(page.getByRole("list", { name: "Messages" }).getByRole("listitem")).toHaveCount(1);
  await waitForEnhancement(page);
}

/** With JavaScript on, wait until the chat script has enhanced the forms so they stream in place. */
async function waitForEnhancement(page: Page) {
  if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
}

const jsOn = () => test.info().project.name === "js-on";
const lastMessage = (page: Page) => page.getByRole("list", { name: "Messages" }).getByRole("listitem").last();
const messageItems = (page: Page) => page.getByRole("list", { name: "Messages" }).locator("li[id^='m-']");

/** Send from the chat page and wait until the saved reply is on the chat page again. */
async function send(page: Page, text: string) {
  const chatUrl = page.url().replace(/#.*$/, "");
  const before = await messageItems(page).count();
  await page.getByLabel("Your message").fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  if (!jsOn()) {
    // The streamed document, then the refresh back to the conversation.
    await expect(page.getByRole("heading", { name: /^Reply from / })).toBeVisible();
    await page.waitForURL((url) => url.toString().startsWith(chatUrl) && !url.pathname.endsWith("/reply"), {
      timeout: 15_000,
    });
  }
  // The person's message, then the bot's reply: the demo model answers, never echoes.
  await expect(messageItems(page)).toHaveCount(before + 2, { timeout: 15_000 });
  await expect(messageItems(page).nth(-2)).toContainText(text);
  await expect(lastMessage(page).locator(".chat-message")).not.toBeEmpty();
  await expect(lastMessage(page)).not.toContainText(text);
  await waitForEnhancement(page);
}

test("start a chat from a bot page as a chosen persona; the default persona is preselected", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "chatas"));
  for (const [name, isDefault] of [
    ["Harbor Nell", true],
    ["Moss", false],
  ] as const) {
    await page.goto("/personas/new");
    await page.getByLabel("Name").fill(name);
    if (isDefault) await page.getByLabel("Use this persona by default").check();
    await page.getByRole("button", { name: "Create persona" }).click();
    await expect(page).toHaveURL(/\/personas/);
  }
  await page.goto("/bots/curious-barista");
  const chatAs = page.getByLabel("Chat as");
  await expect(chatAs.locator("option:checked")).toHaveText("Harbor Nell");
  await chatAs.selectOption({ label: "Moss" });
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+$/);
  await expect(page.getByRole("list", { name: "Messages" }).getByRole("listitem").first()).toContainText(
    "Oh, hello Moss!",
  );
});

test("start a chat from a bot page: the greeting comes first, with the names filled in", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "botpage"));
  await page.goto("/bots/curious-barista");
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+$/);
  const first = page.getByRole("list", { name: "Messages" }).getByRole("listitem").first();
  await expect(first).toContainText("I'm Curious Barista");
  await expect(first).not.toContainText("{{char}}");
  await expect(first).not.toContainText("{{user}}");
});

test("send a message and watch the reply stream in", async ({ page }, testInfo) => {
  // A model that sends its next word only when the test says so: the page must show each word
  // before the next one exists, which is what streaming means, however busy the machine is.
  const words = ["Lighthouses ", "guide ", "ships ", "home ", "safely."];
  const server = await scriptedModelServer(words, { paced: true });
  try {
    await signInWithEmail(page, uniqueEmail(testInfo, "chat-send"));
    await addLocalModelKey(page, server, "0002");
    await startChat(page);
    const chatUrl = page.url();
    await useLocalModelInChat(page, chatUrl);
    await waitForEnhancement(page);

    const stream = jsOn()
      ? page.waitForResponse((r) => r.url().endsWith("/reply") && r.request().method() === "POST")
      : null;
    await page.getByLabel("Your message").fill("Do you have a book about lighthouses?");
    await page.getByRole("button", { name: "Send", exact: true }).click({ noWaitAfter: true });
    // JS on: the chat script's live reply; JS off: the streamed document's reply, still loading.
    const live = jsOn() ? page.getByTestId("live-reply") : page.locator("#reply");
    let said = "";
    for (const word of words) {
      server.release();
      said += word;
      await expect(live).toContainText(said.trimEnd(), { timeout: 20_000 });
    }
    if (stream) expect((await stream).headers()["content-type"]).toContain("text/event-stream");
    else
      await page.waitForURL((url) => url.toString().startsWith(chatUrl) && !url.pathname.endsWith("/reply"), {
        timeout: 20_000,
      });
    await expect(messageItems(page)).toHaveCount(3);
    await expect(page.getByTestId("live-reply")).toHaveCount(0);
    await expect(lastMessage(page).locator(".chat-message")).toHaveText(said);
    await expect(page.getByText(/\d+ messages/)).toContainText("3 messages");

    // The reply was saved: a fresh load shows it.
    await page.reload();
    await waitForEnhancement(page);
    await expect(lastMessage(page).locator(".chat-message")).toHaveText(said);
  } finally {
    server.close();
  }
});

test("regenerate a reply and switch between the alternatives", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "chat-regen"));
  await startChat(page);
  await send(page, "Tell me a secret");
  const first = (await lastMessage(page).locator(".chat-message").textContent())!;

  await lastMessage(page).getByRole("button", { name: "Regenerate" }).click();
  if (!jsOn()) await page.waitForURL(/\/chat\/[a-z0-9]+(#.*)?$/, { timeout: 15_000 });
  await expect(lastMessage(page)).toContainText("2 / 2");
  const second = (await lastMessage(page).locator(".chat-message").textContent())!;
  expect(second).not.toBe(first);
  // Different throughout, not only in its first sentence.
  const tail = (text: string) =>
    text
      .trim()
      .split(/(?<=[.!?])\s+/)
      .slice(1)
      .join(" ");
  expect(tail(second)).not.toBe(tail(first));

  await waitForEnhancement(page);
  await lastMessage(page).getByRole("button", { name: "Previous alternative" }).click();
  await expect(lastMessage(page)).toContainText("1 / 2");
  await expect(lastMessage(page).locator(".chat-message")).toHaveText(first);
  await lastMessage(page).getByRole("button", { name: "Next alternative" }).click();
  await expect(lastMessage(page)).toContainText("2 / 2");
  await expect(lastMessage(page).locator(".chat-message")).toHaveText(second);
  // Still three messages: alternatives are not extra messages.
  await expect(page.getByText(/\d+ messages/)).toContainText("3 messages");
});

test("export a conversation as SillyTavern JSONL and as Markdown", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "chat-export"));
  await startChat(page);
  await send(page, "Export me");

  const jsonlDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export JSONL" }).click();
  const jsonl = await readFile((await (await jsonlDownload).path())!, "utf8");
  const lines = jsonl
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatchObject({ user_name: expect.any(String), character_name: expect.any(String) });
  expect(lines[2]).toMatchObject({
    is_user: true,
    mes: "Export me",
    send_date: expect.any(String),
    name: expect.any(String),
  });
  expect(lines[3]).toMatchObject({ is_user: false, mes: expect.any(String) });
  expect(String(lines[3]!.mes).length).toBeGreaterThan(10);

  const mdDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export Markdown" }).click();
  const markdown = await readFile((await (await mdDownload).path())!, "utf8");
  expect(markdown).toMatch(/^# Chat with /);
  expect(markdown).toContain("Export me");
});

test("rename, search, archive and delete a conversation", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "chat-manage"));
  await startChat(page);
  const title = `Harbour notes ${testInfo.project.name}`;
  await page.getByText("Chat settings").click();
  await page.getByLabel("Title").fill(title);
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  await page.goto("/chat?q=harbour");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await page.goto("/chat?q=nothing-like-this");
  await expect(page.getByText("No chats match")).toBeVisible();

  await page.goto("/chat?q=harbour");
  await page.getByRole("link", { name: title }).click();
  await page.getByText("Chat settings").click();
  await page.getByRole("button", { name: "Archive chat" }).click();
  await page.goto("/chat");
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
  await page.goto("/chat?archived=1");
  await page.getByRole("link", { name: title }).click();
  await page.getByText("Chat settings").click();
  await page.getByRole("button", { name: "Delete chat" }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await page.goto("/chat?archived=1");
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
});

test("an empty message is refused and the page says why", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "chat-empty"));
  await startChat(page);
  // Bypass the browser's own `required` check to exercise the server's.
  await page.getByLabel("Your message").evaluate((el) => el.removeAttribute("required"));
  await page.getByLabel("Your message").fill("   ");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Write a message first.");
});

test("personas: create with every field, make default, and chat as that persona", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "persona"));
  await page.goto("/personas/new");
  await page.getByLabel("Name").fill("Captain Wren");
  await page.getByLabel("Description").fill("A retired sea captain.");
  await page.getByLabel("Personality traits").fill("bravery: 9\nwhimsy 11");
  await page.getByLabel("Communication style").selectOption("direct");
  await page.getByLabel("Use this persona by default").check();
  await page.getByRole("button", { name: "Create persona" }).click();
  // A bad trait line: 400 with the error and everything typed kept.
  await expect(page.getByRole("alert")).toContainText("score from 0 to 10");
  await expect(page.getByLabel("Name")).toHaveValue("Captain Wren");
  await expect(page.getByLabel("Communication style")).toHaveValue("direct");
  await page.getByLabel("Personality traits").fill("bravery: 9\nwhimsy: 7");
  await page.getByLabel("Topics of interest").fill("knots, storms");
  await page.getByLabel("Signature phrases").fill("Steady as she goes");
  await page.getByLabel("Humor").selectOption("subtle");
  await page.getByRole("button", { name: "Create persona" }).click();
  await expect(page).toHaveURL(/\/personas$/);
  await expect(page.getByRole("listitem").filter({ hasText: "Captain Wren" })).toContainText("default");

  await startChat(page);
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("hello Captain Wren");
});

test("API keys: added keys show only their last four characters", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "keys"));
  await page.goto("/settings/keys");
  await page.getByLabel("Provider").selectOption("openai_compatible");
  await page.getByLabel("API key", { exact: true }).fill("sk-local-TOPSECRET-9Q7Z");
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByRole("alert")).toContainText("needs its base URL");
  await expect(page.getByLabel("API key", { exact: true })).toHaveValue("");
  await page.getByLabel("API key", { exact: true }).fill("sk-local-TOPSECRET-9Q7Z");
  await page.getByLabel("Base URL (optional)").fill("http://localhost:11434/v1");
  await page.getByLabel("Model (optional)").fill("llama3.2");
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByText("…9Q7Z")).toBeVisible();
  expect(await page.content()).not.toContain("TOPSECRET");
  await page.getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByText("inactive")).toBeVisible();
});

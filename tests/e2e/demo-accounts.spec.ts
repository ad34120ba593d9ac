/**
 * The demo accounts do what the README says they can, each with JavaScript on and off,
 * getting there through the header menu as a person would (no typed addresses):
 * Casey Creator creates a bot, imports a JSON card and edits a bot; Sam User starts a chat
 * and talks with a bot; Riley Support opens the seeded queue and replies to a ticket; Alex
 * Admin edits a help article in the content editor and readers see the change.
 *
 * The demo accounts are shared by every journey running at once (both projects, other
 * files): each run names what it makes uniquely, and where it changes seeded rows (a
 * ticket, an article) the two projects change different ones, so they never collide.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo } from "./support";

// Each journey is several pages long; on a loaded machine that takes longer than the default.
test.beforeEach(() => test.setTimeout(test.info().timeout * 2));

const jsOn = () => test.info().project.name === "js-on";
/** Unique per run and project: letters and digits only, so full-text search finds it. */
const token = () => `${test.info().project.name.replace(/[^a-z]/g, "")}${Date.now().toString(36)}`;

/** A link in the header: a top link, or one under "More" (opened first, no JS needed). */
async function openFromHeader(page: Page, name: string) {
  const main = page.getByRole("navigation", { name: "Main", exact: true });
  const top = main.getByRole("link", { name, exact: true });
  if (!(await top.isVisible())) await main.getByText("More", { exact: true }).click();
  await top.click();
}

test("Casey Creator creates a bot, imports a JSON card and edits a bot", async ({ page }) => {
  const word = token();
  await signInAsDemo(page, "Casey Creator");

  // Create: from My bots (she is on Plus, so past the free plan's bot limit).
  await openFromHeader(page, "My bots");
  await page.getByRole("link", { name: "Create a bot" }).click();
  const name = `Tide Reader ${word}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Description").fill("Reads the tides and the moods of the harbour.");
  await page.getByLabel("Greeting").fill("The tide is turning, {{user}}.");
  await page.getByRole("button", { name: "Create bot" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // Import a small V2 JSON card.
  const cardName = `Card Cartographer ${word}`;
  const card = {
    spec: "chara_card_v2",
    spec_version: "2.0",
    data: {
      name: cardName,
      description: "Draws maps of places that do not exist yet.",
      personality: "precise",
      scenario: "A map room.",
      first_mes: "Mind the ink.",
      mes_example: "",
      tags: ["maps"],
    },
  };
  await openFromHeader(page, "My bots");
  await page.getByRole("link", { name: "Import a card" }).click();
  await page.getByLabel("Card file").setInputFiles({
    name: "cartographer.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(card)),
  });
  await page.getByRole("button", { name: "Import card" }).click();
  await expect(page.getByRole("heading", { name: `Imported ${cardName}` })).toBeVisible();
  await expect(page.getByText("From a Character Card V2 JSON file")).toBeVisible();

  // Edit the imported bot from its report, then the one she created from My bots.
  await page.getByRole("link", { name: "Edit and publish" }).click();
  await page.getByLabel("Description").fill(`Draws maps ${word} of places that do not exist yet.`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: cardName })).toBeVisible();
  await expect(page.getByText(`Draws maps ${word} of places`)).toBeVisible();

  await openFromHeader(page, "My bots");
  await page.getByRole("link", { name: `Edit ${name}` }).click();
  await page.getByLabel("Description").fill(`Reads the tides ${word}, and the harbour's moods.`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(`Reads the tides ${word}, and the harbour's moods.`)).toBeVisible();
});

test("Sam User finds a bot, starts a chat and gets a reply", async ({ page }) => {
  const word = token();
  await signInAsDemo(page, "Sam User");
  await openFromHeader(page, "Explore");
  await page.getByLabel("Search").fill("gardener");
  await page.getByRole("button", { name: "Search" }).click();
  const botLink = page.locator("main article h3 a").first();
  const botName = (await botLink.textContent())!.trim();
  await botLink.click();
  await page.getByRole("button", { name: "Start chat" }).click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+$/);
  const messages = page.getByRole("list", { name: "Messages" }).getByRole("listitem");
  await expect(messages).toHaveCount(1); // the greeting
  if (jsOn()) await expect(page.locator("form[data-enhanced]")).toHaveCount(1);

  const text = `Hello from Sam ${word}`;
  const chatUrl = page.url();
  await page.getByLabel("Your message").fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  if (!jsOn()) {
    // With JS off the reply streams as its own page, which then returns to the chat.
    await expect(page.getByRole("heading", { name: `Reply from ${botName}` })).toBeVisible();
    await page.waitForURL((url) => url.toString().startsWith(chatUrl) && !url.pathname.endsWith("/reply"), {
      timeout: 15_000,
    });
  }
  // Sam's message, then the demo model's reply in character (it never repeats the message back).
  const turns = page.getByRole("list", { name: "Messages" }).locator("li[id^='m-']");
  await expect(turns).toHaveCount(3);
  await expect(turns.nth(1)).toContainText(text);
  await expect(turns.nth(2)).not.toContainText(text);
  await expect(turns.nth(2)).toContainText(/\w{3,}/);

  // The chat is in Sam's list.
  await openFromHeader(page, "Chats");
  await expect(page.locator(`main a[href="${new URL(chatUrl).pathname}"]`).first()).toBeVisible();
});

test("Riley Support opens the seeded queue and replies to a ticket", async ({ page }) => {
  const word = token();
  // Each project answers a different seeded ticket, so the two never race on one.
  const subject = jsOn() ? "Idea: folders for my bots" : "Charged twice for Plus";
  await signInAsDemo(page, "Riley Support");
  await openFromHeader(page, "Staff");
  await expect(page.getByRole("heading", { name: "Staff console" })).toBeVisible();
  await page
    .getByRole("navigation", { name: "Staff console" })
    .getByRole("link", { name: "Tickets", exact: true })
    .click();
  await page.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  await page.getByLabel("Reply (the user sees this)").fill(`Thanks for telling us (${word}). We are on it.`);
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByText("Reply sent to the user.")).toBeVisible();
  await expect(page.getByText(`Thanks for telling us (${word}). We are on it.`)).toBeVisible();
});

test("Alex Admin edits a help article in the content editor and readers see it", async ({ page }) => {
  const word = token();
  // Each project edits a different seeded article, so the two never race on one.
  const [title, slug] = jsOn()
    ? ["Personas: who you are in a chat", "personas"]
    : ["Privacy and your data", "privacy-and-your-data"];
  await signInAsDemo(page, "Alex Admin");
  await openFromHeader(page, "Staff");
  await page
    .getByRole("navigation", { name: "Staff console" })
    .getByRole("link", { name: "Content", exact: true })
    .click();
  await page.getByRole("link", { name: "Documentation" }).click();
  await page.getByRole("link", { name: title, exact: true }).click();
  await expect(page.getByRole("heading", { name: "Edit: Documentation" })).toBeVisible();
  const content = page.getByLabel("Content", { exact: true });
  const before = await content.inputValue();
  await content.fill(`${before}\n\nLast reviewed by the team: ${word}.`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  // Readers find the change from the Help center.
  await openFromHeader(page, "Help");
  await page.getByRole("link", { name: title, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/help/${slug}$`));
  await expect(page.getByText(`Last reviewed by the team: ${word}.`)).toBeVisible();
});

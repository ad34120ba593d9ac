/** Knowledge journeys: write, validate, embed, edit, upload and delete entries (JS on and off). */
import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo } from "./support";

const unique = (label: string, project: string) => `${label} ${project} ${Date.now().toString(36)}`;

async function waitForEmbedded(page: Page) {
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByText("Embedded", { exact: true }).isVisible();
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

test("a creator writes, fixes, embeds, edits and deletes a knowledge entry", async ({ page }, testInfo) => {
  const title = unique("Harbor facts", testInfo.project.name);
  await signInAsDemo(page, "Casey Creator");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Knowledge" }).click();
  await expect(page.getByRole("heading", { name: "Knowledge", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "New entry" }).click();

  // A missing title is refused and what was typed is kept.
  await page.getByLabel("Content", { exact: true }).fill("The harbor opens at dawn.\n\nBoats leave at noon.");
  await page.getByLabel("Bot", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: "Create entry" }).click();
  await expect(page.getByText("Title is required.").first()).toBeVisible();
  await expect(page.getByLabel("Content", { exact: true })).toHaveValue(
    "The harbor opens at dawn.\n\nBoats leave at noon.",
  );

  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Priority", { exact: true }).selectOption("high");
  await page.getByRole("button", { name: "Create entry" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await waitForEmbedded(page);
  await expect(page.getByText(/1 chunk, local\/hashing-ngram-v1, 768 dimensions/)).toBeVisible();

  await page.getByLabel("Title", { exact: true }).fill(`${title} (edited)`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: `${title} (edited)`, level: 1 })).toBeVisible();

  await page.goto("/knowledge");
  await expect(page.getByRole("link", { name: `${title} (edited)` })).toBeVisible();
  await page.getByRole("link", { name: `${title} (edited)` }).click();
  await page.getByRole("button", { name: "Delete this entry" }).click();
  await expect(page).toHaveURL(/\/knowledge$/);
  await expect(page.getByRole("link", { name: `${title} (edited)` })).toHaveCount(0);
});

test("a world info entry keeps its lorebook settings", async ({ page }, testInfo) => {
  const title = unique("Northern pass", testInfo.project.name);
  await signInAsDemo(page, "Casey Creator");
  await page.goto("/knowledge/new?type=world_info");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Content", { exact: true }).fill("The northern pass is snowbound in winter.");
  await page.getByLabel("Keys", { exact: true }).fill("northern pass, the pass");
  await page.getByLabel("Match whole words only").check();
  await page.getByLabel("Position").selectOption("after_char");
  await page.getByLabel("Insertion order").fill("7");
  await page.getByRole("button", { name: "Create entry" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText("Keyword-activated")).toBeVisible();
  await expect(page.getByLabel("Keys", { exact: true })).toHaveValue("northern pass, the pass");
  await expect(page.getByLabel("Match whole words only")).toBeChecked();
  await expect(page.getByLabel("Position")).toHaveValue("after_char");
  await expect(page.getByLabel("Insertion order")).toHaveValue("7");
});

test("a creator sets a bot's lorebook budget and recursion", async ({ page }, testInfo) => {
  await signInAsDemo(page, "Casey Creator");
  await page.goto("/knowledge");
  await page
    .locator("section", { has: page.getByRole("heading", { name: "Lorebooks" }) })
    .getByRole("link")
    .nth(testInfo.project.name === "js-off" ? 1 : 0)
    .click();
  await expect(page.getByRole("heading", { name: /^Lorebook of / })).toBeVisible();
  await page.getByLabel("Token budget").fill("0");
  await page.getByRole("button", { name: "Save lorebook settings" }).click();
  await expect(page.getByText("Token budget must be a whole number from 1 to 8000.").first()).toBeVisible();
  await page.getByLabel("Token budget").fill("300");
  await page.getByLabel("Recursive scanning").check();
  await page.getByRole("button", { name: "Save lorebook settings" }).click();
  await expect(page.getByLabel("Token budget")).toHaveValue("300");
  await expect(page.getByLabel("Recursive scanning")).toBeChecked();
});

test("uploading a Markdown document makes an entry; a disguised binary is refused", async ({ page }, testInfo) => {
  await signInAsDemo(page, "Casey Creator");
  await page.goto("/knowledge/upload");
  await page.getByLabel("Document").setInputFiles({
    name: "fake.txt",
    mimeType: "text/plain",
    buffer: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34]),
  });
  await page.getByLabel("Title", { exact: true }).fill("Kept title");
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("That file is not plain text.").first()).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Kept title");

  const name = `tide-tables-${testInfo.project.name}-${Date.now().toString(36)}`;
  await page.getByLabel("Document").setInputFiles({
    name: `${name}.md`,
    mimeType: "text/markdown",
    buffer: Buffer.from("# Tides\n\nHigh tide is at six. Café ☕.\n\nLow tide is at noon."),
  });
  await page.getByLabel("Title", { exact: true }).fill("");
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("heading", { name: name.replace(/-/g, " "), level: 1 })).toBeVisible();
  await expect(page.getByLabel("Content", { exact: true })).toHaveValue(
    "# Tides\n\nHigh tide is at six. Café ☕.\n\nLow tide is at noon.",
  );
  await waitForEmbedded(page);
});

test("someone else's entry is a 404", async ({ page, browser }, testInfo) => {
  await signInAsDemo(page, "Casey Creator");
  await page.goto("/knowledge/new");
  const title = unique("Private notes", testInfo.project.name);
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Content", { exact: true }).fill("Only Casey should read this.");
  await page.getByRole("button", { name: "Create entry" }).click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  const url = page.url();

  const other = await browser.newPage({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
  await signInAsDemo(other, "Sam User");
  const response = await other.goto(url);
  expect(response?.status()).toBe(404);
  await expect(other.getByText("Only Casey should read this.")).toHaveCount(0);
  await other.close();
});

/** Bot journeys: find a bot by search and tag, like it; create a bot with an avatar,
 * get a 400 that keeps what was typed, edit and delete it. JS on and off. */
import { expect, test } from "@playwright/test";
import { makePng } from "../support/images";
import { signInWithEmail, uniqueEmail } from "./support";

test("find a bot by search and by tag, then like it and take the like back", async ({ page }, testInfo) => {
  await page.goto("/bots");
  await expect(page.getByRole("heading", { name: "Explore bots" })).toBeVisible();
  await page.getByLabel("Search").fill("librarian");
  await page.getByRole("button", { name: "Search" }).click();
  // Served straight from the form's URL (no redirect); the page names its canonical URL.
  await expect(page).toHaveURL(/\/bots\?q=librarian&sort=recommended$/);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
    "href",
    new URL("/bots?q=librarian", page.url()).href,
  );
  const results = page.locator("main ul li article");
  await expect(results.first()).toContainText("Librarian");
  expect(await results.count()).toBeGreaterThan(1);
  expect(await results.count()).toBeLessThanOrEqual(20);

  // Narrow by tag: the search stays, the URL is stable.
  await page.getByRole("link", { name: "#fantasy" }).click();
  await expect(page).toHaveURL(/\/bots\?q=librarian&tag=fantasy$/);
  await expect(page.getByText(/tagged #fantasy/)).toBeVisible();
  // Paging on an unfiltered list has numbered, stable links.
  await page.goto("/bots?sort=newest");
  await page
    .getByRole("navigation", { name: "Explore pages" })
    .getByRole("link", { name: "Page 2", exact: true })
    .click();
  await expect(page).toHaveURL(/\/bots\?sort=newest&page=2$/);

  await page.goto("/bots?q=librarian&tag=fantasy");
  const botLink = page.locator("main article h3 a").first();
  const botName = (await botLink.textContent())!.trim();
  await botLink.click();
  await expect(page.getByRole("heading", { level: 1, name: botName })).toBeVisible();
  await expect(page.getByRole("button", { name: "Start chat" })).toBeVisible();

  // Signed out: asked to sign in; then like for real.
  await expect(page.getByText("to like, favorite, rate or report this bot")).toBeVisible();
  const botPath = new URL(page.url()).pathname;
  await signInWithEmail(page, uniqueEmail(testInfo, "liker"));
  await page.goto(botPath);
  await page.getByRole("button", { name: "♡ Like" }).click();
  await expect(page.getByRole("status")).toHaveText("You liked this bot.");
  await expect(page.getByRole("button", { name: "♥ Liked — unlike" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "♥ Liked — unlike" }).click();
  await expect(page.getByRole("status")).toHaveText("You removed your like.");
  await expect(page.getByRole("button", { name: "♡ Like" })).toBeVisible();
});

test("a search that finds nothing says what to do", async ({ page }) => {
  await page.goto("/bots?q=zzqxv%22%20OR%20(");
  await expect(page.getByText("No public bot matches that search.")).toBeVisible();
  await expect(page.getByText(/Try fewer or shorter words/)).toBeVisible();
});

test("create a bot with an avatar; a bad submit is a 400 that keeps the typing; edit; delete after confirming", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "maker"), "creator");
  const name = `Harbor Pilot ${testInfo.project.name} ${Date.now().toString(36)}`;
  await page.goto("/bots/new");

  // First a bad address: 400, error shown, everything typed still there.
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Address").fill("Not A Slug!");
  await page.getByLabel("Description").fill("Guides ships through the fog.");
  await page.getByLabel("Tags").fill("adventure, sea");
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "Create bot" }).click(),
  ]);
  expect(bad.status()).toBe(400);
  await expect(page.getByText("Use lowercase letters, numbers and single hyphens").first()).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(name);
  await expect(page.getByLabel("Description")).toHaveValue("Guides ships through the fog.");
  await expect(page.getByLabel("Tags")).toHaveValue("adventure, sea");

  // Fix it: empty address (generated from the name) and an avatar.
  await page.getByLabel("Address").fill("");
  await page.getByLabel("Greeting").fill("Ahoy, {{user}}!");
  await page.getByLabel("Avatar").setInputFiles({
    name: "pilot.png",
    mimeType: "image/png",
    buffer: Buffer.from(await makePng(64, 64, [20, 90, 160])),
  });
  await page.getByRole("button", { name: "Create bot" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/").pop()!;
  expect(slug).toMatch(/^harbor-pilot-js-o(n|ff)-[a-z0-9]+$/);
  const avatar = page.locator("main header img");
  await expect(avatar).toBeVisible();
  const avatarResponse = await page.request.get((await avatar.getAttribute("src"))!);
  expect(avatarResponse.headers()["content-type"]).toBe("image/png");
  // Macros read as names on the bot page: {{user}} is the reader (issue 12).
  await expect(page.getByRole("region", { name: "Greeting" })).toContainText(/Ahoy, [^{]+!/);
  await expect(page.getByText("{{user}}")).toHaveCount(0);

  // Edit, then it shows in My bots.
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await page.getByLabel("Description").fill("Guides ships through fog and storms.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Guides ships through fog and storms.")).toBeVisible();
  await page.getByRole("link", { name: "My bots" }).click();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();

  // Delete asks first.
  await page.goto(`/bots/${slug}`);
  await page.getByRole("link", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Delete ${name}?` })).toBeVisible();
  await page.getByRole("button", { name: `Yes, delete ${name}` }).click();
  await expect(page.getByText("The bot was deleted.")).toBeVisible();
  expect((await page.request.get(`/bots/${slug}`)).status()).toBe(404);
});

test("someone else's bot cannot be edited: 404", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "nosy"));
  const response = await page.goto("/bots/gentle-librarian/edit");
  expect(response?.status()).toBe(404);
});

test("NSFW bots stay hidden until a signed-in user opts in on the content settings page", async ({
  page,
}, testInfo) => {
  // seed-bot-007 "Gentle Gardener" is public and marked NSFW in the demo seed.
  expect((await page.goto("/bots/gentle-gardener"))?.status()).toBe(403);
  // Signed out, the search finds the SFW "Curious Gardener" but not the NSFW one.
  await page.goto("/bots?q=gardener");
  await expect(page.getByRole("link", { name: "Curious Gardener", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Gentle Gardener", exact: true })).toHaveCount(0);

  await signInWithEmail(page, uniqueEmail(testInfo, "adult"));
  await page.goto("/settings/content");
  await expect(page.getByLabel("Show bots marked NSFW")).not.toBeChecked();
  await page.getByLabel("Show bots marked NSFW").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByLabel("Show bots marked NSFW")).toBeChecked();

  await page.goto("/bots?q=gardener");
  await expect(page.getByRole("link", { name: "Gentle Gardener", exact: true })).toBeVisible();
  expect((await page.goto("/bots/gentle-gardener"))?.status()).toBe(200);
});

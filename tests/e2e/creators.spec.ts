/** Creator journeys: directory search, follow → /following, edit a profile with an
 * avatar (and a 400 that keeps what was typed), the dashboard's charts, programs. */
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { makePng } from "../support/images";
import { signInAsDemo, signInWithEmail, uniqueEmail } from "./support";

/** A username unique to this test run and project (both projects share one database). */
function uniqueUsername(testInfo: TestInfo, label: string): string {
  return `${label}-${testInfo.project.name.replace("js-", "")}${testInfo.workerIndex}-${Date.now().toString(36)}`.slice(
    0,
    30,
  );
}

async function submitAndWait(page: Page, click: () => Promise<void>) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), click()]);
  return response;
}

test("directory: search by name and specialty; unlisted and private creators are never listed", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Creators" }).click();
  await expect(page.getByRole("heading", { name: "Creators", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Casey Creator" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Kind Bots" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Quiet Drafts" })).toHaveCount(0);

  await page.getByLabel("Search creators").fill("moon");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/creators\?q=moon$/);
  await expect(page.getByText("1 creator matches “moon”.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Moon Weaver" })).toBeVisible();

  await page.getByLabel("Search creators").fill("no creator is called this");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText(/No creators match/)).toBeVisible();

  // Unlisted: reachable by link; private: the same 404 as a missing page.
  await page.goto("/creators/kindbots");
  await expect(page.getByRole("heading", { name: "Kind Bots" })).toBeVisible();
  const hidden = await page.goto("/creators/quietdrafts");
  expect(hidden?.status()).toBe(404);
});

test("follow a creator from their profile, see them on /following, then unfollow", async ({ page }, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "follower"));
  await page.goto("/creators/moonweaver");
  await expect(page.getByRole("heading", { name: "Moon Weaver", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Public bots/ })).toBeVisible();
  await page.getByRole("button", { name: "Follow Moon Weaver" }).click();
  await expect(page).toHaveURL(/\/creators\/moonweaver$/);
  await expect(page.getByRole("button", { name: "Unfollow Moon Weaver" })).toBeVisible();

  await page.goto("/following");
  await expect(page.getByRole("heading", { name: "Creators you follow (1)" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Moon Weaver" })).toBeVisible();
  // Their newest bots, as bot cards linking to bot pages.
  const newest = page
    .getByRole("region", { name: "Their newest bots" })
    .or(page.locator("section", { has: page.getByRole("heading", { name: "Their newest bots" }) }));
  expect(await newest.locator('a[href^="/bots/"]').count()).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Unfollow Moon Weaver" }).click();
  await expect(page).toHaveURL(/\/following$/);
  await expect(page.getByText("You don't follow any creators yet.")).toBeVisible();
});

test("signed out, Follow asks to sign in and comes back to the profile", async ({ page }) => {
  await page.goto("/creators/quillandink");
  await page.getByRole("button", { name: "Follow Quill & Ink" }).click();
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fcreators%2Fquillandink/);
});

test("create and edit a creator profile: a 400 keeps what was typed, an avatar upload shows on the public page", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "maker"));
  const username = uniqueUsername(testInfo, "maker");
  await page.goto("/my/profile");
  await expect(page.getByRole("heading", { name: "Create your creator profile" })).toBeVisible();

  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Display name").fill("Maker Typed Name");
  await page.getByLabel("Bio").fill("A bio I do not want to type twice.");
  await page.getByLabel("Specialties").fill("fantasy, cozy");
  await page.getByLabel("Website").fill("not a web address");
  const bad = await submitAndWait(page, () => page.getByRole("button", { name: "Create profile" }).click());
  expect(bad.status()).toBe(400);
  await expect(page.getByText("Website link must be a full web address").first()).toBeVisible();
  await expect(page.getByLabel("Display name")).toHaveValue("Maker Typed Name");
  await expect(page.getByLabel("Bio")).toHaveValue("A bio I do not want to type twice.");
  await expect(page.getByLabel("Username")).toHaveValue(username);

  await page.getByLabel("Website").fill("https://maker.example");
  await page
    .getByLabel("Avatar")
    .setInputFiles({ name: "avatar.png", mimeType: "image/png", buffer: Buffer.from(await makePng(48, 48)) });
  await page.getByLabel("I accept commissions").check();
  await page.getByLabel("Commission details").fill("Custom bots from $15.");
  await page.getByRole("button", { name: "Create profile" }).click();
  await expect(page.getByText("Your profile is saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "My creator profile" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Current avatar" })).toBeVisible();

  // Edit: a new display name, then preview as the public sees it.
  await page.getByLabel("Display name").fill("Maker Renamed");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile is saved.")).toBeVisible();
  await page.getByRole("link", { name: "Preview as the public sees it" }).click();
  await expect(page.getByText("This is what everyone sees at your public address.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Maker Renamed", level: 1 })).toBeVisible();

  await page.goto(`/creators/${username}`);
  await expect(page.getByRole("heading", { name: "Maker Renamed", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Open for commissions" })).toBeVisible();
  await expect(page.getByText("Custom bots from $15.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Website" })).toHaveAttribute("href", "https://maker.example");
  const avatar = page.locator('article img[src^="/media/"]').first();
  await expect(avatar).toBeVisible();
  const image = await page.request.get((await avatar.getAttribute("src"))!);
  expect(image.headers()["content-type"]).toBe("image/png");
  // An owner sees an edit link instead of Follow.
  await expect(page.getByRole("link", { name: "Edit profile" })).toBeVisible();
});

test("the creator dashboard shows SVG charts with the numbers in tables", async ({ page }) => {
  await signInAsDemo(page, "Casey Creator");
  await page.goto("/my/dashboard");
  await expect(page.getByRole("heading", { name: "Creator dashboard" })).toBeVisible();
  await expect(page.getByRole("img", { name: /New followers per day/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /New conversations, likes and favorites per day/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Conversations per bot/ })).toBeVisible();
  // The numbers beside the charts: 30 days, and a row per bot.
  await expect(page.getByRole("table", { name: "New followers per day" }).locator("tbody tr")).toHaveCount(30);
  expect(
    await page
      .getByRole("table", { name: /Numbers per bot/ })
      .locator("tbody tr")
      .count(),
  ).toBeGreaterThan(10);
  expect(await page.locator("script").count()).toBe(0);
});

test("creator programs: a new creator applies (a 400 for an empty message) and sees the status", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "applicant"), "creator");
  await page.goto("/programs");
  await expect(page.getByText("Programs are for creators.")).toBeVisible();
  await page.goto("/my/profile");
  await page.getByLabel("Username").fill(uniqueUsername(testInfo, "appl"));
  await page.getByLabel("Display name").fill("Applicant");
  await page.getByRole("button", { name: "Create profile" }).click();
  await expect(page.getByText("Your profile is saved.")).toBeVisible();

  await page.goto("/programs");
  await expect(page.getByRole("heading", { name: "Rising Creators" })).toBeVisible();
  await expect(page.getByText("Homepage feature for a week")).toBeVisible();
  const applyForm = page.locator("form", { has: page.getByRole("button", { name: "Send application" }) });
  await applyForm.getByLabel("Program").selectOption({ label: "Rising Creators" });
  const empty = await submitAndWait(page, () => applyForm.getByRole("button", { name: "Send application" }).click());
  expect(empty.status()).toBe(400);
  await expect(page.getByText("Your message is required.").first()).toBeVisible();
  await expect(applyForm.getByLabel("Program")).toHaveValue("seed-program-rising");
  await applyForm.getByLabel("Why you'd like to join").fill("I make cozy fantasy bots.");
  await applyForm.getByRole("button", { name: "Send application" }).click();
  await expect(page.getByText("Thanks — your application is in.")).toBeVisible();
  const rising = page.getByRole("region", { name: "Rising Creators" });
  await expect(rising.getByText("pending", { exact: true })).toBeVisible();
  // Only programs not applied to are offered again.
  await expect(applyForm.getByLabel("Program").locator("option")).toHaveText(["Partner Program"]);
});

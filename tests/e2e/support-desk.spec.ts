/**
 * The support desk and the staff console, each journey with JavaScript on and off:
 * a ticket from a user with a conversation attached, worked by Riley Support (assign,
 * internal note, saved reply, resolve) and read back by the user; a report that gets a bot
 * unpublished and off Explore; an application rejected with a reason.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo, signInWithEmail, uniqueEmail } from "./support";

/** A token that survives full-text search (letters and digits only). */
function token(project: string): string {
  return `${project.replace(/[^a-z]/g, "")}${Date.now().toString(36)}`;
}

async function switchTo(page: Page, name: "Sam User" | "Riley Support" | "Alex Admin") {
  await page.context().clearCookies();
  await signInAsDemo(page, name);
}

async function submitAndWait(page: Page, click: () => Promise<void>) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), click()]);
  return response;
}

test("a ticket with a conversation attached is worked by support and the user sees the reply, never the note", async ({
  page,
}, testInfo) => {
  const word = token(testInfo.project.name);
  const subject = `Replies stop early ${word}`;
  await signInAsDemo(page, "Sam User");
  await page.goto("/support/new");
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("What is it about?").selectOption("bug");
  await page.getByLabel("Description").fill("The reply stops after one sentence.");
  await page.getByLabel("Attach a conversation (optional)").selectOption({ label: "First visit" });
  await page.getByRole("button", { name: "Send to support" }).click();
  await expect(page.getByText("Your ticket is open.")).toBeVisible();
  const ticketPath = new URL(page.url()).pathname;

  await switchTo(page, "Riley Support");
  await page.goto(`/staff/tickets?q=${word}`);
  await page.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { name: "Attached conversation" })).toBeVisible();
  await expect(page.getByText(/Last \d+ messages\. Redacted: /)).toBeVisible();

  await page.getByLabel("Assign to").selectOption("me");
  await page.getByRole("button", { name: "Save assignee" }).click();
  await expect(page.getByText("Assignment saved.")).toBeVisible();

  await page.getByLabel("Note", { exact: true }).fill(`Internal only ${word}: check provider timeouts`);
  await page.getByRole("button", { name: "Add internal note" }).click();
  await expect(page.getByText("Internal note added.")).toBeVisible();
  await expect(page.getByText(/not visible to the user/)).toBeVisible();

  await page.getByLabel("Saved reply").selectOption({ label: "Thanks, looking into it" });
  await page.getByRole("button", { name: "Insert" }).click();
  await expect(page.getByLabel("Reply (the user sees this)")).toHaveValue(/Thanks for writing in!/);
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByText("Reply sent to the user.")).toBeVisible();

  // Resolving without a resolution is refused and keeps the chosen status.
  const statusForm = page.locator("form", { has: page.getByRole("button", { name: "Save", exact: true }) });
  await statusForm.getByLabel("Status").selectOption("resolved");
  const refused = await submitAndWait(page, () =>
    statusForm.getByRole("button", { name: "Save", exact: true }).click(),
  );
  expect(refused.status()).toBe(400);
  await expect(page.getByText("Write a resolution before resolving").first()).toBeVisible();
  await expect(statusForm.getByLabel("Status")).toHaveValue("resolved");
  await statusForm.getByLabel(/^Resolution/).fill("Fixed in today's release.");
  await statusForm.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Ticket updated.")).toBeVisible();

  await switchTo(page, "Sam User");
  await page.goto(ticketPath);
  await expect(page.getByText("Thanks for writing in!")).toBeVisible();
  await expect(page.getByText("Fixed in today's release.")).toBeVisible();
  await expect(page.getByText(`Internal only ${word}`)).toHaveCount(0);
  await page.goto("/notifications");
  await expect(page.getByRole("link", { name: `Support replied: ${subject}` })).toBeVisible();
});

test("a reported bot is unpublished by support and disappears from Explore", async ({ page }, testInfo) => {
  const word = token(testInfo.project.name);
  const name = `Spam Seller ${word}`;
  await signInWithEmail(page, uniqueEmail(testInfo, "spammer"), "creator");
  await page.goto("/bots/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Description").fill("Buy cheap followers.");
  await page.getByLabel("Public").check();
  await page.getByRole("button", { name: "Create bot" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const botPath = new URL(page.url()).pathname;
  await page.goto(`/bots?q=${word}`);
  await expect(page.getByRole("link", { name }).first()).toBeVisible();

  await switchTo(page, "Sam User");
  await page.goto(botPath);
  await page.getByText("Report this bot").click();
  await page.getByLabel("Reason").selectOption("spam");
  await page.getByLabel("Details (optional)").fill("Advertises followers for sale.");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByText("your report was sent to our moderators")).toBeVisible();

  await switchTo(page, "Riley Support");
  await page.goto("/staff/reports");
  const report = page.locator("li", { has: page.getByRole("link", { name }) });
  await expect(report.getByText("Advertises followers for sale.")).toBeVisible();
  await report.getByLabel("Note (the creator sees it)").fill("Selling followers is spam.");
  await report.getByRole("button", { name: "Unpublish (make private)" }).click();
  // Unpublishing asks first.
  await expect(page.getByRole("heading", { name: `Unpublish the bot ${name}?` })).toBeVisible();
  await page.getByRole("button", { name: "Yes, unpublish" }).click();
  await expect(page.getByText("The creator and the reporter were notified.")).toBeVisible();

  await page.context().clearCookies();
  await page.goto(`/bots?q=${word}`);
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  expect((await page.request.get(botPath)).status()).toBe(404);
});

test("a program application is rejected with a reason the creator sees on /programs", async ({ page }, testInfo) => {
  const username = `appl${token(testInfo.project.name)}`.slice(0, 30);
  const email = uniqueEmail(testInfo, "applicant");
  await signInWithEmail(page, email, "creator");
  await page.goto("/my/profile");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Display name").fill("Applicant");
  await page.getByRole("button", { name: "Create profile" }).click();
  await expect(page.getByText("Your profile is saved.")).toBeVisible();
  await page.goto("/programs");
  const applyForm = page.locator("form", { has: page.getByRole("button", { name: "Send application" }) });
  await applyForm.getByLabel("Program").selectOption({ label: "Rising Creators" });
  await applyForm.getByLabel("Why you'd like to join").fill("I make cozy fantasy bots.");
  await applyForm.getByRole("button", { name: "Send application" }).click();
  await expect(page.getByText("Thanks — your application is in.")).toBeVisible();

  await switchTo(page, "Riley Support");
  await page.goto("/staff/applications");
  const application = page.locator("li", { has: page.getByRole("link", { name: `@${username}` }) });
  await expect(application.getByText("✗ Does not meet: Followers — has 0, needs 50")).toBeVisible();
  const empty = await submitAndWait(page, () => application.getByRole("button", { name: "Reject" }).click());
  expect(empty.status()).toBe(400);
  await application.getByLabel("Reason (the creator sees it)").fill("Come back when you have 50 followers.");
  await application.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Application rejected. The creator was notified.")).toBeVisible();

  await page.context().clearCookies();
  await signInWithEmail(page, email, "creator");
  await page.goto("/programs");
  const rising = page.getByRole("region", { name: "Rising Creators" });
  await expect(rising.getByText("rejected", { exact: true })).toBeVisible();
  await expect(rising.getByText("Come back when you have 50 followers.")).toBeVisible();
});

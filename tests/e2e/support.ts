/** Shared steps for journeys. Each helper works the same with JavaScript on or off. */
import { expect, type Page, type TestInfo } from "@playwright/test";

/** What a browser sends with a form post from one of our pages: scripts posting through
 * `page.request` send it too (a write with neither Origin nor Referer needs the form token). */
export function sameOrigin(page: Page): Record<string, string> {
  const url = new URL(page.url());
  return { Origin: url.origin };
}

/** A unique email per test and project, so JS-on and JS-off runs never share a user. */
export function uniqueEmail(testInfo: TestInfo, label: string): string {
  const slug = `${label}-${testInfo.project.name}-${testInfo.workerIndex}-${Date.now().toString(36)}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-");
  return `${slug}@e2e.botcafe.test`;
}

export async function signInWithEmail(
  page: Page,
  email: string,
  role: "user" | "creator" | "support" | "admin" = "user",
) {
  await page.goto("/sign-in");
  const form = page.locator("form", { has: page.getByLabel("Email") });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role for a new account").selectOption(role);
  await form.getByRole("button", { name: "Sign in" }).click();
  await completeSignUpIfAsked(page);
  await expect(page.getByText(`Signed in as`)).toBeVisible();
}

/**
 * A first sign-in (and any sign-in after new terms took effect) stops at /legal/accept:
 * accept the documents, giving an adult's date of birth when asked, and end up where the
 * sign-in was going.
 */
export async function completeSignUpIfAsked(page: Page, birthDate = "1990-04-23") {
  await page.waitForURL((url) => url.pathname !== "/sign-in");
  if (!new URL(page.url()).pathname.startsWith("/legal/accept")) return;
  const birth = page.getByLabel("Date of birth");
  if (await birth.count()) await birth.fill(birthDate);
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: /^Accept and/ }).click();
  await expect(page).not.toHaveURL(/\/legal\/accept/);
}

export async function signInAsDemo(page: Page, name: "Alex Admin" | "Casey Creator" | "Sam User" | "Riley Support") {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
}

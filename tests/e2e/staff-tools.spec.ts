/**
 * Staff tools journeys, each with JavaScript on and off, on a 360 px phone and a desktop:
 * an admin with new terms to accept finds a user by part of their email, types a
 * suspension reason, meets the terms gate, accepts — and the suspension (after its
 * "Are you sure?") is applied with the reason they typed. The audit log then says it in a
 * sentence, with the raw JSON behind "Details".
 */
import { expect, test } from "@playwright/test";
import { signInWithEmail, uniqueEmail } from "./support";

const SCREENS = [
  { name: "phone", viewport: { width: 360, height: 800 } },
  { name: "desktop", viewport: { width: 1280, height: 900 } },
] as const;

for (const screen of SCREENS) {
  test(`(${screen.name}) a suspension typed before the terms gate is applied after accepting`, async ({
    page,
  }, testInfo) => {
    // A long journey (two sign-ins, the terms step, a confirm step, the audit log).
    test.setTimeout(test.info().timeout * 2);
    await page.setViewportSize(screen.viewport);
    // The person to suspend: a fresh account.
    const targetEmail = uniqueEmail(testInfo, `suspendme-${screen.name}`);
    await signInWithEmail(page, targetEmail);
    await page.context().clearCookies();

    // A seeded admin who accepted only the old terms (db/seed/legal.ts).
    await signInWithEmail(page, `returning-admin-${screen.name}-${testInfo.project.name}@returning.botcafe.test`);
    await page.goto("/staff/users");
    await page.getByLabel("Part of an email or name").fill(targetEmail.slice(0, 14).toUpperCase());
    await page.getByRole("button", { name: "Find" }).click();
    await page
      .getByRole("link", { name: targetEmail.split("@")[0]! })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 2, name: targetEmail.split("@")[0]! })).toBeVisible();

    const reason = `Spam links in every bot (${screen.name}, ${testInfo.project.name})`;
    await page.getByLabel("Reason for suspending (required)").fill(reason);
    await page.getByRole("button", { name: /^Suspend/ }).click();

    // The terms gate: the change is kept while the admin reads and accepts.
    await expect(page.getByRole("heading", { name: "Our terms have changed" })).toBeVisible();
    await expect(page.getByText("Your change has not been lost")).toBeVisible();
    await page.getByRole("checkbox", { name: "I have read and accept these documents" }).check();
    await page.getByRole("button", { name: "Accept and apply my change" }).click();

    // The suspension asks first, with the reason typed before the gate.
    await expect(page.getByRole("heading", { name: /^Suspend .*\?$/ })).toBeVisible();
    await expect(page.getByText(reason)).toBeVisible();
    await page.getByRole("button", { name: "Yes, suspend" }).click();
    await expect(page.getByText("The user is suspended and their public bots are hidden.")).toBeVisible();
    await expect(page.getByText(/^Suspended since/)).toBeVisible();

    // The audit log says it in words; the JSON is behind Details.
    await page.goto("/staff/audit?action=user.suspend");
    const entry = page.getByRole("listitem").filter({ hasText: reason });
    await expect(entry.getByText(new RegExp(`suspended ${targetEmail.split("@")[0]}`))).toBeVisible();
    await expect(entry.getByText('"suspended_at":null')).toBeHidden();
    await entry.getByText("Details").click();
    await expect(entry.getByText('"suspended_at":null')).toBeVisible();
    // Nothing on the page is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.viewport.width);
  });
}

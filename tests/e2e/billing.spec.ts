/** Billing journeys, JS on and off: buy a token package through the local checkout and
 * see the balance and the ledger row; subscribe and see the plan; send a gift and see it
 * on the other side. (Offline, the local checkout delivers signed events to the real
 * webhook handler — nothing is credited from the return page.) */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signInWithEmail, uniqueEmail } from "./support";

test("buy a token package through the local checkout; the balance and a ledger row show it", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "buyer"));
  await page.goto("/billing");
  // A newcomer starts on the free tier with this month's allowance.
  await expect(page.getByTestId("tier")).toHaveText("Free");
  await expect(page.getByTestId("balance")).toHaveText("20,000 tokens");
  await expect(page.getByRole("row", { name: /Monthly allowance/ })).toContainText("+20,000");

  await page.goto("/pricing");
  await expect(page.getByRole("heading", { name: "Pricing" })).toBeVisible();
  await page.getByRole("button", { name: "Buy Small pack" }).click();
  await expect(page).toHaveURL(/\/billing\/local-checkout\?package=pack-small$/);
  await expect(page.getByRole("heading", { name: "Local checkout" })).toBeVisible();
  await page.getByRole("button", { name: /Pay \$2\.99/ }).click();
  await expect(page).toHaveURL(/\/billing\/return\?kind=package&session_id=cs_local_/);
  await expect(page.getByTestId("applied")).toHaveText("10,000 tokens were added to your balance.");

  await page.getByRole("link", { name: "Go to billing" }).click();
  await expect(page.getByTestId("balance")).toHaveText("30,000 tokens");
  const row = page.getByRole("row", { name: /Token package/ });
  await expect(row).toContainText("+10,000");
  await expect(row).toContainText("30,000");
  await expect(
    page
      .getByRole("region", { name: "Payments" })
      .or(page.locator("section", { has: page.getByRole("heading", { name: "Payments" }) })),
  ).toContainText("Small pack");
});

test("subscribe to a plan through the local checkout and see the tier; cancel returns to free", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "subscriber"));
  await page.goto("/pricing");
  await page.getByRole("button", { name: "Subscribe to Plus" }).click();
  await expect(page).toHaveURL(/\/billing\/local-checkout\?tier=tier-plus&interval=month$/);
  await page.getByRole("button", { name: /Pay \$7\.99/ }).click();
  await expect(page.getByTestId("applied")).toHaveText("You are now on the Plus plan.");
  await page.goto("/billing");
  await expect(page.getByTestId("tier")).toHaveText("Plus");
  await expect(page.getByTestId("balance")).toHaveText("120,000 tokens");
  await page.getByRole("button", { name: "Manage subscription" }).click();
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  await expect(page).toHaveURL(/\/billing$/);
  await expect(page.getByTestId("tier")).toHaveText("Free");
});

test("send a gift by email; the recipient sees it; too much is a 400 that keeps the typing", async ({
  page,
}, testInfo) => {
  const recipient = uniqueEmail(testInfo, "giftee");
  await signInWithEmail(page, recipient);
  await page.context().clearCookies();
  await signInWithEmail(page, uniqueEmail(testInfo, "gifter"));
  await page.goto("/gifts");
  await page.getByLabel("To", { exact: true }).fill(recipient);
  await page.getByLabel("Tokens", { exact: true }).fill("999999");
  await page.getByLabel("Message (optional)").fill("For your birthday");
  await page.getByRole("button", { name: "Send gift" }).click();
  await expect(page.getByRole("alert")).toContainText("You have 20,000 tokens; send at most that.");
  await expect(page.getByLabel("To", { exact: true })).toHaveValue(recipient);
  await expect(page.getByLabel("Message (optional)")).toHaveValue("For your birthday");

  await page.getByLabel("Tokens", { exact: true }).fill("750");
  await page.getByRole("button", { name: "Send gift" }).click();
  await expect(page).toHaveURL(/\/gifts\?sent=1$/);
  await expect(page.getByRole("status")).toContainText("If that account exists");
  await expect(page.getByTestId("balance")).toHaveText("19,250");

  await page.context().clearCookies();
  await signInWithEmail(page, recipient);
  await page.goto("/gifts");
  await expect(page.getByTestId("balance")).toHaveText("20,750");
  await expect(page.getByRole("region", { name: "Received" })).toContainText("750 tokens from");
  await expect(page.getByRole("region", { name: "Received" })).toContainText("For your birthday");
});

test("a gift that leaks nothing: the same answer for an email with an account and one without; only the delivered gift is paid", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "quiet-gifter"));
  const send = async (to: string) => {
    await page.goto("/gifts");
    await page.getByLabel("To", { exact: true }).fill(to);
    await page.getByLabel("Tokens", { exact: true }).fill("100");
    await page.getByRole("button", { name: "Send gift" }).click();
    await expect(page).toHaveURL(/\/gifts\?sent=1$/);
    return (await page.getByRole("status").innerText()).trim();
  };
  // Sam User (a demo account) exists; the other address has never signed up.
  const toSam = await send("user@demo.botcafe.test");
  const toNobody = await send(uniqueEmail(testInfo, "never-signed-up"));
  expect(toNobody).toBe(toSam);
  expect(toSam).toContain("If that account exists");
  // Paid once, for the gift that arrived; the Sent list names it as typed, not by display name.
  await expect(page.getByTestId("balance")).toHaveText("19,900");
  const sent = page.getByRole("region", { name: "Sent" });
  await expect(sent).toContainText("100 tokens to user@demo.botcafe.test");
  await expect(sent.getByRole("listitem")).toHaveCount(1);
  await expect(page.locator("main")).not.toContainText("Sam User");
});

test("out of tokens, the free demo model still answers; the pricing page says what costs tokens", async ({
  page,
}, testInfo) => {
  await signInWithEmail(page, uniqueEmail(testInfo, "spent"));
  // Give the whole allowance away, so the balance is zero.
  await page.goto("/gifts");
  await page.getByLabel("To", { exact: true }).fill("creator@demo.botcafe.test");
  await page.getByLabel("Tokens", { exact: true }).fill("20000");
  await page.getByRole("button", { name: "Send gift" }).click();
  await expect(page.getByTestId("balance")).toHaveText("0");

  // This server's model is the offline demo model (wrangler.toml CHAT_MODEL = "local"): free.
  // Refusals for BotCafe's charged model are covered through the real route in
  // tests/workers/billing-chat-turn.test.ts (both paths).
  await page.goto("/chat");
  await page
    .getByRole("button", { name: /^Start chat with / })
    .first()
    .click();
  await expect(page).toHaveURL(/\/chat\/[a-z0-9]+$/);
  const chatUrl = page.url();
  if (testInfo.project.name === "js-on") await expect(page.locator("form[data-enhanced]")).toHaveCount(1);
  await page.getByLabel("Your message").fill("Hello, are you there?");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  if (testInfo.project.name === "js-off")
    await page.waitForURL((url) => url.toString().startsWith(chatUrl) && !url.pathname.endsWith("/reply"), {
      timeout: 15_000,
    });
  // The reply arrived (the demo model answers in character; it never repeats the message back).
  const messages = page.getByRole("list", { name: "Messages" });
  await expect(messages).toContainText("Hello, are you there?");
  await expect(messages.getByRole("listitem").last()).not.toContainText("Hello, are you there?");
  await expect(page.getByText(/run out of BotCafe tokens/)).toHaveCount(0);

  await page.goto("/billing");
  await expect(page.getByTestId("balance")).toHaveText("0 tokens");
  await page.goto("/pricing");
  const costs = page.getByRole("region", { name: "What costs tokens" });
  await expect(costs).toContainText("replies from BotCafe's hosted model (Workers AI)");
  await expect(costs).toContainText("the offline demo model");
  await expect(costs).toContainText("your own API key");
});

test("billing pages fit a 360 px phone with no sideways scroll", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signInWithEmail(page, uniqueEmail(testInfo, "phone"));
  for (const path of [
    "/pricing",
    "/billing",
    "/gifts",
    "/billing/local-checkout?package=pack-small",
    "/billing/local-checkout?tier=tier-plus&interval=year",
  ]) {
    await page.goto(path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path).toBeLessThanOrEqual(360);
    if (testInfo.project.name === "js-off")
      await page.screenshot({ path: testInfo.outputPath(`${path.replace(/[^a-z]+/g, "-")}.png`), fullPage: true });
  }
});

test("billing pages have no WCAG A/AA violations", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js-on", "axe is injected as a script; the HTML is the same without JS");
  await signInWithEmail(page, uniqueEmail(testInfo, "axe"));
  const found: string[] = [];
  for (const path of [
    "/pricing",
    "/billing",
    "/gifts",
    "/billing/local-checkout?package=pack-small",
    "/billing/return?kind=package&session_id=cs_nothing",
    "/settings/keys",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(500);
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    found.push(...result.violations.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(" ")}`));
  }
  expect(found).toEqual([]);
});

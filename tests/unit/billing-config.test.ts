import { expect, test } from "vitest";
import {
  billingConfig,
  isLocalCheckoutAllowed,
  monthOf,
  nextMonthStart,
  webhookSecret,
  LOCAL_WEBHOOK_SECRET,
} from "~/lib/billing/config";

test("amounts and rates come from vars, with safe defaults for missing or malformed values", () => {
  expect(billingConfig({})).toEqual({ freeAllowance: 20_000, freeBotLimit: 5, chatRate: 1 });
  expect(billingConfig({ FREE_TOKEN_ALLOWANCE: "500", FREE_BOT_LIMIT: "none", CHAT_TOKEN_RATE: "3" })).toEqual({
    freeAllowance: 500,
    freeBotLimit: null,
    chatRate: 3,
  });
  expect(billingConfig({ FREE_TOKEN_ALLOWANCE: "-5", FREE_BOT_LIMIT: "lots", CHAT_TOKEN_RATE: "1.5" })).toEqual({
    freeAllowance: 20_000,
    freeBotLimit: 5,
    chatRate: 1,
  });
});

test("the local checkout (and its signing secret) exists only in local mode without Stripe keys", () => {
  const local = { ENVIRONMENT: "development" as const, BOTCAFE_LOCAL: "1" };
  expect(isLocalCheckoutAllowed(local)).toBe(true);
  expect(isLocalCheckoutAllowed({ ENVIRONMENT: "production" })).toBe(false);
  expect(isLocalCheckoutAllowed({ ...local, ENVIRONMENT: "production" })).toBe(false);
  expect(isLocalCheckoutAllowed({ ...local, STRIPE_SECRET_KEY: "sk_test_x" })).toBe(false);
  expect(webhookSecret(local)).toBe(LOCAL_WEBHOOK_SECRET);
  // Not production, but not a developer's machine either (a plain `wrangler deploy`, a preview).
  expect(isLocalCheckoutAllowed({ ENVIRONMENT: "development" })).toBe(false);
  expect(webhookSecret({ ENVIRONMENT: "development" })).toBeNull();
  expect(webhookSecret({ ENVIRONMENT: "production" })).toBeNull();
  expect(webhookSecret({ ENVIRONMENT: "production", STRIPE_WEBHOOK_SECRET: "whsec_real" })).toBe("whsec_real");
});

test("allowance months and renewal dates are UTC", () => {
  expect(monthOf(new Date("2026-12-31T23:59:59Z"))).toBe("2026-12");
  expect(nextMonthStart(new Date("2026-12-31T23:59:59Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
});

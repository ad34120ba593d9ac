import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** Billing: pricing, the balance and ledger, checkout and its return, gifts, the Stripe webhook. */
export const billingRoutes: RouteConfigEntry[] = [
  route("pricing", "routes/billing/pricing.tsx"),
  route("billing", "routes/billing/billing.tsx"),
  route("billing/return", "routes/billing/return.tsx"),
  route("billing/local-checkout", "routes/billing/local-checkout.tsx"),
  route("gifts", "routes/billing/gifts.tsx"),
  route("api/stripe/webhook", "routes/billing/stripe-webhook.ts"),
];

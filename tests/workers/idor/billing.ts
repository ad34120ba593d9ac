/** IDOR entries: billing (app/routes/billing/routes.ts). Alice has tokens, a purchase of a
 * retired SECRET package with its ledger row, and a SECRET gift to Carol; Bob has no
 * tokens. The webhook's signature case is in tests/workers/idor-webhook.test.ts. */
import type { RouteEntry } from "./types";

export const billingEntries: RouteEntry[] = [
  { route: "routes/billing/pricing", access: "public", path: () => "/pricing" },
  { route: "routes/billing/billing", access: "signed-in", path: () => "/billing" },
  // Alice's Checkout Session named in the address: Bob sees "arriving in a moment", never
  // her tokens (the purchase is looked up with his user id).
  {
    route: "routes/billing/return",
    access: "signed-in",
    path: (f) => `/billing/return?kind=package&session_id=${f.purchase}`,
  },
  // Allowed here (no Stripe keys, not production); "paying" only ever credits the sender,
  // so there is no form of Alice's to replay.
  {
    route: "routes/billing/local-checkout",
    access: "signed-in",
    path: (f) => `/billing/local-checkout?package=${f.package}`,
  },
  {
    route: "routes/billing/gifts",
    access: "signed-in",
    path: () => "/gifts",
    // A gift always debits the signed-in user: there is no sender field, so "from Alice"
    // can only be a gift from Bob — to himself (refused) or paid from his empty balance.
    posts: [
      {
        label: "a gift from Alice to Bob",
        fields: (f) => ({
          intent: "gift",
          senderId: f.alice,
          sender: "alice@example.com",
          recipient: "bob@example.com",
          amount: "100",
        }),
      },
      {
        label: "a gift from Alice to her own profile",
        fields: (f) => ({ intent: "gift", senderId: f.alice, recipient: f.creatorUsername, amount: "100" }),
      },
      {
        label: "a tip on Alice's private bot",
        fields: (f) => ({ intent: "tip", botId: f.privateBot.id, amount: "1" }),
      },
    ],
  },
  {
    route: "routes/billing/stripe-webhook",
    access: "signed-in",
    path: () => "/api/stripe/webhook",
    // Not a page: authenticated by Stripe's signature, not a session. A GET is a 405 for
    // everyone, and an unsigned POST (Bob's, here) is a 400 that changes nothing.
    status: 405,
    signedOut: 405,
    posts: [
      {
        label: "an unsigned event crediting Bob",
        fields: (f) => ({ id: "evt_forged", type: "checkout.session.completed", userId: f.bob, tokens: "1000000" }),
      },
    ],
    noPost:
      "a signed-out POST is a 400 (no signature), not a sign-in redirect: tests/workers/idor-webhook.test.ts sends it, unsigned and wrongly signed",
  },
];

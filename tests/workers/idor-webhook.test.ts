/**
 * The IDOR case the route table cannot express for the Stripe webhook (see
 * tests/workers/idor/billing.ts): it is authenticated by Stripe's signature, not by a
 * session, so a signed-out POST is a 400 (not a sign-in redirect), and a wrong signature
 * needs a header no entry's `posts` can send. Also /billing/return naming Alice's Checkout
 * Session: what would leak is her token count, which holds no SECRET for the suite to see.
 * Same fixture, through app/worker.ts.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { LOCAL_WEBHOOK_SECRET } from "~/lib/billing/config";
import { signStripePayload } from "~/lib/billing/stripe";
import { anonymous, signedInAs, type Client } from "../support/worker-fetch";
import { fixture, seedFixture, snapshot } from "./idor/fixture";

let alice: Client;
let bob: Client;

beforeAll(async () => {
  await seedFixture();
  alice = await signedInAs(fixture.alice);
  bob = await signedInAs(fixture.bob);
});

test("Bob's /billing/return naming Alice's session shows none of her tokens (Alice's does)", async () => {
  const path = `/billing/return?kind=package&session_id=${fixture.purchase}`;
  const asBob = await bob.get(path);
  expect(asBob.status).toBe(200);
  expect(asBob.text).not.toContain("4,331");
  expect(asBob.text).not.toContain('data-testid="applied"');
  expect((await alice.get(path)).text).toContain("4,331 tokens were added");
});

// A paid Checkout Session crediting Bob a million tokens.
const payload = JSON.stringify({
  id: "evt_idor_forged",
  object: "event",
  type: "checkout.session.completed",
  created: Math.floor(Date.now() / 1000),
  livemode: false,
  data: {
    object: {
      id: "cs_idor_forged",
      object: "checkout.session",
      mode: "payment",
      payment_status: "paid",
      amount_total: 500,
      currency: "usd",
      payment_intent: "pi_idor_forged",
      metadata: { kind: "package", userId: fixture.bob, packageId: fixture.package, tokens: "1000000" },
    },
  },
});

const deliver = (client: Client, signature?: string) =>
  client.request("/api/stripe/webhook", {
    method: "POST",
    body: payload,
    headers: { "Content-Type": "application/json", ...(signature ? { "Stripe-Signature": signature } : {}) },
  });

const balanceOf = async (id: string) =>
  (await env.DB.prepare("SELECT token_balance AS b FROM users WHERE id = ?").bind(id).first<{ b: number }>())!.b;

test("an unsigned or wrongly signed webhook POST, as Bob or signed out, is a 400 and changes nothing", async () => {
  const before = await snapshot();
  const wrong = await signStripePayload(payload, "whsec_not_the_secret");
  for (const client of [bob, anonymous]) {
    expect((await deliver(client)).status, "unsigned").toBe(400);
    expect((await deliver(client, wrong)).status, "signed with another secret").toBe(400);
    expect((await deliver(client, "t=1,v1=deadbeef")).status, "a made-up signature").toBe(400);
    // A form post (what a browser could be made to send) carries no signature either.
    expect((await client.post("/api/stripe/webhook", { payload, "Stripe-Signature": wrong })).status, "form post").toBe(
      400,
    );
  }
  expect(await snapshot()).toEqual(before);
  expect(await balanceOf(fixture.bob)).toBe(0);
});

test("the same event correctly signed is applied (the check above can see a change)", async () => {
  const response = await deliver(anonymous, await signStripePayload(payload, LOCAL_WEBHOOK_SECRET));
  expect(response.status, response.text).toBe(200);
  expect(await balanceOf(fixture.bob)).toBeGreaterThan(0);
});

/**
 * Billing pages through their real loaders and actions inside workerd: Checkout and
 * Portal sessions created against a local server speaking Stripe's wire format (the
 * Stripe client pointed at it with host/port/protocol), the customer reused, Stripe's
 * error bodies turned into a 400 page; the local checkout (refused with Stripe keys and
 * in production) crediting only through the signed webhook; the return page never
 * crediting; gifts and tips with their limits.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, inject, test } from "vitest";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import * as billingPage from "~/routes/billing/billing";
import * as dashboard from "~/routes/creators/dashboard";
import * as importBot from "~/routes/bots/import";
import * as newBot from "~/routes/bots/new";
import * as giftsPage from "~/routes/billing/gifts";
import * as localCheckout from "~/routes/billing/local-checkout";
import * as pricingPage from "~/routes/billing/pricing";
import * as returnPage from "~/routes/billing/return";

const db = createDb(env.DB);
const d1 = env.DB;
const port = inject("stripeFakePort");
const stripeEnv = {
  ...env,
  FREE_BOT_LIMIT: "5",
  STRIPE_SECRET_KEY: "sk_test_fake",
  STRIPE_API_HOST: "127.0.0.1",
  STRIPE_API_PORT: String(port),
  STRIPE_API_PROTOCOL: "http",
} as unknown as Env;
const localEnv = { ...env, FREE_BOT_LIMIT: "5" } as unknown as Env;

const person = (id: string, role: CurrentUser["role"] = "user"): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role,
  preferences: {},
});
const buyer = person("buyer");
const newcomer = person("newcomer");
const creator = person("maker", "creator");

beforeAll(async () => {
  await d1.batch([
    ...[buyer, newcomer, creator].map((u) =>
      d1
        .prepare("INSERT INTO users (id, email, display_name, role) VALUES (?, ?, ?, ?)")
        .bind(u.id, u.email, u.id, u.role),
    ),
    d1.prepare(
      "INSERT INTO creator_profiles (id, user_id, username, display_name) VALUES ('cp-maker', 'maker', 'maker', 'Maker')",
    ),
    d1.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('b-pub', 'Pub', 'pub', 'maker', 1), ('b-priv', 'Priv', 'priv', 'maker', 0)",
    ),
    d1.prepare(
      "INSERT INTO subscription_tiers (id, name, token_allowance, bot_limit, price_monthly, price_yearly, stripe_price_monthly, stripe_price_yearly) VALUES ('plus', 'Plus', 50000, 25, 900, 9000, 'price_plus_m', 'price_plus_y')",
    ),
    d1.prepare(
      "INSERT INTO subscription_tiers (id, name, token_allowance, price_monthly, stripe_price_monthly) VALUES ('broken', 'Broken', 1, 100, 'price_missing')",
    ),
    d1.prepare(
      "INSERT INTO token_packages (id, name, amount, bonus_amount, price) VALUES ('small', 'Small', 1000, 100, 500)",
    ),
  ]);
});

function args(user: CurrentUser | null, path: string, init?: RequestInit, appEnv: Env = stripeEnv) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env: appEnv, db, services: {} as Services, waitUntil: () => {}, nonce: "t" });
  return { request: new Request(`https://botcafe.test${path}`, init), context, params: {} } as never;
}
function form(fields: Record<string, string>): RequestInit {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return { method: "POST", body };
}
async function outcome(run: () => Promise<unknown>): Promise<{ status: number; location?: string | null; body?: any }> {
  try {
    const result = (await run()) as any;
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    if (result && "init" in result && result.init) return { status: result.init.status ?? 200, body: result.data };
    return { status: 200, body: result };
  } catch (thrown: any) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    if (thrown?.init) return { status: thrown.init.status ?? 500, body: thrown.data };
    throw thrown;
  }
}
async function fakeRequests(): Promise<
  { method: string; path: string; form: Record<string, string>; idempotencyKey: string | null }[]
> {
  return (await fetch(`http://127.0.0.1:${port}/__requests`)).json();
}
async function balance(id: string) {
  return (await d1.prepare("SELECT token_balance AS b FROM users WHERE id = ?").bind(id).first<{ b: number }>())!.b;
}

test("/pricing is public and lists the free tier, plans and packages", async () => {
  const page = await outcome(() => pricingPage.loader(args(null, "/pricing")));
  expect(page.status).toBe(200);
  expect(page.body.free).toEqual({ allowance: 20000, botLimit: 5 });
  expect(page.body.tiers.map((t: { id: string }) => t.id)).toEqual(["broken", "plus"]);
  expect(page.body.packages[0]).toMatchObject({ id: "small", amount: 1000, bonus_amount: 100 });
});

test("buying a package creates a payment-mode Checkout Session for a reused Stripe customer and answers 303", async () => {
  const first = await outcome(() =>
    pricingPage.action(args(buyer, "/pricing", form({ intent: "package", packageId: "small" }))),
  );
  expect(first.status).toBe(303);
  expect(first.location).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
  const second = await outcome(() =>
    pricingPage.action(args(buyer, "/pricing", form({ intent: "tier", tierId: "plus", interval: "year" }))),
  );
  expect(second.status).toBe(303);
  const requests = await fakeRequests();
  const customers = requests.filter((r) => r.path === "/v1/customers");
  expect(customers).toHaveLength(1); // created once, reused for the second checkout
  expect(customers[0]!.form).toMatchObject({ email: "buyer@example.com", "metadata[userId]": "buyer" });
  const [payment, subscription] = requests.filter((r) => r.path === "/v1/checkout/sessions");
  const customerId = (await d1
    .prepare("SELECT stripe_customer_id AS c FROM users WHERE id = 'buyer'")
    .first<{ c: string }>())!.c;
  expect(customerId).toMatch(/^cus_fake/);
  expect(payment!.form).toMatchObject({
    mode: "payment",
    customer: customerId,
    "metadata[tokens]": "1100",
    "metadata[packageId]": "small",
    "line_items[0][price_data][unit_amount]": "500",
  });
  expect(payment!.form.success_url).toBe(
    "https://botcafe.test/billing/return?kind=package&session_id={CHECKOUT_SESSION_ID}",
  );
  expect(subscription!.form).toMatchObject({
    mode: "subscription",
    customer: customerId,
    "line_items[0][price]": "price_plus_y",
    "subscription_data[metadata][tierId]": "plus",
  });
  // Starting a checkout credits nothing.
  expect(await balance("buyer")).toBe(0);
});

test("Stripe's error body becomes a 400 page with a message, not a 500", async () => {
  const result = await outcome(() =>
    pricingPage.action(args(buyer, "/pricing", form({ intent: "tier", tierId: "broken", interval: "month" }))),
  );
  expect(result.status).toBe(400);
  expect(result.body.formErrors[0]).toMatch(/could not start the checkout/);
  const noYearly = await outcome(() =>
    pricingPage.action(args(buyer, "/pricing", form({ intent: "tier", tierId: "broken", interval: "year" }))),
  );
  expect(noYearly.status).toBe(400);
});

test("bad purchase input is a 400 that keeps what was sent; signed out is sent to sign in", async () => {
  for (const fields of [
    {},
    { intent: "package" },
    { intent: "package", packageId: "x".repeat(5000) },
    { intent: "tier", tierId: "plus", interval: "weekly" },
    { intent: "package", packageId: "nope" },
  ] as Record<string, string>[]) {
    expect((await outcome(() => pricingPage.action(args(buyer, "/pricing", form(fields))))).status).toBe(400);
  }
  const signedOut = await outcome(() =>
    pricingPage.action(args(null, "/pricing", form({ intent: "package", packageId: "small" }))),
  );
  expect(signedOut.status).toBe(302);
  expect(signedOut.location).toMatch(/^\/sign-in/);
});

test("Manage subscription opens a Customer Portal session (303)", async () => {
  const result = await outcome(() => billingPage.action(args(buyer, "/billing", form({ intent: "manage" }))));
  expect(result.status).toBe(303);
  expect(result.location).toMatch(/^https:\/\/billing\.stripe\.com\/p\/session\/bps_/);
  const portal = (await fakeRequests()).filter((r) => r.path === "/v1/billing_portal/sessions");
  expect(portal.at(-1)!.form).toMatchObject({ return_url: "https://botcafe.test/billing" });
});

test("the local checkout is refused with Stripe keys set, in production, and on any deployment that is not local", async () => {
  expect(
    (
      await outcome(() =>
        localCheckout.loader(args(buyer, "/billing/local-checkout?package=small", undefined, stripeEnv)),
      )
    ).status,
  ).toBe(404);
  // Without Stripe and outside local mode: 503 naming what to set, never a free checkout.
  const production = { ...env, ENVIRONMENT: "production" } as unknown as Env;
  const plainDeploy = { ...env, BOTCAFE_LOCAL: undefined } as unknown as Env;
  for (const deployed of [production, plainDeploy]) {
    const page = await outcome(() =>
      localCheckout.loader(args(buyer, "/billing/local-checkout?package=small", undefined, deployed)),
    );
    expect(page.status).toBe(503);
    expect(JSON.stringify(page.body)).toContain("This BotCafe is not configured: set STRIPE_SECRET_KEY");
    expect(
      (
        await outcome(() =>
          localCheckout.action(args(buyer, "/billing/local-checkout?package=small", form({ intent: "pay" }), deployed)),
        )
      ).status,
    ).toBe(503);
  }
  expect(await balance("buyer")).toBe(0);
});

test("offline: pricing goes to the local checkout, which credits through the signed webhook; the return page never credits", async () => {
  const start = await outcome(() =>
    pricingPage.action(args(newcomer, "/pricing", form({ intent: "package", packageId: "small" }), localEnv)),
  );
  expect(start).toMatchObject({ status: 303, location: "/billing/local-checkout?package=small" });
  // Visiting the return page for a session that was never paid shows "arriving" and credits nothing.
  const early = await outcome(() =>
    returnPage.loader(args(newcomer, "/billing/return?kind=package&session_id=cs_local_fake", undefined, localEnv)),
  );
  expect(early.body).toMatchObject({ applied: false });
  expect(await balance("newcomer")).toBe(0);

  const paid = await outcome(() =>
    localCheckout.action(args(newcomer, "/billing/local-checkout?package=small", form({ intent: "pay" }), localEnv)),
  );
  expect(paid.status).toBe(303);
  expect(await balance("newcomer")).toBe(1100);
  const events = await d1.prepare("SELECT type FROM stripe_events").all();
  expect(events.results).toEqual([{ type: "checkout.session.completed" }]);
  const back = await outcome(() => returnPage.loader(args(newcomer, paid.location!, undefined, localEnv)));
  expect(back.body).toMatchObject({ applied: true, tokens: 1100 });
  // Someone else's session id shows nothing of theirs.
  expect((await outcome(() => returnPage.loader(args(buyer, paid.location!, undefined, localEnv)))).body).toMatchObject(
    { applied: false },
  );

  // Subscribing locally: the tier and its allowance arrive through the webhook too.
  const sub = await outcome(() =>
    localCheckout.action(
      args(newcomer, "/billing/local-checkout?tier=plus&interval=month", form({ intent: "pay" }), localEnv),
    ),
  );
  expect(sub.status).toBe(303);
  const billing = await outcome(() => billingPage.loader(args(newcomer, "/billing", undefined, localEnv)));
  expect(billing.body.summary).toMatchObject({ tierName: "Plus", balance: 51100, botLimit: 25, hasSubscription: true });
  expect(billing.body.ledger.map((r: { reason: string }) => r.reason).sort()).toEqual([
    "purchase",
    "subscription_allowance",
  ]);
  // Cancelling (the local portal) returns to the free tier.
  await outcome(() =>
    localCheckout.action(args(newcomer, "/billing/local-checkout?manage=1", form({ intent: "cancel" }), localEnv)),
  );
  const after = await outcome(() => billingPage.loader(args(newcomer, "/billing", undefined, localEnv)));
  expect(after.body.summary).toMatchObject({ tierName: "Free", botLimit: 5 });
});

test("gifts: by username, > 0, at most the balance, not to oneself; the recipient sees it and is notified", async () => {
  await d1.prepare("UPDATE users SET token_balance = 500 WHERE id = 'buyer'").run();
  await d1
    .prepare(
      "INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after) VALUES ('seed-buyer', 'buyer', 500, 'adjustment', 'seed-buyer', 500)",
    )
    .run();
  const bad = [
    { intent: "gift", recipient: "maker", amount: "0" },
    { intent: "gift", recipient: "maker", amount: "-5" },
    { intent: "gift", recipient: "maker", amount: "1.5" },
    { intent: "gift", recipient: "maker", amount: "501" },
    { intent: "gift", recipient: "buyer@example.com", amount: "5" },
    { intent: "gift", recipient: "x".repeat(300), amount: "5" },
  ];
  for (const fields of bad) {
    const result = await outcome(() => giftsPage.action(args(buyer, "/gifts", form(fields))));
    expect(result.status, JSON.stringify(fields)).toBe(400);
    expect(result.body.values.recipient).toBe(fields.recipient);
  }
  expect(await balance("buyer")).toBe(500);
  const ok = await outcome(() =>
    giftsPage.action(
      args(buyer, "/gifts", form({ intent: "gift", recipient: "@Maker", amount: "120", message: "thanks!" })),
    ),
  );
  expect(ok).toMatchObject({ status: 303, location: "/gifts?sent=1" });
  expect(await balance("buyer")).toBe(380);
  const theirs = await outcome(() => giftsPage.loader(args(creator, "/gifts")));
  expect(theirs.body.received[0]).toMatchObject({ amount: 120, message: "thanks!", name: "buyer" });
  expect(await d1.prepare("SELECT kind, link FROM notifications WHERE user_id = 'maker'").first()).toEqual({
    kind: "gift_received",
    link: "/gifts",
  });
});

test("tips go to the bot's creator with the bot recorded; a private bot cannot be tipped by others", async () => {
  const tip = await outcome(() =>
    giftsPage.action(
      args(
        buyer,
        "/gifts",
        form({ intent: "tip", botId: "b-pub", amount: "30", redirectTo: "/bots/pub?done=tip#tip" }),
      ),
    ),
  );
  expect(tip).toMatchObject({ status: 303, location: "/bots/pub?done=tip#tip" });
  expect(
    await d1
      .prepare("SELECT recipient_id, related_bot_id, amount FROM token_gifts WHERE related_bot_id IS NOT NULL")
      .first(),
  ).toEqual({ recipient_id: "maker", related_bot_id: "b-pub", amount: 30 });
  expect(
    (
      await outcome(() =>
        giftsPage.action(args(buyer, "/gifts", form({ intent: "tip", botId: "b-priv", amount: "30" }))),
      )
    ).status,
  ).toBe(400);
  expect(
    (
      await outcome(() =>
        giftsPage.action(args(creator, "/gifts", form({ intent: "tip", botId: "b-pub", amount: "1" }))),
      )
    ).status,
  ).toBe(400);
  // An open redirect is not followed.
  const away = await outcome(() =>
    giftsPage.action(
      args(buyer, "/gifts", form({ intent: "tip", botId: "b-pub", amount: "1", redirectTo: "//evil.example" })),
    ),
  );
  expect(away.location).toBe("/bots/pub?done=tip#tip");
  // The creator's dashboard shows tips per bot.
  const board = await outcome(() => dashboard.loader(args(creator, "/my/dashboard")));
  expect(board.body.tips).toEqual([{ id: "b-pub", name: "Pub", slug: "pub", tips: 2, tokens: 31 }]);
});

test("/billing is private and pages the ledger with running balances", async () => {
  expect((await outcome(() => billingPage.loader(args(null, "/billing")))).status).toBe(302);
  const page = await outcome(() => billingPage.loader(args(buyer, "/billing")));
  expect(page.body.ledger.map((r: { balance_after: number }) => r.balance_after)).toEqual([349, 350, 380, 500]);
  expect(page.body.summary).toMatchObject({ balance: 349, tierName: "Free" });
});

test("bot_limit: at the free tier's limit, creating and importing are refused with a link to upgrade; a plan's limit lifts it", async () => {
  const owner = person("owner5", "creator");
  await d1.batch([
    d1.prepare("INSERT INTO users (id, email, role) VALUES ('owner5', 'owner5@example.com', 'creator')"),
    ...[1, 2, 3, 4].map((n) =>
      d1
        .prepare("INSERT INTO bots (id, name, slug, created_by_id) VALUES (?, ?, ?, 'owner5')")
        .bind(`o5-${n}`, `Bot ${n}`, `o5-bot-${n}`),
    ),
  ]);
  // Four of five: one more may be created.
  const fifth = await outcome(() =>
    newBot.action(args(owner, "/bots/new", form({ name: "Fifth", description: "d", personality: "p" }))),
  );
  expect(fifth.status).not.toBe(403);
  await d1
    .prepare(
      "INSERT OR IGNORE INTO bots (id, name, slug, created_by_id) VALUES ('o5-5', 'Bot 5', 'o5-bot-5', 'owner5')",
    )
    .run();
  const count = (await d1
    .prepare("SELECT count(*) AS n FROM bots WHERE created_by_id = 'owner5'")
    .first<{ n: number }>())!.n;
  expect(count).toBeGreaterThanOrEqual(5);
  // The form says so before anyone types…
  const shown = await outcome(() => newBot.loader(args(owner, "/bots/new")));
  expect(shown.body.allowance).toMatchObject({ tierName: "Free", limit: 5, full: true });
  // …and a submit anyway is refused with everything typed kept (Public stays ticked).
  const refused = await outcome(() =>
    newBot.action(
      args(owner, "/bots/new", form({ name: "Sixth", description: "d", personality: "p", is_public: "on" })),
    ),
  );
  expect(refused.status).toBe(403);
  expect(refused.body.formErrors[0]).toMatch(/Free plan allows 5 bots/);
  expect(refused.body.upgradeHref).toBe("/pricing");
  expect(refused.body.values).toMatchObject({ name: "Sixth", description: "d", personality: "p", is_public: "on" });
  const card = new FormData();
  card.append(
    "card",
    new File([JSON.stringify({ name: "Carded", description: "x" })], "card.json", { type: "application/json" }),
  );
  const imported = await outcome(() => importBot.action(args(owner, "/bots/import", { method: "POST", body: card })));
  expect(imported.status).toBe(403);
  expect(
    (await d1.prepare("SELECT count(*) AS n FROM bots WHERE created_by_id = 'owner5'").first<{ n: number }>())!.n,
  ).toBe(count);
  // On Plus (limit 25) the same person may create again.
  await d1.prepare("UPDATE users SET subscription_tier_id = 'plus' WHERE id = 'owner5'").run();
  expect(
    (
      await outcome(() =>
        newBot.action(args(owner, "/bots/new", form({ name: "Sixth", description: "d", personality: "p" }))),
      )
    ).status,
  ).not.toBe(403);
});

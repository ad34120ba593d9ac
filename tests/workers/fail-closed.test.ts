/**
 * Fail closed (docs/decisions/0025-fail-closed.md): local sign-in, the local checkout and
 * the built-in secrets exist only in local mode — BOTCAFE_LOCAL on a developer's machine
 * AND a request addressed to loopback. Through app/worker.ts, as a browser would send it.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import worker from "~/worker";
import { LOCAL_WEBHOOK_SECRET } from "~/lib/billing/config";
import { signStripePayload } from "~/lib/billing/stripe";
import { SESSION_COOKIE, signSession } from "~/lib/auth/session";
import { anonymous, signedInAs } from "../support/worker-fetch";

/** What a plain `wrangler deploy` or a preview runs with: the top-level vars, no .dev.vars. */
const deployedEnv = { ...env, BOTCAFE_LOCAL: undefined } as unknown as Env;
// The built-in secret (app/lib/auth/session.ts) anyone can read in this repository.
const BUILT_IN_SECRET = "botcafe-local-development-secret-not-for-production";

async function send(request: Request, withEnv: Env = env as unknown as Env) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, withEnv, ctx);
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, location: response.headers.get("Location"), text };
}

const signInAsAdmin = (origin: string, withEnv?: Env) =>
  send(
    new Request(`${origin}/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ email: "mallory@example.com", role: "admin" }),
      headers: { Origin: origin, "Sec-Fetch-Site": "same-origin" },
      redirect: "manual",
    }),
    withEnv,
  );

const countUsers = async (email: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE email = ?").bind(email).first<{ n: number }>())!.n;

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO users (id, email, role, display_name) VALUES ('u-lee', 'lee@example.com', 'admin', 'Lee')",
    ),
    env.DB.prepare(
      "INSERT INTO token_packages (id, name, amount, bonus_amount, price) VALUES ('small', 'Small', 1000, 0, 500)",
    ),
  ]);
});

test("in local mode, local sign-in works on loopback (127.0.0.1, localhost)", async () => {
  expect((await send(new Request("http://127.0.0.1:8787/sign-in"))).status).toBe(200);
  expect((await anonymous.get("/sign-in")).status).toBe(200);
});

test("in local mode, a request whose Host is not loopback gets no local sign-in", async () => {
  for (const origin of ["http://192.168.1.20:8787", "https://botcafe.example", "http://127.0.0.1.nip.io:8787"]) {
    const page = await send(new Request(`${origin}/sign-in`));
    expect(page.status, origin).toBe(503);
    expect(page.text).toContain("This BotCafe is not configured: set CLERK_SECRET_KEY");
    expect((await signInAsAdmin(origin)).status, origin).toBe(503);
  }
  expect(await countUsers("mallory@example.com")).toBe(0);
  // A real session cookie, presented to a non-loopback host, signs nobody in.
  const lee = await signedInAs("u-lee");
  const page = await send(
    new Request("http://192.168.1.20:8787/bots/new", { headers: { Cookie: lee.cookie }, redirect: "manual" }),
  );
  expect(page.status).toBe(302);
  expect(page.location).toContain("/sign-in");
});

test("a deployment that is not local (no BOTCAFE_LOCAL) refuses sign-in with a 503 that says what to set", async () => {
  const page = await send(new Request("http://127.0.0.1:8787/sign-in"), deployedEnv);
  expect(page.status).toBe(503);
  expect(page.text).toContain("This BotCafe is not configured: set CLERK_SECRET_KEY");
  expect((await signInAsAdmin("https://botcafe.example", deployedEnv)).status).toBe(503);
  expect((await signInAsAdmin("http://127.0.0.1:8787", deployedEnv)).status).toBe(503);
  expect(await countUsers("mallory@example.com")).toBe(0);
});

test("a deployment that is not local never verifies a cookie signed with the built-in secret", async () => {
  const { createSession } = await import("~/lib/auth/sessions");
  const { createDb } = await import("#db/client");
  const sessionId = await createSession(createDb(env.DB), "u-lee", new Request("https://botcafe.example/"));
  const forged = `${SESSION_COOKIE}=${encodeURIComponent(await signSession(sessionId, BUILT_IN_SECRET))}`;
  // Even with a SESSION_SECRET set, the built-in one is no longer accepted beside it.
  for (const deployed of [deployedEnv, { ...deployedEnv, SESSION_SECRET: "a-real-secret" } as Env]) {
    const page = await send(
      new Request("https://botcafe.example/staff", { headers: { Cookie: forged }, redirect: "manual" }),
      deployed,
    );
    expect(page.status).toBe(404);
  }
});

test("a deployment that is not local has no free checkout and no webhook secret from the source", async () => {
  const lee = await signedInAs("u-lee");
  const checkout = await send(
    new Request("http://127.0.0.1:8787/billing/local-checkout?package=small", { headers: { Cookie: lee.cookie } }),
    deployedEnv,
  );
  expect(checkout.status).toBe(503);
  expect(checkout.text).toContain("This BotCafe is not configured: set STRIPE_SECRET_KEY");
  // A Stripe-shaped event signed with the secret written in the source mints nothing.
  const payload = JSON.stringify({
    id: "evt_forged",
    object: "event",
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: "cs_forged",
        object: "checkout.session",
        mode: "payment",
        payment_status: "paid",
        status: "complete",
        customer: "cus_x",
        client_reference_id: "u-lee",
        amount_total: 500,
        currency: "usd",
        metadata: { kind: "package", userId: "u-lee", packageId: "small", tokens: "1000000" },
      },
    },
  });
  const webhook = await send(
    new Request("https://botcafe.example/api/stripe/webhook", {
      method: "POST",
      body: payload,
      headers: {
        "Content-Type": "application/json",
        "Stripe-Signature": await signStripePayload(payload, LOCAL_WEBHOOK_SECRET),
      },
    }),
    deployedEnv,
  );
  expect(webhook.status).toBe(503);
  const balance = await env.DB.prepare("SELECT token_balance AS b FROM users WHERE id = 'u-lee'").first<{
    b: number;
  }>();
  expect(balance!.b).toBe(0);
});

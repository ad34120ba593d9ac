/**
 * Issue 17 / 16: a gift never tells the sender whether an email (or username) has an
 * account — the same answer either way, and the same refusal when the amount is too
 * much — and only a delivered gift debits the sender. The Sent list names the recipient
 * as the sender typed them, never by their private display name.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import * as giftsPage from "~/routes/billing/gifts";

const db = createDb(env.DB);
const d1 = env.DB;
const giver: CurrentUser = {
  id: "giver",
  email: "giver@example.com",
  displayName: "Gina Giver",
  role: "user",
  preferences: {},
};

beforeAll(async () => {
  await d1.batch([
    d1.prepare(
      "INSERT INTO users (id, email, display_name, token_balance) VALUES ('giver', 'giver@example.com', 'Gina Giver', 500), ('sam', 'sam@example.com', 'Sam Private', 0), ('casey', 'casey@example.com', 'Casey Hidden', 0)",
    ),
    d1.prepare(
      "INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after) VALUES ('seed-giver', 'giver', 500, 'adjustment', 'seed-giver', 500)",
    ),
    d1.prepare(
      "INSERT INTO creator_profiles (id, user_id, username, display_name) VALUES ('cp-casey', 'casey', 'casey', 'Casey Creates')",
    ),
  ]);
});

function args(path: string, fields?: Record<string, string>) {
  const context = new RouterContextProvider();
  context.set(userContext, giver);
  context.set(appContext, { env, db, services: {} as Services, waitUntil: () => {}, nonce: "t" });
  const init = fields ? { method: "POST", body: new URLSearchParams(fields) } : undefined;
  return { request: new Request(`https://botcafe.test${path}`, init), context, params: {} } as never;
}

/** Everything the sender gets back: the status, where it redirects, and the body. */
async function answer(fields: Record<string, string>) {
  try {
    const result = (await giftsPage.action(args("/gifts", fields))) as { init?: ResponseInit; data?: unknown };
    return { status: result.init?.status ?? 200, body: JSON.stringify(result.data) };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("Location"), body: await thrown.text() };
    throw thrown;
  }
}

const balance = async (id: string) =>
  (await d1.prepare("SELECT token_balance AS b FROM users WHERE id = ?").bind(id).first<{ b: number }>())!.b;
const ledgerRows = async () =>
  (
    await d1
      .prepare("SELECT user_id, delta, reason FROM token_ledger WHERE reason LIKE 'gift_%' ORDER BY user_id")
      .all()
  ).results;

test("a gift to an email with an account and to one without get the same answer; only the delivered one debits", async () => {
  const known = await answer({ intent: "gift", recipient: "sam@example.com", amount: "100", message: "hi" });
  const missing = await answer({ intent: "gift", recipient: "ghost@example.com", amount: "100", message: "hi" });
  expect(missing).toEqual(known);
  expect(known).toMatchObject({ status: 303, location: "/gifts?sent=1" });

  // Sam got 100; nobody paid for the gift to nobody.
  expect(await balance("sam")).toBe(100);
  expect(await balance("giver")).toBe(400);
  expect(await ledgerRows()).toEqual([
    { user_id: "giver", delta: -100, reason: "gift_sent" },
    { user_id: "sam", delta: 100, reason: "gift_received" },
  ]);
  expect((await d1.prepare("SELECT count(*) AS n FROM token_gifts").first())?.n).toBe(1);
});

test("by username too; too much is the same refusal whoever the recipient is", async () => {
  expect(await answer({ intent: "gift", recipient: "@casey", amount: "50" })).toEqual(
    await answer({ intent: "gift", recipient: "@nobody-at-all", amount: "50" }),
  );
  expect(await balance("casey")).toBe(50);
  expect(await balance("giver")).toBe(350);

  const tooMuchKnown = await answer({ intent: "gift", recipient: "sam@example.com", amount: "9999" });
  const tooMuchMissing = await answer({
    intent: "gift",
    recipient: "sam@example.com".replace("sam", "ghost"),
    amount: "9999",
  });
  expect(tooMuchKnown.status).toBe(400);
  expect(tooMuchKnown.body.replace("sam@", "X@")).toBe(tooMuchMissing.body.replace("ghost@", "X@"));
  expect(tooMuchKnown.body).toContain("You have 350 tokens; send at most that.");
  expect(await balance("giver")).toBe(350);
});

test("the Sent list and the confirmation never show a private display name", async () => {
  const page = (await giftsPage.loader(args("/gifts?sent=1"))) as Awaited<ReturnType<typeof giftsPage.loader>>;
  expect(page.sent.map((g) => g.name).sort()).toEqual(["@casey", "sam@example.com"]);
  const dump = JSON.stringify(page);
  expect(dump).not.toContain("Sam Private");
  expect(dump).not.toContain("Casey Hidden");
});

/**
 * Finding 3 through the routes that take a redirect target: the sign-in GET (signed in)
 * and POST, and the follow form. The review's request answered
 * `Location: /\t/evil.example/phish`, which Chromium followed to evil.example.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { action as signInAction, loader as signInLoader } from "~/routes/auth/sign-in";
import { action as followingAction } from "~/routes/creators/following";

const db = createDb(env.DB);
const ATTACKS = [
  "/\t/evil.example/phish",
  "/\n/evil.example",
  "/\\evil.example",
  "//evil.example",
  "/.//evil.example",
  "https://evil.example/",
];

beforeAll(async () => {
  await db
    .insertInto("users")
    .values([
      { id: "fan", email: "fan@example.com", display_name: "Fan", role: "user" },
      { id: "star", email: "star@example.com", display_name: "Star", role: "creator" },
    ])
    .execute();
  await db
    .insertInto("creator_profiles")
    .values({ id: "profile-star", user_id: "star", username: "star", display_name: "Star", visibility: "public" })
    .execute();
});

function args(user: CurrentUser | null, url: string, init?: RequestInit) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env, db, services: createServices(env), waitUntil: () => {}, nonce: "n" });
  return { request: new Request(url, init), context, params: {} } as never;
}
const fan: CurrentUser = { id: "fan", email: "fan@example.com", displayName: "Fan", role: "user", preferences: {} };

async function locationOf(run: () => unknown): Promise<string | null> {
  try {
    await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.headers.get("Location");
    throw thrown;
  }
  return null;
}

test("the review's exact request now redirects home", async () => {
  expect(
    await locationOf(() =>
      signInLoader(args(fan, "https://botcafe.test/sign-in?redirectTo=%2F%09%2Fevil.example%2Fphish")),
    ),
  ).toBe("/");
});

test("sign-in GET and POST keep every redirect on our site", async () => {
  for (const target of ATTACKS) {
    expect(
      await locationOf(() =>
        signInLoader(args(fan, `https://botcafe.test/sign-in?redirectTo=${encodeURIComponent(target)}`)),
      ),
      target,
    ).toBe("/");
    const body = new URLSearchParams({ email: `r${ATTACKS.indexOf(target)}@example.com`, redirectTo: target });
    expect(
      await locationOf(() => signInAction(args(null, "https://botcafe.test/sign-in", { method: "POST", body }))),
      target,
    ).toBe("/");
  }
  expect(
    await locationOf(() => signInLoader(args(fan, "https://botcafe.test/sign-in?redirectTo=%2Fbots%3Fpage%3D2"))),
  ).toBe("/bots?page=2");
});

test("the follow form keeps its redirect on our site", async () => {
  for (const target of ATTACKS) {
    const body = new URLSearchParams({ intent: "follow", username: "star", redirectTo: target });
    expect(
      await locationOf(() => followingAction(args(fan, "https://botcafe.test/following", { method: "POST", body }))),
      target,
    ).toBe("/following");
  }
  const body = new URLSearchParams({ intent: "unfollow", username: "star", redirectTo: "/creators/star" });
  expect(
    await locationOf(() => followingAction(args(fan, "https://botcafe.test/following", { method: "POST", body }))),
  ).toBe("/creators/star");
});

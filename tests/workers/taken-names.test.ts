/**
 * Finding 9 (decision 0011): a taken username or bot address is reported in the same
 * words whether its holder is public or private, and the form says nothing else about it.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { action as newBotAction } from "~/routes/bots/new";
import { action as myProfileAction } from "~/routes/creators/my-profile";

const db = createDb(env.DB);

beforeAll(async () => {
  await db
    .insertInto("users")
    .values(
      ["holder-public", "holder-private", "prober"].map((id) => ({
        id,
        email: `${id}@example.com`,
        display_name: id,
        role: "creator" as const,
      })),
    )
    .execute();
  await db
    .insertInto("bots")
    .values([
      { id: "b-public", name: "Open", slug: "open-bot", created_by_id: "holder-public", is_public: 1 },
      { id: "b-private", name: "Hidden", slug: "hidden-bot", created_by_id: "holder-private", is_public: 0 },
    ])
    .execute();
  await db
    .insertInto("creator_profiles")
    .values([
      { id: "p-public", user_id: "holder-public", username: "openname", visibility: "public" },
      { id: "p-private", user_id: "holder-private", username: "hiddenname", visibility: "private" },
    ])
    .execute();
});

function args(path: string, fields: Record<string, string>) {
  const context = new RouterContextProvider();
  const prober: CurrentUser = {
    id: "prober",
    email: "prober@example.com",
    displayName: "prober",
    role: "creator",
    preferences: {},
  };
  context.set(userContext, prober);
  context.set(appContext, { env, db, services: createServices(env), waitUntil: () => {}, nonce: "n" });
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return {
    request: new Request(`https://botcafe.test${path}`, { method: "POST", body }),
    context,
    params: {},
  } as never;
}

async function fieldErrors(run: () => Promise<unknown>) {
  const result = (await run()) as { init?: ResponseInit; data: { fieldErrors: Record<string, string[]> } };
  expect(result.init?.status).toBe(400);
  return result.data.fieldErrors;
}

test("a bot address held by a private bot reads exactly like one held by a public bot", async () => {
  const forSlug = (slug: string) => fieldErrors(() => newBotAction(args("/bots/new", { name: "Probe", slug })));
  const publicAnswer = await forSlug("open-bot");
  const privateAnswer = await forSlug("hidden-bot");
  expect(privateAnswer).toEqual(publicAnswer);
  expect(privateAnswer.slug).toEqual(["That address is already taken; try another."]);
});

test("a username held by a private profile reads exactly like one held by a public profile", async () => {
  const forUsername = (username: string) =>
    fieldErrors(() => myProfileAction(args("/my/profile", { username, display_name: "Probe" })));
  const publicAnswer = await forUsername("openname");
  const privateAnswer = await forUsername("hiddenname");
  expect(privateAnswer).toEqual(publicAnswer);
  expect(privateAnswer.username).toEqual(["That username is taken. Please pick another."]);
});

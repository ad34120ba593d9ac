import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { appContext, userContext, type AppContext } from "~/lib/context";
import { setFollow } from "~/lib/creators/follows";
import { action as profileAction } from "~/routes/creators/profile";

const db = createDb(env.DB);

async function aUser(id: string) {
  await db
    .insertInto("users")
    .values({ id, email: `${id}@example.com` })
    .execute();
  return id;
}

async function aCreator(id: string, username: string) {
  await aUser(id);
  await db
    .insertInto("creator_profiles")
    .values({ id: `profile-${id}`, user_id: id, username })
    .execute();
  return `profile-${id}`;
}

async function counts(profileId: string) {
  const row = await db
    .selectFrom("creator_profiles")
    .select(["follower_count", "following_count"])
    .where("id", "=", profileId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("follows")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("creator_id", "=", profileId)
    .executeTakeFirstOrThrow();
  return { followers: row.follower_count, following: row.following_count, rows: Number(rows.n) };
}

test("following twice counts once; unfollowing twice leaves zero", async () => {
  const creator = await aCreator("rep-creator", "repcreator");
  const fan = await aUser("rep-fan");
  for (let i = 0; i < 3; i++) await setFollow(env.DB, db, { followerId: fan, creatorId: creator }, "follow");
  expect(await counts(creator)).toMatchObject({ followers: 1, rows: 1 });
  for (let i = 0; i < 3; i++) await setFollow(env.DB, db, { followerId: fan, creatorId: creator }, "unfollow");
  expect(await counts(creator)).toMatchObject({ followers: 0, rows: 0 });
});

test("concurrent follows from many people give the exact count", async () => {
  const creator = await aCreator("con-creator", "concreator");
  const fans = await Promise.all(Array.from({ length: 25 }, (_, i) => aUser(`con-fan-${i}`)));
  // Each fan follows three times at once, all in parallel.
  await Promise.all(
    fans.flatMap((fan) =>
      [1, 2, 3].map(() => setFollow(env.DB, db, { followerId: fan, creatorId: creator }, "follow")),
    ),
  );
  expect(await counts(creator)).toEqual({ followers: 25, following: 0, rows: 25 });
  // Ten of them unfollow (twice each) while the rest follow again, all at once.
  await Promise.all(
    fans.flatMap((fan, i) =>
      i < 10
        ? [
            setFollow(env.DB, db, { followerId: fan, creatorId: creator }, "unfollow"),
            setFollow(env.DB, db, { followerId: fan, creatorId: creator }, "unfollow"),
          ]
        : [setFollow(env.DB, db, { followerId: fan, creatorId: creator }, "follow")],
    ),
  );
  expect(await counts(creator)).toEqual({ followers: 15, following: 0, rows: 15 });
});

test("interleaved follow/unfollow toggles by one person leave the count equal to the rows", async () => {
  const creator = await aCreator("tog-creator", "togcreator");
  const fan = await aUser("tog-fan");
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      setFollow(env.DB, db, { followerId: fan, creatorId: creator }, i % 2 === 0 ? "follow" : "unfollow"),
    ),
  );
  const after = await counts(creator);
  expect(after.followers).toBe(after.rows);
  expect([0, 1]).toContain(after.rows);
});

test("a follower who is a creator gets an exact following_count on their own profile", async () => {
  const a = await aCreator("fc-a", "fca");
  const b = await aCreator("fc-b", "fcb");
  const follower = await aCreator("fc-follower", "fcfollower");
  await Promise.all([
    setFollow(env.DB, db, { followerId: "fc-follower", creatorId: a }, "follow"),
    setFollow(env.DB, db, { followerId: "fc-follower", creatorId: b }, "follow"),
    setFollow(env.DB, db, { followerId: "fc-follower", creatorId: b }, "follow"),
  ]);
  expect((await counts(follower)).following).toBe(2);
  await setFollow(env.DB, db, { followerId: "fc-follower", creatorId: a }, "unfollow");
  expect((await counts(follower)).following).toBe(1);
  expect((await counts(a)).followers).toBe(0);
  expect((await counts(b)).followers).toBe(1);
});

function postFollow(username: string, userId: string, intent: string) {
  const context = new RouterContextProvider();
  context.set(appContext, { env, db, services: {} as AppContext["services"], waitUntil: () => {}, nonce: "n" });
  context.set(userContext, {
    id: userId,
    email: `${userId}@example.com`,
    displayName: null,
    role: "creator",
    preferences: {},
  });
  const body = new FormData();
  body.set("intent", intent);
  const request = new Request(`http://test/creators/${username}`, { method: "POST", body });
  return profileAction({ request, params: { username }, context } as never).then(
    (value) => ({ thrown: false, value }),
    (value: unknown) => ({ thrown: true, value }),
  );
}

test("the follow form: you can't follow yourself (400), others redirect back after the change, a private profile is 404", async () => {
  const self = await aCreator("form-self", "formself");
  const fan = await aUser("form-fan");
  const mine = await postFollow("formself", "form-self", "follow");
  expect(mine.thrown).toBe(false);
  expect((mine.value as { init: { status: number } }).init.status).toBe(400);
  expect((await counts(self)).followers).toBe(0);

  const theirs = await postFollow("formself", fan, "follow");
  expect(theirs.thrown).toBe(true);
  expect((theirs.value as Response).status).toBe(303);
  expect((theirs.value as Response).headers.get("Location")).toBe("/creators/formself");
  expect((await counts(self)).followers).toBe(1);

  const bogus = await postFollow("formself", fan, "explode");
  expect((bogus.value as { init: { status: number } }).init.status).toBe(400);

  await aUser("form-hidden");
  await db
    .insertInto("creator_profiles")
    .values({ id: "profile-form-hidden", user_id: "form-hidden", username: "formhidden", visibility: "private" })
    .execute();
  const hidden = await postFollow("formhidden", fan, "follow");
  expect((hidden.value as { init: { status: number } }).init.status).toBe(404);
});

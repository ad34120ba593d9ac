import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { directoryCount, directoryPage, profileByUsername } from "#db/queries/creators";
import type { Role, Visibility } from "#db/schema";
import { appContext, userContext, type AppContext } from "~/lib/context";
import { isUsernameTakenError } from "~/lib/creators/username";
import { canViewProfile } from "~/lib/creators/visibility";
import { loader as profileLoader } from "~/routes/creators/profile";

const db = createDb(env.DB);

/** Storage is shared by the tests of one file: each test uses its own rows. */
async function aCreator(
  id: string,
  username: string,
  visibility: Visibility = "public",
  extra: Record<string, unknown> = {},
) {
  await db
    .insertInto("users")
    .values({ id, email: `${id}@example.com`, role: "creator" })
    .execute();
  await db
    .insertInto("creator_profiles")
    .values({ id: `profile-${id}`, user_id: id, username, display_name: `Creator ${id}`, visibility, ...extra })
    .execute();
  return { userId: id, profileId: `profile-${id}` };
}

async function aUser(id: string, role: Role = "user") {
  await db
    .insertInto("users")
    .values({ id, email: `${id}@example.com`, role })
    .execute();
  return { id, email: `${id}@example.com`, displayName: id, role, preferences: {} };
}

type TestUser = { id: string; email: string; displayName: string | null; role: Role; preferences: {} };

function routeContext(user: TestUser | null) {
  const context = new RouterContextProvider();
  context.set(appContext, { env, db, services: {} as AppContext["services"], waitUntil: () => {}, nonce: "n" });
  context.set(userContext, user);
  return context;
}

async function loadProfile(username: string, user: TestUser | null) {
  const request = new Request(`http://test/creators/${username}`);
  try {
    return {
      status: 200,
      value: await profileLoader({ request, params: { username }, context: routeContext(user) } as never),
    };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, value: thrown };
    const init = (thrown as { init?: { status?: number } }).init;
    if (init?.status) return { status: init.status, value: thrown };
    throw thrown;
  }
}

test("usernames are unique ignoring case, and the error is recognised as 'taken'", async () => {
  await aCreator("uniq-a", "samename");
  await db.insertInto("users").values({ id: "uniq-b", email: "uniq-b@example.com" }).execute();
  let caught: unknown;
  try {
    await db
      .insertInto("creator_profiles")
      .values({ id: "profile-uniq-b", user_id: "uniq-b", username: "SameName" })
      .execute();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeDefined();
  expect(isUsernameTakenError(caught)).toBe(true);
  // A different username is fine.
  await db
    .insertInto("creator_profiles")
    .values({ id: "profile-uniq-b", user_id: "uniq-b", username: "othername" })
    .execute();
  // Lookups ignore case too.
  const found = await profileByUsername(db, "SAMENAME").executeTakeFirst();
  expect(found?.user_id).toBe("uniq-a");
});

test("one profile per user", async () => {
  await aCreator("one-per-user", "firstname");
  await expect(
    db
      .insertInto("creator_profiles")
      .values({ id: "profile-second", user_id: "one-per-user", username: "secondname" })
      .execute(),
  ).rejects.toThrow(/UNIQUE/);
});

test("visibility: public and unlisted are reachable by anyone, private only by the owner and staff", async () => {
  const open = await aCreator("vis-public", "vispublic", "public");
  const hidden = await aCreator("vis-unlisted", "visunlisted", "unlisted");
  const secret = await aCreator("vis-private", "visprivate", "private");
  const stranger = await aUser("vis-stranger");
  const support = await aUser("vis-support", "support");
  const admin = await aUser("vis-admin", "admin");
  const owner = { id: secret.userId, role: "creator" as const };

  expect(canViewProfile({ user_id: open.userId, visibility: "public" }, null)).toBe(true);
  expect(canViewProfile({ user_id: hidden.userId, visibility: "unlisted" }, null)).toBe(true);
  expect(canViewProfile({ user_id: secret.userId, visibility: "private" }, null)).toBe(false);
  expect(canViewProfile({ user_id: secret.userId, visibility: "private" }, stranger)).toBe(false);
  expect(canViewProfile({ user_id: secret.userId, visibility: "private" }, owner)).toBe(true);
  expect(canViewProfile({ user_id: secret.userId, visibility: "private" }, support)).toBe(true);
  expect(canViewProfile({ user_id: secret.userId, visibility: "private" }, admin)).toBe(true);

  // Through the page's loader: the same 404 for private and for missing.
  expect((await loadProfile("vispublic", null)).status).toBe(200);
  expect((await loadProfile("visunlisted", null)).status).toBe(200);
  expect((await loadProfile("visprivate", null)).status).toBe(404);
  expect((await loadProfile("visprivate", stranger)).status).toBe(404);
  expect((await loadProfile("visprivate", support)).status).toBe(200);
  expect((await loadProfile("no-such-creator", support)).status).toBe(404);
  const ownerView = await aUserRow(secret.userId);
  expect((await loadProfile("visprivate", ownerView)).status).toBe(200);
  // Another case of the username redirects to the one canonical address.
  const redirected = await loadProfile("VisPublic", null);
  expect(redirected.status).toBe(301);
  expect((redirected.value as Response).headers.get("Location")).toBe("/creators/vispublic");
});

async function aUserRow(id: string) {
  const row = await db
    .selectFrom("users")
    .select(["id", "email", "role"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { id: row.id, email: row.email, displayName: null, role: row.role, preferences: {} };
}

test("the directory lists only public profiles, featured first, and searches name, username and specialty", async () => {
  await aCreator("dir-plain", "dirplain", "public", { follower_count: 50, specialties: JSON.stringify(["astronomy"]) });
  await aCreator("dir-featured", "dirfeatured", "public", {
    is_featured: 1,
    follower_count: 1,
    display_name: "Zed Featured",
  });
  await aCreator("dir-unlisted", "dirunlisted", "unlisted", { specialties: JSON.stringify(["astronomy"]) });
  await aCreator("dir-private", "dirprivate", "private", { specialties: JSON.stringify(["astronomy"]) });
  await aCreator("dir-percent", "dir_percent", "public", { display_name: "100% Cozy" });

  const all = await directoryPage(db, { search: "", limit: 100, offset: 0 }).execute();
  const names = all.map((row) => row.username);
  expect(names).not.toContain("dirunlisted");
  expect(names).not.toContain("dirprivate");
  expect(names.indexOf("dirfeatured")).toBeLessThan(names.indexOf("dirplain"));
  const featuredFlags = all.map((row) => row.is_featured);
  expect(featuredFlags).toEqual([...featuredFlags].sort((a, b) => b - a));

  const bySpecialty = await directoryPage(db, { search: "ASTRONOMY", limit: 10, offset: 0 }).execute();
  expect(bySpecialty.map((row) => row.username)).toEqual(["dirplain"]);
  expect((await directoryCount(db, "astronomy").executeTakeFirstOrThrow()).total).toBe(1);
  const byDisplayName = await directoryPage(db, { search: "zed feat", limit: 10, offset: 0 }).execute();
  expect(byDisplayName.map((row) => row.username)).toEqual(["dirfeatured"]);
  // LIKE wildcards in the search are literal.
  const literalPercent = await directoryPage(db, { search: "100%", limit: 10, offset: 0 }).execute();
  expect(literalPercent.map((row) => row.username)).toEqual(["dir_percent"]);
  const literalUnderscore = await directoryPage(db, { search: "dir_", limit: 10, offset: 0 }).execute();
  expect(literalUnderscore.map((row) => row.username)).toEqual(["dir_percent"]);
});

test("a long directory search (the page keeps 100 characters) answers, never D1's LIKE-pattern error", async () => {
  await aCreator("dir-long", "dirlong", "public", {
    display_name: "Lighthouse keeper of the northern isles and their many quiet harbours",
  });
  const search = "lighthouse keeper of the northern isles and their many quiet harbours".padEnd(100, " x");
  const rows = await directoryPage(db, {
    search: "Lighthouse keeper of the northern isles and their many quiet harbours",
    limit: 10,
    offset: 0,
  }).execute();
  expect(rows.map((row) => row.username)).toEqual(["dirlong"]);
  expect((await directoryCount(db, search).executeTakeFirstOrThrow()).total).toBe(0);
});

import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { appContext, userContext, type AppContext } from "~/lib/context";
import { action as myProfileAction } from "~/routes/creators/my-profile";
import { makePng as makePngBytes } from "../support/images";

/** PNG bytes as a BlobPart (the helper returns a plain Uint8Array). */
const makePng = async (width: number, height: number) => (await makePngBytes(width, height)) as Uint8Array<ArrayBuffer>;

const db = createDb(env.DB);

async function aUser(id: string, role: "user" | "creator" | "admin" = "user") {
  await db
    .insertInto("users")
    .values({ id, email: `${id}@example.com`, role })
    .execute();
  return id;
}

const validFields = (username: string): Record<string, string> => ({
  intent: "save",
  username,
  display_name: "Ada Maker",
  bio: "I make <b>cozy</b> bots.",
  specialties: "fantasy, Fantasy, cozy mysteries",
  experience_level: "expert",
  visibility: "unlisted",
  social_website: "https://ada.example",
  social_github: "",
  social_twitter: "",
  social_youtube: "",
  commission_info: "",
});

type ActionOutcome = {
  status: number;
  location?: string | null;
  data?: { fieldErrors?: Record<string, string[]>; values?: Record<string, string> };
};

async function save(
  userId: string,
  fields: Record<string, string>,
  files: Record<string, File> = {},
): Promise<ActionOutcome> {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  for (const [key, file] of Object.entries(files)) body.set(key, file);
  const ctx = new RouterContextProvider();
  ctx.set(appContext, { env, db, services: {} as AppContext["services"], waitUntil: () => {}, nonce: "n" });
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "role"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  ctx.set(userContext, { ...user, displayName: null, preferences: {} });
  const request = new Request("http://test/my/profile", { method: "POST", body });
  try {
    const value = (await myProfileAction({ request, params: {}, context: ctx } as never)) as {
      init?: { status?: number };
      data?: ActionOutcome["data"];
    };
    return { status: value.init?.status ?? 200, data: value.data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    const init = (thrown as { init?: { status?: number } }).init;
    if (init?.status) return { status: init.status };
    throw thrown;
  }
}

const profileOf = (userId: string) =>
  db
    .selectFrom("creator_profiles")
    .select([
      "username",
      "display_name",
      "bio",
      "specialties",
      "experience_level",
      "visibility",
      "social_links",
      "avatar_id",
      "cover_image_id",
      "is_verified",
      "is_featured",
      "is_premium",
    ])
    .where("user_id", "=", userId)
    .executeTakeFirst();

test("creating a profile with an avatar stores every field and the image, and makes the user a creator", async () => {
  const user = await aUser("mp-create");
  const avatar = new File([await makePng(32, 32)], "me.png", { type: "image/png" });
  const result = await save(
    user,
    { ...validFields("Ada_Maker"), is_verified: "on", is_featured: "on", is_premium: "on", follower_count: "9999" },
    { avatar },
  );
  expect(result).toMatchObject({ status: 303, location: "/my/profile?saved=1" });
  const profile = await profileOf(user);
  expect(profile).toMatchObject({
    username: "ada_maker",
    display_name: "Ada Maker",
    bio: "I make <b>cozy</b> bots.",
    specialties: JSON.stringify(["fantasy", "cozy mysteries"]),
    experience_level: "expert",
    visibility: "unlisted",
    social_links: JSON.stringify({ website: "https://ada.example" }),
    // Badges are staff-only: sending them changes nothing.
    is_verified: 0,
    is_featured: 0,
    is_premium: 0,
  });
  const media = await db
    .selectFrom("media")
    .select(["mime_type", "width", "uploaded_by_id"])
    .where("id", "=", profile!.avatar_id!)
    .executeTakeFirstOrThrow();
  expect(media).toEqual({ mime_type: "image/png", width: 32, uploaded_by_id: user });
  const role = await db.selectFrom("users").select("role").where("id", "=", user).executeTakeFirstOrThrow();
  expect(role.role).toBe("creator");
});

test("replacing the avatar deletes the old image; removing the cover clears it", async () => {
  const user = await aUser("mp-replace", "creator");
  const first = new File([await makePng(16, 16)], "a.png");
  const cover = new File([await makePng(64, 16)], "c.png");
  expect((await save(user, validFields("replacer"), { avatar: first, cover })).status).toBe(303);
  const before = (await profileOf(user))!;
  const oldKey = (
    await db.selectFrom("media").select("storage_key").where("id", "=", before.avatar_id!).executeTakeFirstOrThrow()
  ).storage_key;

  const second = new File([await makePng(20, 20)], "b.png");
  expect((await save(user, { ...validFields("replacer"), remove_cover: "on" }, { avatar: second })).status).toBe(303);
  const after = (await profileOf(user))!;
  expect(after.avatar_id).not.toBe(before.avatar_id);
  expect(after.cover_image_id).toBeNull();
  expect(
    await db.selectFrom("media").select("id").where("id", "in", [before.avatar_id!, before.cover_image_id!]).execute(),
  ).toEqual([]);
  expect(await env.MEDIA.get(oldKey)).toBeNull();
});

test("bad input answers 400 with field errors and keeps everything typed; nothing is stored", async () => {
  const user = await aUser("mp-invalid");
  const typed = {
    ...validFields("ok-name"),
    social_github: "javascript:alert(1)",
    display_name: "Kept Name",
    bio: "Kept bio",
    accepts_commissions: "on",
  };
  const mediaBefore = (await env.MEDIA.list()).objects.length;
  const result = await save(user, typed, {
    avatar: new File([await makePng(8, 8)], "fine.png"),
    cover: new File(["not an image"], "x.png"),
  });
  expect(result.status).toBe(400);
  expect(result.data?.fieldErrors?.social_github?.[0]).toMatch(/https:\/\//);
  expect(result.data?.fieldErrors?.commission_info?.[0]).toMatch(/commissions/);
  expect(result.data?.fieldErrors?.cover?.[0]).toMatch(/not a PNG/);
  expect(result.data?.values).toMatchObject({
    display_name: "Kept Name",
    bio: "Kept bio",
    social_github: "javascript:alert(1)",
    username: "ok-name",
  });
  expect(await profileOf(user)).toBeUndefined();
  expect((await env.MEDIA.list()).objects.length).toBe(mediaBefore);
});

test("usernames: taken in any case, reserved, too short or with bad characters are 400s", async () => {
  const owner = await aUser("mp-owner");
  expect((await save(owner, validFields("takenname"))).status).toBe(303);
  const other = await aUser("mp-other");
  for (const [username, message] of [
    ["TakenName", /taken/],
    ["admin", /reserved/],
    ["ab", /at least 3/],
    ["has space", /lowercase letters/],
    ["x".repeat(31), /at most 30/],
  ] as const) {
    const result = await save(other, validFields(username));
    expect(result.status, username).toBe(400);
    expect(result.data?.fieldErrors?.username?.[0], username).toMatch(message);
    expect(result.data?.values?.username).toBe(username);
  }
  expect(await profileOf(other)).toBeUndefined();
  // The owner may keep (or re-case) their own username.
  expect((await save(owner, validFields("TAKENNAME"))).status).toBe(303);
  expect((await profileOf(owner))?.username).toBe("takenname");
});

test("empty file inputs (as a browser sends them) are ignored, not errors", async () => {
  const user = await aUser("mp-no-files");
  // workerd parses an empty file part as "", other runtimes as an empty File.
  const result = await save(user, { ...validFields("nofiles"), avatar: "" }, { cover: new File([], "") });
  expect(result.status).toBe(303);
  expect((await profileOf(user))?.avatar_id).toBeNull();
});

test("two 'create' submits at once leave one profile and no error", async () => {
  const user = await aUser("mp-double");
  const results = await Promise.all([save(user, validFields("doubletap")), save(user, validFields("doubletap"))]);
  expect(results.map((r) => r.status)).toEqual([303, 303]);
  const rows = await db.selectFrom("creator_profiles").select("username").where("user_id", "=", user).execute();
  expect(rows).toEqual([{ username: "doubletap" }]);
});

test("a fan who followed creators before making a profile starts with the right following_count", async () => {
  const creator = await aUser("mp-followed", "creator");
  await db
    .insertInto("creator_profiles")
    .values({ id: "profile-mp-followed", user_id: creator, username: "followedone" })
    .execute();
  const fan = await aUser("mp-fan");
  await db.insertInto("follows").values({ follower_id: fan, creator_id: "profile-mp-followed" }).execute();
  expect((await save(fan, validFields("fanturnedcreator"))).status).toBe(303);
  const row = await db
    .selectFrom("creator_profiles")
    .select("following_count")
    .where("user_id", "=", fan)
    .executeTakeFirstOrThrow();
  expect(row.following_count).toBe(1);
});

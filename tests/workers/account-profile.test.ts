/** The account page's profile form: validation keeps what was typed, the avatar is stored
 * in R2 and replaced ones are removed. */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import * as account from "~/routes/account/index";
import { makePng } from "../support/images";
import { args, insertUsers, person, statusOf } from "../support/route-calls";

const ana = person("ana");

beforeAll(async () => {
  await insertUsers(ana);
});

function multipart(fields: Record<string, string | File>): RequestInit {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return { method: "POST", body };
}

const png = async (side: number, name: string) =>
  new File([(await makePng(side, side)) as Uint8Array<ArrayBuffer>], name, { type: "image/png" });

test("bad input is a 400 that keeps what was typed; a long bio is refused, not truncated", async () => {
  const outcome = await statusOf(() =>
    account.action(
      args(
        ana,
        "/account",
        {},
        multipart({ intent: "profile", displayName: "", bio: "x".repeat(2000), location: "Porto" }),
      ) as never,
    ),
  );
  expect(outcome.status).toBe(400);
  expect(outcome.body).toMatchObject({
    values: { location: "Porto" },
    fieldErrors: { displayName: expect.any(Array), bio: expect.any(Array) },
  });
  const wrongType = await statusOf(() =>
    account.action(
      args(
        ana,
        "/account",
        {},
        multipart({
          intent: "profile",
          displayName: "Ana",
          avatar: new File(["not an image"], "a.png", { type: "image/png" }),
        }),
      ) as never,
    ),
  );
  expect(wrongType.status).toBe(400);
});

test("saving the profile with an avatar stores it; replacing the avatar deletes the old object", async () => {
  const avatar = await png(8, "me.png");
  const first = await statusOf(() =>
    account.action(
      args(
        ana,
        "/account",
        {},
        multipart({ intent: "profile", displayName: "Ana B", location: "Porto", avatar }),
      ) as never,
    ),
  );
  expect(first).toMatchObject({ status: 303, location: "/account?saved=1" });
  const row = await env.DB.prepare(
    "SELECT u.display_name, u.location, m.storage_key FROM users u JOIN media m ON m.id = u.avatar_id WHERE u.id = 'ana'",
  ).first<{ display_name: string; location: string; storage_key: string }>();
  expect(row).toMatchObject({ display_name: "Ana B", location: "Porto" });
  expect(await env.MEDIA.get(row!.storage_key)).not.toBeNull();
  const replacement = await png(4, "new.png");
  await statusOf(() =>
    account.action(
      args(ana, "/account", {}, multipart({ intent: "profile", displayName: "Ana B", avatar: replacement })) as never,
    ),
  );
  expect(await env.MEDIA.get(row!.storage_key)).toBeNull();
  const page = await statusOf(() => account.loader(args(ana, "/account?saved=1") as never));
  expect(page.body).toMatchObject({
    saved: true,
    profile: { display_name: "Ana B", avatar_url: expect.stringMatching(/^\/media\//) },
  });
});

test("signed out, the account page sends you to sign in", async () => {
  expect((await statusOf(() => account.loader(args(null, "/account") as never))).location).toBe(
    "/sign-in?redirectTo=%2Faccount",
  );
});

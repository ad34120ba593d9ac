/**
 * Bot pages through their real loaders and actions against local D1: visibility (private
 * and NSFW), ownership 404s, slug generation and uniqueness, 400s that keep input, the
 * avatar upload, interactions posted as forms, and delete.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { slugify } from "~/lib/bots/slug";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import * as botPage from "~/routes/bots/bot";
import * as cardExport from "~/routes/bots/card-export";
import * as deletePage from "~/routes/bots/delete";
import * as editPage from "~/routes/bots/edit";
import * as newPage from "~/routes/bots/new";
import * as contentSettings from "~/routes/bots/settings-content";
import { makePng } from "../support/images";

const db = createDb(env.DB);
const person = (id: string, role: CurrentUser["role"] = "user", nsfw = false): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role,
  preferences: { nsfw },
});
const owner = person("owner", "creator");
const stranger = person("stranger");
const admin = person("admin", "admin");
const adult = person("adult", "user", true);

beforeAll(async () => {
  await env.DB.batch(
    [owner, stranger, admin, adult].map((u) =>
      env.DB.prepare("INSERT INTO users (id, email, role) VALUES (?, ?, ?)").bind(u.id, u.email, u.role),
    ),
  );
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('b-public', 'Public Pal', 'public-pal', 'owner', 1)",
    ),
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('b-private', 'Private Pal', 'private-pal', 'owner', 0)",
    ),
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public, is_nsfw) VALUES ('b-nsfw', 'Night Pal', 'night-pal', 'owner', 1, 1)",
    ),
  ]);
});

function args(user: CurrentUser | null, path: string, params: Record<string, string> = {}, init?: RequestInit) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env, db, services: {} as Services, waitUntil: () => {}, nonce: "test" });
  return { request: new Request(`https://botcafe.test${path}`, init), context, params } as never;
}

/** The status of whatever a loader/action threw or returned (redirects, data(), 404s). */
async function statusOf(
  run: () => Promise<unknown>,
): Promise<{ status: number; location?: string | null; body?: unknown }> {
  try {
    const result = (await run()) as { init?: ResponseInit; data?: unknown } | Response | null;
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    if (result && "init" in result && result.init) return { status: result.init.status ?? 200, body: result.data };
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    const init = (thrown as { init?: ResponseInit }).init;
    if (init) return { status: init.status ?? 500, body: (thrown as { data?: unknown }).data };
    throw thrown;
  }
}

function form(fields: Record<string, string | File>): RequestInit {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return { method: "POST", body };
}

test("a private bot is visible to its creator and admins and a 404 to everyone else", async () => {
  expect((await statusOf(() => botPage.loader(args(owner, "/bots/private-pal", { slug: "private-pal" })))).status).toBe(
    200,
  );
  expect((await statusOf(() => botPage.loader(args(admin, "/bots/private-pal", { slug: "private-pal" })))).status).toBe(
    200,
  );
  expect(
    (await statusOf(() => botPage.loader(args(stranger, "/bots/private-pal", { slug: "private-pal" })))).status,
  ).toBe(404);
  expect((await statusOf(() => botPage.loader(args(null, "/bots/private-pal", { slug: "private-pal" })))).status).toBe(
    404,
  );
  expect((await statusOf(() => botPage.loader(args(null, "/bots/no-such-bot", { slug: "no-such-bot" })))).status).toBe(
    404,
  );
  // Interacting with a bot you cannot see is a 404 too, and changes nothing.
  expect(
    (
      await statusOf(() =>
        botPage.action(
          args(stranger, "/bots/private-pal", { slug: "private-pal" }, form({ intent: "like", state: "on" })),
        ),
      )
    ).status,
  ).toBe(404);
  const likes = await env.DB.prepare("SELECT likes_count FROM bots WHERE id = 'b-private'").first<{
    likes_count: number;
  }>();
  expect(likes!.likes_count).toBe(0);
});

test("an NSFW bot page is never served signed out or to someone who did not opt in", async () => {
  expect((await statusOf(() => botPage.loader(args(null, "/bots/night-pal", { slug: "night-pal" })))).status).toBe(403);
  expect((await statusOf(() => botPage.loader(args(stranger, "/bots/night-pal", { slug: "night-pal" })))).status).toBe(
    403,
  );
  expect((await statusOf(() => botPage.loader(args(adult, "/bots/night-pal", { slug: "night-pal" })))).status).toBe(
    200,
  );
  expect((await statusOf(() => botPage.loader(args(owner, "/bots/night-pal", { slug: "night-pal" })))).status).toBe(
    200,
  );
});

test("only the creator or an admin can edit, export or delete; others get 404", async () => {
  for (const [user, status] of [
    [stranger, 404],
    [adult, 404],
    [owner, 200],
    [admin, 200],
  ] as const) {
    expect(
      (await statusOf(() => editPage.loader(args(user, "/bots/public-pal/edit", { slug: "public-pal" })))).status,
      user.id,
    ).toBe(status);
    expect(
      (await statusOf(() => deletePage.loader(args(user, "/bots/public-pal/delete", { slug: "public-pal" })))).status,
      user.id,
    ).toBe(status);
    expect(
      (
        await statusOf(() =>
          cardExport.loader(args(user, "/bots/public-pal/card/v2.json", { slug: "public-pal", format: "v2.json" })),
        )
      ).status,
      user.id,
    ).toBe(status);
  }
  expect(
    (
      await statusOf(() =>
        cardExport.loader(args(owner, "/bots/public-pal/card/exe", { slug: "public-pal", format: "exe" })),
      )
    ).status,
  ).toBe(404);
  const edit = await statusOf(() =>
    editPage.action(args(stranger, "/bots/public-pal/edit", { slug: "public-pal" }, form({ name: "Hijacked" }))),
  );
  expect(edit.status).toBe(404);
  const del = await statusOf(() =>
    deletePage.action(args(stranger, "/bots/public-pal/delete", { slug: "public-pal" }, form({}))),
  );
  expect(del.status).toBe(404);
  const row = await env.DB.prepare("SELECT name FROM bots WHERE id = 'b-public'").first<{ name: string }>();
  expect(row!.name).toBe("Public Pal");
  // Signed out: sent to sign in.
  expect(
    (await statusOf(() => editPage.loader(args(null, "/bots/public-pal/edit", { slug: "public-pal" })))).status,
  ).toBe(302);
});

test("creating bots generates unique slugs from names, with an avatar read from the bytes", async () => {
  const png = await makePng(40, 30);
  const first = await statusOf(() =>
    newPage.action(
      args(
        owner,
        "/bots/new",
        {},
        form({
          name: "Zoë the Wanderer!",
          tags: "Travel, cozy, travel",
          is_public: "on",
          avatar: new File([png as Uint8Array<ArrayBuffer>], "me.png", { type: "image/png" }),
        }),
      ),
    ),
  );
  expect(first).toMatchObject({ status: 302, location: "/bots/zoe-the-wanderer" });
  const second = await statusOf(() => newPage.action(args(owner, "/bots/new", {}, form({ name: "Zoe the wanderer" }))));
  expect(second).toMatchObject({ status: 302, location: "/bots/zoe-the-wanderer-2" });
  const bot = await db
    .selectFrom("bots")
    .innerJoin("media", "media.id", "bots.avatar_id")
    .select(["bots.tags", "bots.is_public", "media.width", "media.height", "media.mime_type"])
    .where("slug", "=", "zoe-the-wanderer")
    .executeTakeFirstOrThrow();
  expect(bot).toEqual({ tags: '["travel","cozy"]', is_public: 1, width: 40, height: 30, mime_type: "image/png" });
  expect(slugify("New")).toBe("new-bot"); // reserved paths are never slugs
  expect(slugify("!!!")).toBe("bot");
});

test("bad input answers 400 with field errors and keeps everything typed; nothing is created", async () => {
  const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM bots").first<{ n: number }>();
  const typed = { name: "Kept Name", description: "Kept description", slug: "public-pal", tags: "a, b" };
  const taken = await statusOf(() => newPage.action(args(owner, "/bots/new", {}, form(typed))));
  expect(taken.status).toBe(400);
  expect(taken.body).toMatchObject({ fieldErrors: { slug: [expect.stringMatching(/taken/)] }, values: typed });

  const bad = await statusOf(() =>
    newPage.action(
      args(
        owner,
        "/bots/new",
        {},
        form({
          name: " ",
          slug: "Bad Slug!",
          tags: Array.from({ length: 13 }, (_, i) => `t${i}`).join(","),
          avatar: new File(["<svg/>"], "x.png", { type: "image/png" }),
        }),
      ),
    ),
  );
  expect(bad.status).toBe(400);
  expect(Object.keys((bad.body as { fieldErrors: object }).fieldErrors).sort()).toEqual(["name", "slug", "tags"]);

  const notImage = await statusOf(() =>
    newPage.action(
      args(
        owner,
        "/bots/new",
        {},
        form({ name: "Has bad avatar", avatar: new File(["<svg/>"], "x.png", { type: "image/png" }) }),
      ),
    ),
  );
  expect(notImage.status).toBe(400);
  expect(notImage.body).toMatchObject({
    fieldErrors: { avatar: [expect.stringMatching(/not a PNG/)] },
    values: { name: "Has bad avatar" },
  });

  // A real multipart request (with its Content-Length) carrying a 3 MB photo: too big for
  // an avatar, but answered on the form, with everything typed kept — not a bare 413.
  const photo = new Uint8Array(3 * 1024 * 1024);
  photo.set(await makePng(10, 10));
  const bigBody = new FormData();
  bigBody.set("name", "Big Photo Bot");
  bigBody.set("description", "Typed before the upload");
  bigBody.set("avatar", new File([photo], "photo.png", { type: "image/png" }));
  const serialized = new Request("https://botcafe.test/bots/new", { method: "POST", body: bigBody });
  const bytes = await serialized.arrayBuffer();
  const tooBig = await statusOf(() =>
    newPage.action(
      args(
        owner,
        "/bots/new",
        {},
        {
          method: "POST",
          body: bytes,
          headers: {
            "Content-Type": serialized.headers.get("Content-Type")!,
            "Content-Length": String(bytes.byteLength),
          },
        },
      ),
    ),
  );
  expect(tooBig.status).toBe(400);
  expect(tooBig.body).toMatchObject({
    fieldErrors: { avatar: [expect.stringMatching(/limit is 2 MB/)] },
    values: { name: "Big Photo Bot", description: "Typed before the upload" },
  });
  const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM bots").first<{ n: number }>();
  expect(after!.n).toBe(before!.n);
});

test("the bot page's forms: like/unlike are exact, rating and report validate, delete removes the bot", async () => {
  const post = (user: CurrentUser, fields: Record<string, string>) =>
    statusOf(() => botPage.action(args(user, "/bots/public-pal", { slug: "public-pal" }, form(fields))));
  expect((await post(stranger, { intent: "like", state: "on" })).status).toBe(302);
  expect((await post(stranger, { intent: "like", state: "on" })).status).toBe(302);
  expect((await post(adult, { intent: "like", state: "on" })).status).toBe(302);
  const view = (await botPage.loader(args(stranger, "/bots/public-pal", { slug: "public-pal" }))) as Awaited<
    ReturnType<typeof botPage.loader>
  >;
  expect(view.bot.likes_count).toBe(2);
  expect(view.viewer).toMatchObject({ liked: true, favorited: false });
  await post(stranger, { intent: "like", state: "off" });
  expect(
    (await env.DB.prepare("SELECT likes_count FROM bots WHERE id = 'b-public'").first<{ likes_count: number }>())!
      .likes_count,
  ).toBe(1);

  expect((await post(stranger, { intent: "rate", score: "7" })).status).toBe(400);
  expect((await post(stranger, { intent: "rate", score: "4" })).status).toBe(302);
  const report = await post(stranger, { intent: "report", reason: "", details: "kept text" });
  expect(report).toMatchObject({ status: 400, body: { values: { details: "kept text" } } });
  expect((await post(stranger, { intent: "report", reason: "spam", details: "ads" })).status).toBe(302);
  expect((await post(stranger, { intent: "teleport" })).status).toBe(400);

  const deleted = await statusOf(() =>
    deletePage.action(args(owner, "/bots/public-pal/delete", { slug: "public-pal" }, form({}))),
  );
  expect(deleted).toMatchObject({ status: 302, location: "/my/bots?deleted=1" });
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM bot_interactions WHERE bot_id = 'b-public'").first()).toEqual({
    n: 0,
  });
  expect((await statusOf(() => botPage.loader(args(owner, "/bots/public-pal", { slug: "public-pal" })))).status).toBe(
    404,
  );
});

test("content settings turn NSFW on and off without touching other preferences", async () => {
  await env.DB.prepare(`UPDATE users SET preferences = '{"theme":"dark"}' WHERE id = 'stranger'`).run();
  const save = (fields: Record<string, string>) =>
    statusOf(() => contentSettings.action(args(stranger, "/settings/content", {}, form(fields))));
  expect(await save({ nsfw: "on" })).toMatchObject({ status: 302, location: "/settings/content?saved=1" });
  expect(await env.DB.prepare("SELECT preferences FROM users WHERE id = 'stranger'").first()).toEqual({
    preferences: '{"theme":"dark","nsfw":true}',
  });
  expect((await save({})).status).toBe(302);
  expect(await env.DB.prepare("SELECT preferences FROM users WHERE id = 'stranger'").first()).toEqual({
    preferences: '{"theme":"dark","nsfw":false}',
  });
  expect((await save({ nsfw: "yes please" })).status).toBe(400);
  expect((await statusOf(async () => contentSettings.loader(args(null, "/settings/content")))).status).toBe(302);
});

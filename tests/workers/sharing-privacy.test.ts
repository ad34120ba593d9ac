/**
 * Issue 17: sharing never tells whether an email has an account — the same answer for
 * an email with one, without one, or the owner's — and lists grantees by email, never by
 * their private display name. "Shared with me" (/shared) lists my grants (kind, name,
 * owner's public creator name, level, link) and nothing of anyone else's.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import * as share from "~/routes/sharing/share";
import * as sharedWithMe from "~/routes/sharing/shared-with-me";
import { args, count, form, person, statusOf } from "../support/route-calls";

const owner = person("owner", "creator");
const pat = person("pat");
const ally = person("ally");
const stranger = person("stranger");

beforeAll(async () => {
  await env.DB.batch([
    ...[owner, pat, ally, stranger].map((u) =>
      env.DB.prepare("INSERT INTO users (id, email, role, display_name) VALUES (?, ?, ?, ?)").bind(
        u.id,
        u.email,
        u.role,
        `${u.id} Private-Name`,
      ),
    ),
    env.DB.prepare(
      "INSERT INTO creator_profiles (id, user_id, username, display_name, visibility) VALUES ('cp-owner', 'owner', 'ownie', 'Owner Makes', 'public')",
    ),
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('secret', 'Secret Pal', 'secret-pal', 'owner', 0), ('other', 'Not Yours', 'not-yours', 'stranger', 0)",
    ),
    env.DB.prepare("INSERT INTO knowledge_collections (id, name, created_by_id) VALUES ('col-1', 'Lore', 'owner')"),
    env.DB.prepare(
      "INSERT INTO knowledge (id, title, content, created_by_id) VALUES ('k-1', 'Private note', 'Only for friends', 'stranger')",
    ),
    // The stranger shares something with ally: pat must never see it.
    env.DB.prepare(
      "INSERT INTO access_control (id, user_id, resource_type, resource_id, permission_level, granted_by_id) VALUES ('g-ally', 'ally', 'bot', 'other', 'view', 'stranger')",
    ),
  ]);
});

const shareAs = (user: typeof owner, type: string, id: string, fields: Record<string, string>) =>
  statusOf(() => share.action(args(user, `/share/${type}/${id}`, { type, resourceId: id }, form(fields))));

test("sharing with an email that has an account, one that has none, and the owner's: the same answer", async () => {
  const known = await shareAs(owner, "bot", "secret", { intent: "share", email: "pat@example.com", level: "view" });
  const missing = await shareAs(owner, "bot", "secret", {
    intent: "share",
    email: "nobody-here@example.com",
    level: "view",
  });
  expect(missing).toEqual(known);
  expect(known).toMatchObject({ status: 303, location: "/share/bot/secret?done=share" });
  expect(await count("SELECT count(*) AS n FROM access_control WHERE resource_id = 'secret'")).toBe(1);

  // An admin grantee sharing with the owner's email learns nothing either.
  expect(
    (await shareAs(owner, "bot", "secret", { intent: "share", email: "ally@example.com", level: "admin" })).status,
  ).toBe(303);
  expect(await shareAs(ally, "bot", "secret", { intent: "share", email: "owner@example.com", level: "view" })).toEqual(
    await shareAs(ally, "bot", "secret", { intent: "share", email: "nobody-else@example.com", level: "view" }),
  );
  expect(await count("SELECT count(*) AS n FROM access_control WHERE user_id = 'owner'")).toBe(0);
  // Only your own email is refused (it tells you nothing).
  expect(
    (await shareAs(ally, "bot", "secret", { intent: "share", email: "Ally@example.com", level: "view" })).status,
  ).toBe(400);

  // The page lists grantees by email only, never by their private display name.
  const page = await statusOf(() =>
    share.loader(args(owner, "/share/bot/secret", { type: "bot", resourceId: "secret" })),
  );
  expect(JSON.stringify(page.body)).toContain("pat@example.com");
  expect(JSON.stringify(page.body)).not.toContain("Private-Name");
});

test("/shared lists what was shared with me, with the owner's public creator name, and nothing of others'", async () => {
  await shareAs(owner, "collection", "col-1", { intent: "share", email: "pat@example.com", level: "edit" });
  const mine = await statusOf(() => sharedWithMe.loader(args(pat, "/shared")));
  const items = (mine.body as Awaited<ReturnType<typeof sharedWithMe.loader>>).items;
  expect(
    items
      .map(({ type, name, href, owner, level }) => ({ type, name, href, owner, level }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  ).toEqual([
    {
      type: "Collection",
      name: "Lore",
      href: "/knowledge/collections/col-1",
      owner: { name: "Owner Makes", username: "ownie", href: "/creators/ownie" },
      level: "Edit: also change it",
    },
    {
      type: "Bot",
      name: "Secret Pal",
      href: "/bots/secret-pal",
      owner: { name: "Owner Makes", username: "ownie", href: "/creators/ownie" },
      level: "View: see it and use it",
    },
  ]);
  expect(JSON.stringify(items)).not.toContain("Not Yours");
  expect(JSON.stringify(items)).not.toContain("Private-Name");

  // A private creator profile is not named; someone with no grants sees an empty list.
  await env.DB.prepare("UPDATE creator_profiles SET visibility = 'private' WHERE user_id = 'owner'").run();
  const hidden = (await statusOf(() => sharedWithMe.loader(args(pat, "/shared")))).body as Awaited<
    ReturnType<typeof sharedWithMe.loader>
  >;
  expect(hidden.items.every((i) => i.owner === null)).toBe(true);
  expect(
    ((await statusOf(() => sharedWithMe.loader(args(stranger, "/shared")))).body as { items: unknown[] }).items,
  ).toEqual([]);
  // Signed out: to sign-in.
  expect((await statusOf(() => sharedWithMe.loader(args(null, "/shared")))).status).toBe(302);

  // A thing deleted since it was shared lists nothing.
  await env.DB.prepare("DELETE FROM knowledge_collections WHERE id = 'col-1'").run();
  const after = (await statusOf(() => sharedWithMe.loader(args(pat, "/shared")))).body as Awaited<
    ReturnType<typeof sharedWithMe.loader>
  >;
  expect(after.items.map((i) => i.name)).toEqual(["Secret Pal"]);
});

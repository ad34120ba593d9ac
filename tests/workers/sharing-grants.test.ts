/**
 * Sharing (access_control) held against the routes that read or change the shared rows:
 * a private bot (page, edit, card export, starting a chat, the sharing page itself), a
 * knowledge entry and a collection — at view, edit and admin level, then revoked.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { startConversation } from "~/lib/chat/conversations";
import * as botPage from "~/routes/bots/bot";
import * as cardExport from "~/routes/bots/card-export";
import * as deletePage from "~/routes/bots/delete";
import * as editPage from "~/routes/bots/edit";
import * as collectionPage from "~/routes/knowledge/collection";
import * as entryPage from "~/routes/knowledge/entry";
import * as share from "~/routes/sharing/share";
import { args, count, db, form, person, statusOf } from "../support/route-calls";

const owner = person("owner", "creator");
const pat = person("pat");
const stranger = person("stranger");

beforeAll(async () => {
  await env.DB.batch([
    ...[owner, pat, stranger].map((u) =>
      env.DB.prepare("INSERT INTO users (id, email, role) VALUES (?, ?, ?)").bind(u.id, u.email, u.role),
    ),
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('secret', 'Secret Pal', 'secret-pal', 'owner', 0)",
    ),
    env.DB.prepare("INSERT INTO knowledge_collections (id, name, created_by_id) VALUES ('col-1', 'Lore', 'owner')"),
    env.DB.prepare(
      "INSERT INTO knowledge (id, title, content, created_by_id) VALUES ('k-1', 'Private note', 'Only for friends', 'owner')",
    ),
  ]);
});

const bot = { slug: "secret-pal" };
const botStatus = async (user = pat) =>
  (await statusOf(() => botPage.loader(args(user, "/bots/secret-pal", bot)))).status;
const editStatus = async (user = pat) =>
  (await statusOf(() => editPage.loader(args(user, "/bots/secret-pal/edit", bot)))).status;
const shareStatus = async (type: string, id: string, user = pat) =>
  (await statusOf(() => share.loader(args(user, `/share/${type}/${id}`, { type, resourceId: id })))).status;
const canChat = async (user = pat) =>
  (await startConversation(db, env.DB, { id: user.id, displayName: user.id }, { botId: "secret" })).ok;

function shareAs(user: typeof owner, type: string, id: string, fields: Record<string, string>) {
  return statusOf(() => share.action(args(user, `/share/${type}/${id}`, { type, resourceId: id }, form(fields))));
}

test("a private bot shared at view: seen and chatted with, not edited; the grantee is notified", async () => {
  expect(await botStatus()).toBe(404);
  expect(await canChat()).toBe(false);
  expect(
    (await shareAs(owner, "bot", "secret", { intent: "share", email: "pat@example.com", level: "view" })).status,
  ).toBe(303);
  expect(
    await count(
      "SELECT count(*) AS n FROM notifications WHERE user_id = 'pat' AND kind = 'access_granted' AND link = '/bots/secret-pal'",
    ),
  ).toBe(1);
  expect(await botStatus()).toBe(200);
  expect(await canChat()).toBe(true);
  expect(await editStatus()).toBe(404);
  expect(
    (await statusOf(() => cardExport.loader(args(pat, "/bots/secret-pal/card/v2.json", { ...bot, format: "v2.json" }))))
      .status,
  ).toBe(404);
  expect(await shareStatus("bot", "secret")).toBe(404);
  expect(await botStatus(stranger)).toBe(404);
});

test("edit lets them change it but not delete or share it; admin also shares", async () => {
  expect(
    (await shareAs(owner, "bot", "secret", { intent: "share", email: "pat@example.com", level: "edit" })).status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM access_control WHERE user_id = 'pat' AND resource_id = 'secret'")).toBe(
    1,
  );
  expect(await editStatus()).toBe(200);
  expect((await statusOf(() => deletePage.loader(args(pat, "/bots/secret-pal/delete", bot)))).status).toBe(404);
  expect(await shareStatus("bot", "secret")).toBe(404);
  expect(
    (await shareAs(pat, "bot", "secret", { intent: "share", email: "stranger@example.com", level: "view" })).status,
  ).toBe(404);

  expect(
    (await shareAs(owner, "bot", "secret", { intent: "share", email: "pat@example.com", level: "admin" })).status,
  ).toBe(303);
  expect(await shareStatus("bot", "secret")).toBe(200);
  expect(
    (await shareAs(pat, "bot", "secret", { intent: "share", email: "stranger@example.com", level: "view" })).status,
  ).toBe(303);
  expect(await botStatus(stranger)).toBe(200);
});

test("revoking takes every level away again", async () => {
  const grants = await env.DB.prepare("SELECT id FROM access_control WHERE resource_id = 'secret'").all<{
    id: string;
  }>();
  for (const { id } of grants.results)
    expect((await shareAs(owner, "bot", "secret", { intent: "revoke", grantId: id })).status).toBe(303);
  expect(await botStatus()).toBe(404);
  expect(await botStatus(stranger)).toBe(404);
  expect(await editStatus()).toBe(404);
  expect(await canChat()).toBe(false);
});

test("sharing answers bad input with a 400, never a grant", async () => {
  // An email without an account is not "bad input": the same answer as a grant (gifts-and-sharing-privacy.test.ts).
  expect(
    (await shareAs(owner, "bot", "secret", { intent: "share", email: "nobody@example.com", level: "view" })).status,
  ).toBe(303);
  expect(
    (await shareAs(owner, "bot", "secret", { intent: "share", email: "owner@example.com", level: "view" })).status,
  ).toBe(400);
  expect(
    (await shareAs(owner, "bot", "secret", { intent: "share", email: "pat@example.com", level: "god" })).status,
  ).toBe(400);
  expect(
    (await shareAs(owner, "bot", "secret", { intent: "share", email: "not an email", level: "view" })).status,
  ).toBe(400);
  expect(await shareStatus("users", "owner", owner)).toBe(404);
  expect(await count("SELECT count(*) AS n FROM access_control")).toBe(0);
});

test("a knowledge entry and a collection: view, edit, revoke", async () => {
  const entry = async (user = pat) =>
    (await statusOf(() => entryPage.loader(args(user, "/knowledge/k-1", { entryId: "k-1" })))).status;
  const collection = async (user = pat) =>
    (await statusOf(() => collectionPage.loader(args(user, "/knowledge/collections/col-1", { collectionId: "col-1" }))))
      .status;
  expect(await entry()).toBe(404);
  expect(await collection()).toBe(404);
  expect(await shareStatus("knowledge", "k-1")).toBe(404);

  expect(
    (await shareAs(owner, "knowledge", "k-1", { intent: "share", email: "pat@example.com", level: "view" })).status,
  ).toBe(303);
  expect(
    (await shareAs(owner, "collection", "col-1", { intent: "share", email: "pat@example.com", level: "edit" })).status,
  ).toBe(303);
  expect(await entry()).toBe(200);
  expect(await collection()).toBe(200);
  const entryView = (await statusOf(() => entryPage.loader(args(pat, "/knowledge/k-1", { entryId: "k-1" })))).body as {
    canEdit: boolean;
  };
  expect(entryView.canEdit).toBe(false);
  const collectionView = (
    await statusOf(() => collectionPage.loader(args(pat, "/knowledge/collections/col-1", { collectionId: "col-1" })))
  ).body as { canEdit: boolean; canDelete: boolean };
  expect(collectionView).toMatchObject({ canEdit: true, canDelete: false });
  expect(await entry(stranger)).toBe(404);

  const grants = await env.DB.prepare(
    "SELECT id, resource_type, resource_id FROM access_control WHERE user_id = 'pat'",
  ).all<{ id: string; resource_type: string; resource_id: string }>();
  for (const g of grants.results)
    expect((await shareAs(owner, g.resource_type, g.resource_id, { intent: "revoke", grantId: g.id })).status).toBe(
      303,
    );
  expect(await entry()).toBe(404);
  expect(await collection()).toBe(404);
});

test("a chat started through a grant works while shared and stops when the grant is revoked", async () => {
  const { reserveTurn } = await import("~/lib/chat/turn");
  const { createServices } = await import("~/lib/services");
  // Real services: the turn resolves the platform model before its gates run.
  const deps = { db, d1: env.DB, env, services: createServices(env) } as unknown as Parameters<typeof reserveTurn>[0];
  expect(
    (await shareAs(owner, "bot", "secret", { intent: "share", email: "pat@example.com", level: "view" })).status,
  ).toBe(303);
  const started = await startConversation(db, env.DB, { id: "pat", displayName: "pat" }, { botId: "secret" });
  expect(started.ok).toBe(true);
  const conversationId = (started as { conversationId: string }).conversationId;
  const granted = await reserveTurn(deps, { id: "pat", displayName: "pat" }, conversationId, {
    intent: "send",
    content: "Hello",
  });
  expect(granted.ok).toBe(true);

  const grant = await env.DB.prepare(
    "SELECT id FROM access_control WHERE user_id = 'pat' AND resource_id = 'secret'",
  ).first<{ id: string }>();
  expect((await shareAs(owner, "bot", "secret", { intent: "revoke", grantId: grant!.id })).status).toBe(303);
  await env.DB.prepare("UPDATE messages SET status = 'complete' WHERE conversation_id = ?").bind(conversationId).run();
  const revoked = await reserveTurn(deps, { id: "pat", displayName: "pat" }, conversationId, {
    intent: "send",
    content: "Still there?",
  });
  expect(revoked).toMatchObject({ ok: false, status: 404 });
});

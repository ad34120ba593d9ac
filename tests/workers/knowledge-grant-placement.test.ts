/**
 * Issue #16: an `edit` grantee moved the owner's knowledge entry onto their own bot (the
 * form checked only that they owned the *target* bot) and kept it after the grant was
 * revoked — in their bot's replies, its "Why did it say this?" report and their export.
 * Now only the owner (or admin access) may re-file an entry or a collection, and only onto
 * the owner's bots and collections; and retrieval, lorebooks and exports read only what
 * the bot's (or collection's) owner wrote, so rows moved before the fix are inert too.
 */
import { env } from "cloudflare:test";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, test } from "vitest";
import { exportZipStream } from "~/lib/account/export-zip";
import { gatherTurnContext } from "~/lib/chat/turn-context";
import { vectorizeSource } from "~/lib/retrieval/vectorize-job";
import { createServices } from "~/lib/services";
import { revokeGrant } from "~/lib/sharing/grants";
import { worldInfoQuery } from "#db/queries/bots";
import * as collectionPage from "~/routes/knowledge/collection";
import * as entryPage from "~/routes/knowledge/entry";
import * as lorebookPage from "~/routes/knowledge/lorebook";
import * as newPage from "~/routes/knowledge/new";
import { args, db, form, insertUsers, person, statusOf } from "../support/route-calls";

const services = createServices(env);
const owner = person("kp-owner", "creator");
const grantee = person("kp-grantee", "creator");
const trusted = person("kp-trusted", "creator");

const SECRET = "The vault code is LANTERN-SEVEN";
const LORE = "The moonwell glows violet only for the heirs of Ash";

const fields = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  title: "Vault",
  content: `${SECRET}.`,
  content_type: "text",
  priority: "critical",
  bot_id: "kp-owner-bot",
  collection_id: "kp-owner-col",
  source_url: "",
  wi_enabled: "on",
  ...overrides,
});

async function run<T>(call: (a: never) => T, a: { waited: Promise<unknown>[] }) {
  const outcome = await statusOf(() => call(a as never));
  await Promise.all(a.waited);
  return outcome;
}
const save = (user: typeof owner, id: string, overrides: Record<string, string> = {}) => {
  const a = args(user, `/knowledge/${id}`, { entryId: id }, form(fields(overrides)));
  return run(entryPage.action, a);
};
const row = (id: string) =>
  db
    .selectFrom("knowledge")
    .select(["bot_id", "collection_id", "content"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

/** Everything a turn of `botId` puts in front of the model (and so in the inspector's report). */
async function turnText(userId: string, botId: string, message: string) {
  const context = await gatherTurnContext({
    db,
    d1: env.DB,
    services,
    userId,
    botId,
    conversationId: "none",
    recentMessages: [{ role: "user", content: message }],
  });
  return context.entries.map((e) => e.text).join("\n");
}

async function exportText(userId: string) {
  const bytes = new Uint8Array(
    await new Response(exportZipStream({ d1: env.DB, bucket: env.MEDIA, userId, pageSize: 100 })).arrayBuffer(),
  );
  return Object.values(unzipSync(bytes))
    .map((data) => strFromU8(data))
    .join("\n");
}

let entryId = "";

beforeAll(async () => {
  await insertUsers(owner, grantee, trusted);
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('kp-owner-bot', 'Keeper', 'kp-keeper', 'kp-owner', 1), ('kp-owner-bot2', 'Second', 'kp-second', 'kp-owner', 0), ('kp-grantee-bot', 'Taker', 'kp-taker', 'kp-grantee', 1), ('kp-trusted-bot', 'Trusty', 'kp-trusty', 'kp-trusted', 1)",
    ),
    env.DB.prepare(
      "INSERT INTO knowledge_collections (id, name, is_public, created_by_id) VALUES ('kp-owner-col', 'Vault notes', 0, 'kp-owner'), ('kp-owner-col2', 'Shared notes', 0, 'kp-owner'), ('kp-grantee-col', 'Taken', 1, 'kp-grantee')",
    ),
  ]);
  const a = args(owner, "/knowledge/new", {}, form(fields({ intent: "" })));
  const created = await run(newPage.action, a);
  expect(created.status).toBe(302);
  entryId = created.location!.split("/").pop()!;
  await env.DB.prepare(
    "INSERT INTO access_control (id, user_id, resource_type, resource_id, permission_level, granted_by_id) VALUES ('kp-g-edit', 'kp-grantee', 'knowledge', ?, 'edit', 'kp-owner'), ('kp-g-admin', 'kp-trusted', 'knowledge', ?, 'admin', 'kp-owner'), ('kp-g-col', 'kp-grantee', 'collection', 'kp-owner-col2', 'edit', 'kp-owner')",
  )
    .bind(entryId, entryId)
    .run();
});

describe("an edit grant changes the text, never where the entry lives", () => {
  test("moving the owner's entry onto the grantee's bot (or collection) is a 400 that keeps the typed input; the owner's bot keeps it", async () => {
    const toBot = await save(grantee, entryId, { bot_id: "kp-grantee-bot", content: "typed by the grantee" });
    expect(toBot.status).toBe(400);
    expect((toBot.body as { fieldErrors: Record<string, string[]> }).fieldErrors.bot_id![0]).toMatch(/Only the owner/);
    expect((toBot.body as { values: Record<string, string> }).values.content).toBe("typed by the grantee");
    const toCollection = await save(grantee, entryId, { collection_id: "kp-grantee-col" });
    expect(toCollection.status).toBe(400);
    expect((toCollection.body as { fieldErrors: Record<string, string[]> }).fieldErrors.collection_id).toBeDefined();
    expect(await row(entryId)).toMatchObject({
      bot_id: "kp-owner-bot",
      collection_id: "kp-owner-col",
      content: `${SECRET}.`,
    });
    expect(await turnText("kp-grantee", "kp-owner-bot", "what is the vault code")).toContain(SECRET);
  });

  test("the grantee still edits the text; the form shows the bot and collection read-only", async () => {
    const page = await entryPage.loader(args(grantee, `/knowledge/${entryId}`, { entryId }));
    expect(page.canEdit).toBe(true);
    expect(page.canMove).toBe(false);
    expect(page.bots.map((b) => b.id)).toEqual(["kp-owner-bot"]);
    expect((await save(grantee, entryId, { content: `${SECRET}, said twice. ${SECRET}.` })).status).toBe(302);
    expect(await row(entryId)).toMatchObject({ bot_id: "kp-owner-bot", content: `${SECRET}, said twice. ${SECRET}.` });
  });

  test("admin access may re-file it, but only among the owner's bots; the owner may too", async () => {
    const page = await entryPage.loader(args(trusted, `/knowledge/${entryId}`, { entryId }));
    expect(page.canMove).toBe(true);
    expect(page.bots.map((b) => b.id).sort()).toEqual(["kp-owner-bot", "kp-owner-bot2"]);
    const away = await save(trusted, entryId, { bot_id: "kp-trusted-bot" });
    expect(away.status).toBe(400);
    expect((away.body as { fieldErrors: Record<string, string[]> }).fieldErrors.bot_id).toEqual([
      "Pick one of the owner's bots.",
    ]);
    expect((await save(trusted, entryId, { bot_id: "kp-owner-bot2" })).status).toBe(302);
    expect((await save(owner, entryId, { bot_id: "kp-owner-bot" })).status).toBe(302);
    expect(await row(entryId)).toMatchObject({ bot_id: "kp-owner-bot" });
  });

  test("after the grant is revoked nothing of the entry is readable by the grantee: page, their bot's turns, their export", async () => {
    await revokeGrant(db, { type: "knowledge", resourceId: entryId, grantId: "kp-g-edit" });
    expect((await statusOf(() => entryPage.loader(args(grantee, `/knowledge/${entryId}`, { entryId })))).status).toBe(
      404,
    );
    expect(await turnText("kp-grantee", "kp-grantee-bot", "what is the vault code")).not.toContain("LANTERN");
    expect(await exportText("kp-grantee")).not.toContain("LANTERN");
    // The owner's bot still has it.
    expect(await turnText("kp-owner", "kp-owner-bot", "what is the vault code")).toContain(SECRET);
  });
});

describe("collections: an edit grant renames, it does not re-file, publish, or lend them to one's bots", () => {
  test("filing the owner's collection under the grantee's bot, or making it public, is a 400; renaming works", async () => {
    const call = (fieldsIn: Record<string, string>) =>
      run(
        collectionPage.action,
        args(grantee, "/knowledge/collections/kp-owner-col2", { collectionId: "kp-owner-col2" }, form(fieldsIn)),
      );
    const moved = await call({ intent: "save", name: "Typed name", bot_id: "kp-grantee-bot" });
    expect(moved.status).toBe(400);
    expect((moved.body as { values: Record<string, string> }).values.name).toBe("Typed name");
    expect((await call({ intent: "save", name: "Shared notes", is_public: "on" })).status).toBe(400);
    expect((await call({ intent: "use", bot_id: "kp-grantee-bot" })).status).toBe(400);
    expect(
      await db.selectFrom("bot_collections").select("bot_id").where("collection_id", "=", "kp-owner-col2").execute(),
    ).toEqual([]);
    expect((await call({ intent: "save", name: "Shared notes (tidied)" })).status).toBe(302);
    expect(
      await db
        .selectFrom("knowledge_collections")
        .select(["name", "bot_id", "is_public"])
        .where("id", "=", "kp-owner-col2")
        .executeTakeFirstOrThrow(),
    ).toEqual({ name: "Shared notes (tidied)", bot_id: null, is_public: 0 });
  });
});

describe("rows re-filed before the fix are inert: nobody's text reaches a bot its owner did not attach it to", () => {
  test("an entry and world info moved onto the grantee's bot, and a collection filed under it, are not retrieved, listed or exported", async () => {
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO knowledge (id, title, content, content_type, bot_id, created_by_id, world_info) VALUES ('kp-wi', 'Moonwell', ?, 'world_info', 'kp-grantee-bot', 'kp-owner', ?)",
      ).bind(`${LORE}.`, JSON.stringify({ keys: ["moonwell"], enabled: true })),
      env.DB.prepare(
        "INSERT INTO knowledge (id, title, content, bot_id, created_by_id) VALUES ('kp-moved', 'Moved vault', ?, 'kp-grantee-bot', 'kp-owner')",
      ).bind(`${SECRET}, moved.`),
      env.DB.prepare(
        "INSERT INTO knowledge (id, title, content, collection_id, created_by_id) VALUES ('kp-in-col', 'Col vault', ?, 'kp-owner-col', 'kp-owner')",
      ).bind(`${SECRET}, in the collection.`),
      env.DB.prepare("UPDATE knowledge_collections SET bot_id = 'kp-grantee-bot' WHERE id = 'kp-owner-col'"),
      env.DB.prepare("INSERT INTO bot_collections (bot_id, collection_id) VALUES ('kp-grantee-bot', 'kp-owner-col')"),
    ]);
    // Embedded as they are now, so the vectors' metadata names the grantee's bot and collection.
    for (const id of ["kp-moved", "kp-in-col"])
      expect((await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: id })).status).toBe("done");

    const text = await turnText("kp-grantee", "kp-grantee-bot", "the moonwell and the vault code");
    expect(text).not.toContain("LANTERN");
    expect(text).not.toContain("moonwell glows");
    const lorebook = await lorebookPage.loader(
      args(grantee, "/knowledge/lorebooks/kp-grantee-bot", { botId: "kp-grantee-bot" }),
    );
    expect(lorebook.entries).toEqual([]);
    expect(await worldInfoQuery(db, "kp-grantee-bot").execute()).toEqual([]);
    const exported = await exportText("kp-grantee");
    expect(exported).not.toContain("LANTERN");
    expect(exported).not.toContain("moonwell glows");
  });
});

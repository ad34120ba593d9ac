/**
 * "Download my data" and "Delete my account". The list of user-owned tables comes from
 * db/schema.ts (every table with an owner column), so a table added later that is not
 * exported — or not cleaned up on deletion — fails here.
 */
import { env } from "cloudflare:test";
import { unzipSync, strFromU8 } from "fflate";
import { beforeAll, expect, test } from "vitest";
import { tables, type TableName } from "#db/schema";
import { DELETED_ACCOUNT_ID, deleteAccount } from "~/lib/account/delete-account";
import { EXPORT_SECTIONS, NOT_EXPORTED, OWNER_COLUMNS } from "~/lib/account/export-sections";
import { exportZipStream } from "~/lib/account/export-zip";
import { resolveUser } from "~/lib/auth/middleware";
import { SESSION_COOKIE, sessionSecret, signSession } from "~/lib/auth/session";
import { createSession } from "~/lib/auth/sessions";
import { createServices } from "~/lib/services";
import * as deletePage from "~/routes/account/delete";
import * as download from "~/routes/account/export-download";
import { fill } from "../support/account-fixture";
import { args, db, form, insertUsers, person, statusOf } from "../support/route-calls";

const services = createServices(env);
const owner = person("owner", "creator");
const friend = person("friend");
const admin = person("boss", "admin");

/** Tables with a column naming the person who owns the row, read from the schema. */
const ownedTables = (Object.keys(tables) as TableName[]).filter((t) => OWNER_COLUMNS.some((c) => c in tables[t]));

beforeAll(async () => {
  await insertUsers(owner, friend, admin);
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('friend-bot', 'Theirs', 'friend-bot', 'friend', 1)",
    ),
    env.DB.prepare("INSERT INTO creator_profiles (id, user_id, username) VALUES ('friend-cp', 'friend', 'friendly')"),
  ]);
  await fill("owner", 10_000);
});

async function readZip(userId: string, pageSize = 500): Promise<Record<string, string>> {
  const stream = exportZipStream({ d1: env.DB, bucket: env.MEDIA, userId, pageSize });
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

test("every user-owned table in the schema is exported by some section (or excluded with a reason)", () => {
  const covered = new Set(EXPORT_SECTIONS.flatMap((s) => s.tables));
  expect(ownedTables.length).toBeGreaterThan(20);
  expect(ownedTables.filter((t) => !covered.has(t) && !(t in NOT_EXPORTED))).toEqual([]);
});

test("the ZIP holds every section's rows, a 10,000-message conversation as SillyTavern JSONL, and no key secrets", async () => {
  const files = await readZip("owner");
  const chat = files["conversations/owner-c.jsonl"]!.trimEnd().split("\n");
  expect(chat).toHaveLength(10_001); // one header line, then every message in order
  expect(JSON.parse(chat[0]!)).toMatchObject({ character_name: "Mine", chat_metadata: { title: "Long chat" } });
  expect(JSON.parse(chat[1]!)).toMatchObject({ is_user: true, mes: "message number 1" });
  expect(JSON.parse(chat[10_000]!)).toMatchObject({ is_user: false, mes: "message number 10000" });
  expect(JSON.parse(files["bots/owner-bot.v2.json"]!)).toMatchObject({ spec: "chara_card_v2", data: { name: "Mine" } });
  // The bot's lorebook travels in its card (read for a whole page of bots at once).
  expect(files["bots/owner-bot.v2.json"]).toContain("The harbour bell rings at dawn.");
  for (const table of ownedTables.filter(
    (t) => !["users", "bots", "conversations", "messages", "api_keys"].includes(t),
  )) {
    expect(files[`data/${table}.jsonl`], table).toContain('"owner"');
  }
  expect(files["data/api_keys_without_secrets.jsonl"]).toContain("abcd");
  expect(Object.values(files).join("\n")).not.toContain("SECRET-CIPHERTEXT");
  expect(files["data/ticket_messages.jsonl"]).toContain("More detail");
  expect(files["data/ticket_messages.jsonl"]).not.toContain("STAFF-ONLY-NOTE");
  expect(files["profile.jsonl"]).toContain("owner@example.com");
  expect(Object.keys(files).some((name) => name.startsWith("media/") && name.endsWith("face.png"))).toBe(true);
  // Nothing of another person's.
  expect(files["data/bot_interactions.jsonl"]).not.toContain("friend-bi");
});

test("the download is a streamed ZIP behind sign-in", async () => {
  const outcome = await statusOf(() =>
    download.action(args(owner, "/account/export/download", {}, { method: "POST" }) as never),
  );
  expect(outcome.status).toBe(200);
  expect(outcome.headers!.get("Content-Type")).toBe("application/zip");
  const signedOut = await statusOf(() =>
    download.action(args(null, "/account/export/download", {}, { method: "POST" }) as never),
  );
  expect(signedOut.location).toMatch(/^\/sign-in/);
});

test("deletion needs the account's email typed out; staff accounts are not deleted here", async () => {
  const wrong = await statusOf(() =>
    deletePage.action(
      args(owner, "/account/delete", {}, form({ intent: "delete", confirmEmail: "friend@example.com" })) as never,
    ),
  );
  expect(wrong.status).toBe(400);
  expect(
    (await statusOf(() => deletePage.action(args(owner, "/account/delete", {}, form({ intent: "delete" })) as never)))
      .status,
  ).toBe(400);
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE id = 'owner'").first("n")).toBe(1);
  const staff = await statusOf(() =>
    deletePage.action(
      args(admin, "/account/delete", {}, form({ intent: "delete", confirmEmail: admin.email })) as never,
    ),
  );
  expect(staff.status).toBe(400);
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE id = 'boss'").first("n")).toBe(1);
});

test("deleting an account leaves no row, object or vector of the person, ends their sessions, and anonymises accounting rows", async () => {
  const sessionId = await createSession(db, "owner", new Request("https://botcafe.test/"));
  const cookie = await signSession(sessionId, sessionSecret(env)!);
  const request = new Request("https://botcafe.test/", {
    headers: { Cookie: `${SESSION_COOKIE}=${encodeURIComponent(cookie)}` },
  });
  const app = { env, db, services, waitUntil: () => {}, nonce: "n" };
  expect(await resolveUser(request, app)).not.toBeNull();
  const vectorIds = (
    await env.DB.prepare("SELECT vector_ids FROM vector_records WHERE source_id IN ('owner-k', 'owner-mem')").all<{
      vector_ids: string;
    }>()
  ).results.flatMap((r) => JSON.parse(r.vector_ids) as string[]);
  expect(vectorIds.length).toBeGreaterThan(0);

  const outcome = await statusOf(() =>
    deletePage.action(
      args(owner, "/account/delete", {}, form({ intent: "delete", confirmEmail: "OWNER@example.com" })) as never,
    ),
  );
  expect(outcome).toMatchObject({ status: 303, location: "/?deleted=1" });

  // Every owner column of every table, from the schema: nothing names the person.
  for (const table of Object.keys(tables) as TableName[]) {
    const columns = [...OWNER_COLUMNS.filter((c) => c in tables[table]), ...(table === "users" ? ["id"] : [])];
    for (const column of columns) {
      const n = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE "${column}" = 'owner'`).first("n");
      expect(n, `${table}.${column}`).toBe(0);
    }
  }
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = 'owner-c'").first("n")).toBe(
    0,
  );
  expect(
    await env.DB.prepare("SELECT COUNT(*) AS n FROM vector_records WHERE source_id IN ('owner-k', 'owner-mem')").first(
      "n",
    ),
  ).toBe(0);
  const placeholders = vectorIds.map(() => "?").join(", ");
  expect(
    await env.DB.prepare(`SELECT COUNT(*) AS n FROM local_vectors WHERE id IN (${placeholders})`)
      .bind(...vectorIds)
      .first("n"),
  ).toBe(0);
  expect(await env.MEDIA.get("avatars/owner.png")).toBeNull();
  // The cookie died with the account.
  expect(await resolveUser(request, app)).toBeNull();
  // Accounting rows stay, without the person.
  // (The row id held the user id, so it now holds this deletion's pseudonym instead.)
  expect(
    await env.DB.prepare("SELECT user_id FROM token_ledger WHERE id LIKE 'deleted-account-%-ledger'").first("user_id"),
  ).toBe(DELETED_ACCOUNT_ID);
  expect(
    await env.DB.prepare("SELECT user_id FROM subscription_payments WHERE id = 'owner-pay'").first("user_id"),
  ).toBe(DELETED_ACCOUNT_ID);
  // Other people's things are untouched.
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM bots WHERE id = 'friend-bot'").first("n")).toBe(1);
  // Deleting again (a double submit) is harmless.
  await deleteAccount({ d1: env.DB, db, bucket: env.MEDIA, services }, "owner");
});

test("an account with many conversations exports each one, in a number of queries that does not grow per conversation", async () => {
  await insertUsers(person("chatty"));
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id) VALUES ('chatty-bot', 'Chatterbox', 'chatterbox', 'friend')",
    ),
    env.DB.prepare(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) INSERT INTO conversations (id, title, user_id, bot_id) SELECT printf('chatty-c%03d', i), 'Chat ' || i, 'chatty', 'chatty-bot' FROM n",
    ),
    // Three messages in every conversation but the last one, which has none.
    env.DB.prepare(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 897) INSERT INTO messages (id, conversation_id, role, content, sender_type, seq) SELECT 'chatty-m' || i, printf('chatty-c%03d', (i - 1) / 3 + 1), 'user', 'line ' || i, 'user', (i - 1) % 3 FROM n",
    ),
  ]);
  let queries = 0;
  const counting = new Proxy(env.DB, {
    get(target, key) {
      if (key === "prepare") return (sqlText: string) => (queries++, target.prepare(sqlText));
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const stream = exportZipStream({ d1: counting, bucket: env.MEDIA, userId: "chatty", pageSize: 100 });
  const files = Object.fromEntries(
    Object.entries(unzipSync(new Uint8Array(await new Response(stream).arrayBuffer()))).map(([n, d]) => [
      n,
      strFromU8(d),
    ]),
  );
  const chats = Object.keys(files).filter((n) => n.startsWith("conversations/"));
  expect(chats).toHaveLength(300);
  expect(
    files["conversations/chatty-c001.jsonl"]!.trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l).mes),
  ).toEqual([undefined, "line 1", "line 2", "line 3"]);
  expect(files["conversations/chatty-c299.jsonl"]!.trimEnd().split("\n")).toHaveLength(4);
  expect(files["conversations/chatty-c300.jsonl"]!.trimEnd().split("\n")).toHaveLength(1);
  expect(JSON.parse(files["conversations/chatty-c150.jsonl"]!.split("\n")[0]!)).toMatchObject({
    character_name: "Chatterbox",
  });
  // Pages of 100: ~4 for the conversation rows, ~4 for conversations, ~10 for messages, plus one per other table.
  expect(queries).toBeLessThan(70);
});

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
import { vectorizeSource } from "~/lib/retrieval/vectorize-job";
import { createServices } from "~/lib/services";
import * as deletePage from "~/routes/account/delete";
import * as download from "~/routes/account/export-download";
import { args, db, form, insertUsers, person, statusOf } from "../support/route-calls";

const services = createServices(env);
const owner = person("owner", "creator");
const friend = person("friend");
const admin = person("boss", "admin");

/** Tables with a column naming the person who owns the row, read from the schema. */
const ownedTables = (Object.keys(tables) as TableName[]).filter((t) => OWNER_COLUMNS.some((c) => c in tables[t]));

async function fill(userId: string, messages: number) {
  const q = (sql: string, ...params: unknown[]) => env.DB.prepare(sql).bind(...params);
  await env.DB.batch([
    q("INSERT INTO media (id, url, filename, mime_type, filesize, storage_key, uploaded_by_id) VALUES (?, '/media/x', 'face.png', 'image/png', 3, ?, ?)", `${userId}-m`, `avatars/${userId}.png`, userId),
    q("INSERT INTO bots (id, name, slug, created_by_id, is_public, avatar_id) VALUES (?, 'Mine', ?, ?, 1, ?)", `${userId}-bot`, `${userId}-bot`, userId, `${userId}-m`),
    q("INSERT INTO knowledge (id, title, content, created_by_id, bot_id) VALUES (?, 'Lore', 'The lighthouse keeper hums sea shanties at dusk.', ?, ?)", `${userId}-k`, userId, `${userId}-bot`),
    q("INSERT INTO knowledge (id, title, content, created_by_id, bot_id, content_type) VALUES (?, 'Harbour bell', 'The harbour bell rings at dawn.', ?, ?, 'world_info')", `${userId}-wi`, userId, `${userId}-bot`),
    q("INSERT INTO knowledge_collections (id, name, created_by_id) VALUES (?, 'Col', ?)", `${userId}-kc`, userId),
    q("INSERT INTO personas (id, name, user_id) VALUES (?, 'Me', ?)", `${userId}-p`, userId),
    q("INSERT INTO api_keys (id, user_id, provider, key_encrypted, key_hint) VALUES (?, ?, 'openai', 'SECRET-CIPHERTEXT', 'abcd')", `${userId}-key`, userId),
    q("INSERT INTO conversations (id, title, user_id, bot_id) VALUES (?, 'Long chat', ?, ?)", `${userId}-c`, userId, `${userId}-bot`),
    q(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO messages (id, conversation_id, role, content, sender_type, seq) SELECT ? || '-msg-' || i, ?, CASE i % 2 WHEN 1 THEN 'user' ELSE 'assistant' END, 'message number ' || i, CASE i % 2 WHEN 1 THEN 'user' ELSE 'bot' END, i FROM n`,
      messages, userId, `${userId}-c`,
    ),
    q("INSERT INTO memories (id, user_id, conversation_id, content) VALUES (?, ?, ?, 'They like lighthouses.')", `${userId}-mem`, userId, `${userId}-c`),
    q("INSERT INTO memory_insights (id, user_id, conversation_id) VALUES (?, ?, ?)", `${userId}-mi`, userId, `${userId}-c`),
    q("INSERT INTO bot_interactions (id, user_id, bot_id, interaction_type) VALUES (?, ?, ?, 'like')", `${userId}-bi`, userId, `${userId}-bot`),
    q("INSERT INTO bot_ratings (user_id, bot_id, score) VALUES (?, ?, 5)", userId, `${userId}-bot`),
    q("INSERT INTO moderation_reports (id, reporter_id, bot_id, reason) VALUES (?, ?, 'friend-bot', 'spam')", `${userId}-r`, userId),
    q("INSERT INTO creator_profiles (id, user_id, username) VALUES (?, ?, ?)", `${userId}-cp`, userId, `${userId}-name`),
    q("INSERT INTO follows (follower_id, creator_id) VALUES (?, 'friend-cp')", userId),
    q("INSERT INTO creator_programs (id, name) VALUES (?, 'Prog')", `${userId}-prog`),
    q("INSERT INTO creator_program_applications (id, program_id, user_id) VALUES (?, ?, ?)", `${userId}-app`, `${userId}-prog`, userId),
    q("INSERT INTO subscription_payments (id, user_id, amount) VALUES (?, ?, 799)", `${userId}-pay`, userId),
    q("INSERT INTO token_gifts (id, sender_id, recipient_id, amount) VALUES (?, ?, 'friend', 10)", `${userId}-gift`, userId),
    q("INSERT INTO token_ledger (id, user_id, delta, reason, balance_after) VALUES (?, ?, 100, 'purchase', 100)", `${userId}-ledger`, userId),
    q("INSERT INTO token_purchases (id, user_id, tokens, amount) VALUES (?, ?, 100, 499)", `${userId}-purchase`, userId),
    q("INSERT INTO chat_charges (id, user_id, conversation_id, message_id, prompt_tokens, completion_tokens, rate, cost, charged) VALUES (?, ?, ?, ?, 10, 5, 1, 15, 15)", `${userId}-charge`, userId, `${userId}-c`, `${userId}-msg-2`),
    q("INSERT INTO access_control (id, user_id, resource_type, resource_id, permission_level) VALUES (?, ?, 'bot', 'friend-bot', 'view')", `${userId}-ac`, userId),
    q("INSERT INTO moods (id, user_id, mood, intensity) VALUES (?, ?, 'content', 3)", `${userId}-mood`, userId),
    q("INSERT INTO self_moderation (id, user_id) VALUES (?, ?)", `${userId}-sm`, userId),
    q("INSERT INTO usage_analytics (id, user_id, date) VALUES (?, ?, '2026-11-30')", `${userId}-ua`, userId),
    q("INSERT INTO legal_documents (id, type, title, version, effective_date, is_active) VALUES (?, 'cookies', 'C', ?, '2025-01-01', 1)", `${userId}-doc`, `${userId}-v`),
    q("INSERT INTO user_agreements (id, user_id, document_id, ip_address) VALUES (?, ?, ?, '198.51.100.1')", `${userId}-ag`, userId, `${userId}-doc`),
    q("INSERT INTO support_tickets (id, user_id, subject, description, category) VALUES (?, ?, 'Help', 'Please', 'other')", `${userId}-t`, userId),
    q("INSERT INTO ticket_messages (id, ticket_id, author_id, body) VALUES (?, ?, ?, 'More detail')", `${userId}-tm`, `${userId}-t`, userId),
    q("INSERT INTO ticket_messages (id, ticket_id, author_id, body, is_internal) VALUES (?, ?, 'boss', 'STAFF-ONLY-NOTE', 1)", `${userId}-tm2`, `${userId}-t`),
    q("INSERT INTO notifications (id, user_id, kind, title) VALUES (?, ?, 'system', 'Hello')", `${userId}-n`, userId),
    q("INSERT INTO documentation (id, slug, title, category, is_published) VALUES (?, ?, 'Doc', 'features', 1)", `${userId}-d`, `${userId}-d`),
    q("INSERT INTO help_votes (document_id, voter_key, user_id, helpful) VALUES (?, ?, ?, 1)", `${userId}-d`, `user:${userId}`, userId),
    q("INSERT INTO tutorials (id, title, category, is_published, steps) VALUES (?, 'T', 'bots', 1, '[{\"title\":\"a\",\"body\":\"b\"}]')", `${userId}-tut`),
    q("INSERT INTO tutorial_progress (user_id, tutorial_id, step) VALUES (?, ?, 1)", userId, `${userId}-tut`),
    q("INSERT INTO sessions (id, user_id, expires_at, user_agent) VALUES (?, ?, '2999-01-01T00:00:00.000Z', 'Phone')", `${userId}-s`, userId),
  ]);
  await env.MEDIA.put(`avatars/${userId}.png`, new Uint8Array([1, 2, 3]));
  await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: `${userId}-k` });
  await vectorizeSource({ db, services, sourceType: "memory", sourceId: `${userId}-mem` });
}

beforeAll(async () => {
  await insertUsers(owner, friend, admin);
  await env.DB.batch([
    env.DB.prepare("INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('friend-bot', 'Theirs', 'friend-bot', 'friend', 1)"),
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
  for (const table of ownedTables.filter((t) => !["users", "bots", "conversations", "messages", "api_keys"].includes(t))) {
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
  const outcome = await statusOf(() => download.action(args(owner, "/account/export/download", {}, { method: "POST" }) as never));
  expect(outcome.status).toBe(200);
  expect(outcome.headers!.get("Content-Type")).toBe("application/zip");
  const signedOut = await statusOf(() => download.action(args(null, "/account/export/download", {}, { method: "POST" }) as never));
  expect(signedOut.location).toMatch(/^\/sign-in/);
});

test("deletion needs the account's email typed out; staff accounts are not deleted here", async () => {
  const wrong = await statusOf(() => deletePage.action(args(owner, "/account/delete", {}, form({ intent: "delete", confirmEmail: "friend@example.com" })) as never));
  expect(wrong.status).toBe(400);
  expect((await statusOf(() => deletePage.action(args(owner, "/account/delete", {}, form({ intent: "delete" })) as never))).status).toBe(400);
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE id = 'owner'").first("n")).toBe(1);
  const staff = await statusOf(() => deletePage.action(args(admin, "/account/delete", {}, form({ intent: "delete", confirmEmail: admin.email })) as never));
  expect(staff.status).toBe(400);
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE id = 'boss'").first("n")).toBe(1);
});

test("deleting an account leaves no row, object or vector of the person, ends their sessions, and anonymises accounting rows", async () => {
  const sessionId = await createSession(db, "owner", new Request("https://botcafe.test/"));
  const cookie = await signSession(sessionId, sessionSecret(env)!);
  const request = new Request("https://botcafe.test/", { headers: { Cookie: `${SESSION_COOKIE}=${encodeURIComponent(cookie)}` } });
  const app = { env, db, services, waitUntil: () => {}, nonce: "n" };
  expect(await resolveUser(request, app)).not.toBeNull();
  const vectorIds = (await env.DB.prepare("SELECT vector_ids FROM vector_records WHERE source_id IN ('owner-k', 'owner-mem')").all<{ vector_ids: string }>()).results.flatMap((r) => JSON.parse(r.vector_ids) as string[]);
  expect(vectorIds.length).toBeGreaterThan(0);

  const outcome = await statusOf(() => deletePage.action(args(owner, "/account/delete", {}, form({ intent: "delete", confirmEmail: "OWNER@example.com" })) as never));
  expect(outcome).toMatchObject({ status: 303, location: "/?deleted=1" });

  // Every owner column of every table, from the schema: nothing names the person.
  for (const table of Object.keys(tables) as TableName[]) {
    const columns = [...OWNER_COLUMNS.filter((c) => c in tables[table]), ...(table === "users" ? ["id"] : [])];
    for (const column of columns) {
      const n = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE "${column}" = 'owner'`).first("n");
      expect(n, `${table}.${column}`).toBe(0);
    }
  }
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = 'owner-c'").first("n")).toBe(0);
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM vector_records WHERE source_id IN ('owner-k', 'owner-mem')").first("n")).toBe(0);
  const placeholders = vectorIds.map(() => "?").join(", ");
  expect(await env.DB.prepare(`SELECT COUNT(*) AS n FROM local_vectors WHERE id IN (${placeholders})`).bind(...vectorIds).first("n")).toBe(0);
  expect(await env.MEDIA.get("avatars/owner.png")).toBeNull();
  // The cookie died with the account.
  expect(await resolveUser(request, app)).toBeNull();
  // Accounting rows stay, without the person.
  expect(await env.DB.prepare("SELECT user_id FROM token_ledger WHERE id = 'owner-ledger'").first("user_id")).toBe(DELETED_ACCOUNT_ID);
  expect(await env.DB.prepare("SELECT user_id FROM subscription_payments WHERE id = 'owner-pay'").first("user_id")).toBe(DELETED_ACCOUNT_ID);
  // Other people's things are untouched.
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM bots WHERE id = 'friend-bot'").first("n")).toBe(1);
  // Deleting again (a double submit) is harmless.
  await deleteAccount({ d1: env.DB, db, bucket: env.MEDIA, services }, "owner");
});

test("an account with many conversations exports each one, in a number of queries that does not grow per conversation", async () => {
  await insertUsers(person("chatty"));
  await env.DB.batch([
    env.DB.prepare("INSERT INTO bots (id, name, slug, created_by_id) VALUES ('chatty-bot', 'Chatterbox', 'chatterbox', 'friend')"),
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
  const files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(await new Response(stream).arrayBuffer()))).map(([n, d]) => [n, strFromU8(d)]));
  const chats = Object.keys(files).filter((n) => n.startsWith("conversations/"));
  expect(chats).toHaveLength(300);
  expect(files["conversations/chatty-c001.jsonl"]!.trimEnd().split("\n").map((l) => JSON.parse(l).mes)).toEqual([undefined, "line 1", "line 2", "line 3"]);
  expect(files["conversations/chatty-c299.jsonl"]!.trimEnd().split("\n")).toHaveLength(4);
  expect(files["conversations/chatty-c300.jsonl"]!.trimEnd().split("\n")).toHaveLength(1);
  expect(JSON.parse(files["conversations/chatty-c150.jsonl"]!.split("\n")[0]!)).toMatchObject({ character_name: "Chatterbox" });
  // Pages of 100: ~4 for the conversation rows, ~4 for conversations, ~10 for messages, plus one per other table.
  expect(queries).toBeLessThan(70);
});

/**
 * Two users and one of everything private, owned by Alice. Bob is the other user every
 * IDOR case runs as. Every private text holds SECRET so a page that leaks it is caught.
 * Rows are inserted directly (fixed ids the route entries can name).
 */
import { env } from "cloudflare:test";
import { IMPORT_REPORT_KEY } from "~/lib/cards/export";

export const SECRET = "SECRET";

export const fixture = {
  alice: "u-alice",
  bob: "u-bob",
  privateBot: { id: "b-alice-private", slug: "alice-private-bot" },
  publicBot: { id: "b-alice-public", slug: "alice-public-bot" },
  importedBot: { id: "b-alice-imported", slug: "alice-imported-bot" },
  bobBot: { id: "b-bob-public", slug: "bob-public-bot" },
  persona: "p-alice",
  conversation: "c-alice",
  userMessage: "m-alice-1",
  botMessage: "m-alice-2",
  knowledge: "k-alice",
  worldInfo: "k-alice-wi",
  collection: "kc-alice",
  memory: "mem-alice",
  conversationMemory: "mem-alice-chat",
  apiKey: "key-alice",
  creatorUsername: "alice-hidden",
  bobConversation: "c-bob",
} as const;

export type Fixture = typeof fixture;

const report = { spec: "v2", source: "json", imported: ["name"], keptAside: [], ignored: [] };

export async function seedFixture(): Promise<void> {
  const f = fixture;
  const sql = (query: string, ...values: unknown[]) => env.DB.prepare(query).bind(...values);
  await env.DB.batch([
    sql("INSERT INTO users (id, email, role, display_name) VALUES (?, 'alice@example.com', 'creator', 'Alice Owner')", f.alice),
    sql("INSERT INTO users (id, email, role, display_name) VALUES (?, 'bob@example.com', 'user', 'Bob Other')", f.bob),
    sql("INSERT INTO bots (id, name, slug, description, system_prompt, created_by_id, is_public) VALUES (?, 'SECRET private bot', ?, 'SECRET description', 'SECRET prompt', ?, 0)", f.privateBot.id, f.privateBot.slug, f.alice),
    sql("INSERT INTO bots (id, name, slug, description, system_prompt, created_by_id, is_public) VALUES (?, 'Alice Public Bot', ?, 'A public bot.', 'SECRET system prompt of a public bot', ?, 1)", f.publicBot.id, f.publicBot.slug, f.alice),
    sql("INSERT INTO bots (id, name, slug, created_by_id, is_public, card_extras) VALUES (?, 'SECRET imported bot', ?, ?, 0, ?)", f.importedBot.id, f.importedBot.slug, f.alice, JSON.stringify({ [IMPORT_REPORT_KEY]: report })),
    sql("INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES (?, 'Bob Public Bot', ?, ?, 1)", f.bobBot.id, f.bobBot.slug, f.bob),
    sql("INSERT INTO personas (id, name, description, user_id, is_public, is_default) VALUES (?, 'SECRET persona', 'SECRET persona description', ?, 0, 1)", f.persona, f.alice),
    sql("INSERT INTO conversations (id, title, user_id, bot_id, persona_id, message_count) VALUES (?, 'SECRET chat', ?, ?, ?, 2)", f.conversation, f.alice, f.privateBot.id, f.persona),
    sql("INSERT INTO messages (id, conversation_id, role, content, sender_type, seq, status) VALUES (?, ?, 'user', 'SECRET question', 'user', 1, 'complete')", f.userMessage, f.conversation),
    sql("INSERT INTO messages (id, conversation_id, role, content, sender_type, seq, status) VALUES (?, ?, 'assistant', 'SECRET answer', 'bot', 2, 'complete')", f.botMessage, f.conversation),
    sql("INSERT INTO message_alternatives (id, message_id, position, content) VALUES ('alt-alice', ?, 0, 'SECRET answer')", f.botMessage),
    sql("INSERT INTO conversations (id, title, user_id, bot_id, message_count) VALUES (?, 'Bob chat', ?, ?, 0)", f.bobConversation, f.bob, f.bobBot.id),
    sql("INSERT INTO knowledge_collections (id, name, description, created_by_id, is_public) VALUES (?, 'SECRET collection', 'SECRET', ?, 0)", f.collection, f.alice),
    sql("INSERT INTO knowledge (id, title, content, content_type, collection_id, created_by_id) VALUES (?, 'SECRET knowledge', 'SECRET knowledge text', 'text', ?, ?)", f.knowledge, f.collection, f.alice),
    sql("INSERT INTO knowledge (id, title, content, content_type, bot_id, created_by_id, world_info) VALUES (?, 'SECRET world info', 'SECRET lore', 'world_info', ?, ?, ?)", f.worldInfo, f.privateBot.id, f.alice, JSON.stringify({ keys: ["secret"] })),
    sql("INSERT INTO bot_collections (bot_id, collection_id) VALUES (?, ?)", f.privateBot.id, f.collection),
    sql("INSERT INTO memories (id, user_id, memory_type, content) VALUES (?, ?, 'long_term', 'SECRET memory')", f.memory, f.alice),
    sql("INSERT INTO memories (id, user_id, conversation_id, memory_type, content) VALUES (?, ?, ?, 'episodic', 'SECRET chat memory')", f.conversationMemory, f.alice, f.conversation),
    sql("INSERT INTO api_keys (id, user_id, provider, key_encrypted, key_hint, label) VALUES (?, ?, 'openai', 'not-a-real-ciphertext', 'SECR', 'SECRET key')", f.apiKey, f.alice),
    sql("INSERT INTO creator_profiles (id, user_id, username, display_name, bio, visibility) VALUES ('cp-alice', ?, ?, 'SECRET creator', 'SECRET bio', 'private')", f.alice, f.creatorUsername),
  ]);
}

/** Tables whose rows an IDOR request must never change (compared whole, before and after). */
export const WATCHED_TABLES = [
  "users",
  "bots",
  "bot_interactions",
  "bot_ratings",
  "moderation_reports",
  "personas",
  "conversations",
  "messages",
  "message_alternatives",
  "knowledge",
  "knowledge_collections",
  "bot_collections",
  "memories",
  "api_keys",
  "creator_profiles",
  "follows",
  "creator_program_applications",
  "media",
] as const;

export async function snapshot(): Promise<Record<string, unknown[]>> {
  const results = await env.DB.batch(WATCHED_TABLES.map((table) => env.DB.prepare(`SELECT * FROM ${table} ORDER BY rowid`)));
  return Object.fromEntries(WATCHED_TABLES.map((table, i) => [table, results[i]!.results]));
}

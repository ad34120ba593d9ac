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
  ticket: "t-alice",
  ticketMessage: "tm-alice",
  notification: "n-alice",
  /** Public content every entry can name (no SECRET: anyone may read it). */
  helpArticle: "idor-help-article",
  /** An unpublished article: 404 to everyone outside the staff console. */
  draftArticle: "idor-draft-article",
  tutorial: "tut-idor",
  legalVersion: "1.0",
  /** A third user Alice shares things with (her grants are on her share pages). */
  carol: "u-carol",
  botGrant: "ac-alice-bot",
  knowledgeGrant: "ac-alice-knowledge",
  collectionGrant: "ac-alice-collection",
  mood: "mood-alice",
  /** Alice's Checkout Session (token_purchases.id), on sale no more (package not active). */
  purchase: "cs_idor_alice",
  retiredPackage: "pk-idor-retired",
  /** A package on sale (public: on /pricing, no SECRET). */
  package: "pk-idor",
  gift: "gift-alice",
} as const;

export type Fixture = typeof fixture;

const report = { spec: "v2", source: "json", imported: ["name"], keptAside: [], ignored: [] };

export async function seedFixture(): Promise<void> {
  const f = fixture;
  const sql = (query: string, ...values: unknown[]) => env.DB.prepare(query).bind(...values);
  await env.DB.batch([
    sql(
      "INSERT INTO users (id, email, role, display_name, token_balance) VALUES (?, 'alice@example.com', 'creator', 'Alice Owner', 4321)",
      f.alice,
    ),
    sql("INSERT INTO users (id, email, role, display_name) VALUES (?, 'bob@example.com', 'user', 'Bob Other')", f.bob),
    sql(
      "INSERT INTO bots (id, name, slug, description, system_prompt, created_by_id, is_public) VALUES (?, 'SECRET private bot', ?, 'SECRET description', 'SECRET prompt', ?, 0)",
      f.privateBot.id,
      f.privateBot.slug,
      f.alice,
    ),
    sql(
      "INSERT INTO bots (id, name, slug, description, system_prompt, created_by_id, is_public) VALUES (?, 'Alice Public Bot', ?, 'A public bot.', 'SECRET system prompt of a public bot', ?, 1)",
      f.publicBot.id,
      f.publicBot.slug,
      f.alice,
    ),
    sql(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public, card_extras) VALUES (?, 'SECRET imported bot', ?, ?, 0, ?)",
      f.importedBot.id,
      f.importedBot.slug,
      f.alice,
      JSON.stringify({ [IMPORT_REPORT_KEY]: report }),
    ),
    sql(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES (?, 'Bob Public Bot', ?, ?, 1)",
      f.bobBot.id,
      f.bobBot.slug,
      f.bob,
    ),
    sql(
      "INSERT INTO personas (id, name, description, user_id, is_public, is_default) VALUES (?, 'SECRET persona', 'SECRET persona description', ?, 0, 1)",
      f.persona,
      f.alice,
    ),
    sql(
      "INSERT INTO conversations (id, title, user_id, bot_id, persona_id, message_count) VALUES (?, 'SECRET chat', ?, ?, ?, 2)",
      f.conversation,
      f.alice,
      f.privateBot.id,
      f.persona,
    ),
    sql(
      "INSERT INTO messages (id, conversation_id, role, content, sender_type, seq, status) VALUES (?, ?, 'user', 'SECRET question', 'user', 1, 'complete')",
      f.userMessage,
      f.conversation,
    ),
    sql(
      "INSERT INTO messages (id, conversation_id, role, content, sender_type, seq, status) VALUES (?, ?, 'assistant', 'SECRET answer', 'bot', 2, 'complete')",
      f.botMessage,
      f.conversation,
    ),
    sql(
      "INSERT INTO message_alternatives (id, message_id, position, content) VALUES ('alt-alice', ?, 0, 'SECRET answer')",
      f.botMessage,
    ),
    sql(
      "INSERT INTO conversations (id, title, user_id, bot_id, message_count) VALUES (?, 'Bob chat', ?, ?, 0)",
      f.bobConversation,
      f.bob,
      f.bobBot.id,
    ),
    sql(
      "INSERT INTO knowledge_collections (id, name, description, created_by_id, is_public) VALUES (?, 'SECRET collection', 'SECRET', ?, 0)",
      f.collection,
      f.alice,
    ),
    sql(
      "INSERT INTO knowledge (id, title, content, content_type, collection_id, created_by_id) VALUES (?, 'SECRET knowledge', 'SECRET knowledge text', 'text', ?, ?)",
      f.knowledge,
      f.collection,
      f.alice,
    ),
    sql(
      "INSERT INTO knowledge (id, title, content, content_type, bot_id, created_by_id, world_info) VALUES (?, 'SECRET world info', 'SECRET lore', 'world_info', ?, ?, ?)",
      f.worldInfo,
      f.privateBot.id,
      f.alice,
      JSON.stringify({ keys: ["secret"] }),
    ),
    sql("INSERT INTO bot_collections (bot_id, collection_id) VALUES (?, ?)", f.privateBot.id, f.collection),
    sql(
      "INSERT INTO memories (id, user_id, memory_type, content) VALUES (?, ?, 'long_term', 'SECRET memory')",
      f.memory,
      f.alice,
    ),
    sql(
      "INSERT INTO memories (id, user_id, conversation_id, memory_type, content) VALUES (?, ?, ?, 'episodic', 'SECRET chat memory')",
      f.conversationMemory,
      f.alice,
      f.conversation,
    ),
    sql(
      "INSERT INTO api_keys (id, user_id, provider, key_encrypted, key_hint, label) VALUES (?, ?, 'openai', 'not-a-real-ciphertext', 'SECR', 'SECRET key')",
      f.apiKey,
      f.alice,
    ),
    sql(
      "INSERT INTO creator_profiles (id, user_id, username, display_name, bio, visibility) VALUES ('cp-alice', ?, ?, 'SECRET creator', 'SECRET bio', 'private')",
      f.alice,
      f.creatorUsername,
    ),
    sql(
      "INSERT INTO support_tickets (id, user_id, subject, description, category, revision, awaiting_staff_since, last_message_at) VALUES (?, ?, 'SECRET ticket', 'SECRET ticket description', 'account', 'rev-alice', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
      f.ticket,
      f.alice,
    ),
    sql(
      "INSERT INTO ticket_messages (id, ticket_id, author_id, body) VALUES (?, ?, ?, 'SECRET ticket message')",
      f.ticketMessage,
      f.ticket,
      f.alice,
    ),
    sql(
      "INSERT INTO notifications (id, user_id, kind, title, body, link) VALUES (?, ?, 'ticket_reply', 'SECRET notification', 'SECRET notification text', ?)",
      f.notification,
      f.alice,
      `/support/${f.ticket}`,
    ),
    sql(
      "INSERT INTO documentation (id, title, slug, content, category, is_published) VALUES ('doc-idor', 'Getting around', ?, '# Getting around\n\nA public article.', 'getting-started', 1)",
      f.helpArticle,
    ),
    sql(
      "INSERT INTO documentation (id, title, slug, content, category, is_published) VALUES ('doc-idor-draft', 'SECRET draft', ?, 'SECRET unpublished article', 'features', 0)",
      f.draftArticle,
    ),
    sql(
      "INSERT INTO tutorials (id, title, description, category, steps, is_published) VALUES (?, 'First steps', 'A public tutorial.', 'getting-started', ?, 1)",
      f.tutorial,
      JSON.stringify([
        { title: "Look around", body: "Open the home page." },
        { title: "Chat", body: "Start a chat." },
      ]),
    ),
    // Terms in force, accepted by both users (so no re-acceptance gates their POSTs).
    sql(
      "INSERT INTO legal_documents (id, title, type, content, version, effective_date, is_active) VALUES ('ld-terms', 'Terms of Service', 'terms', '# Terms\n\nPublic terms.', ?, '2026-01-01T00:00:00.000Z', 1)",
      f.legalVersion,
    ),
    sql("INSERT INTO user_agreements (id, user_id, document_id) VALUES ('ua-alice', ?, 'ld-terms')", f.alice),
    sql("INSERT INTO user_agreements (id, user_id, document_id) VALUES ('ua-bob', ?, 'ld-terms')", f.bob),
    // Sharing: Alice's grants to Carol (shown, with a revoke form each, on Alice's share pages).
    sql(
      "INSERT INTO users (id, email, role, display_name) VALUES (?, 'carol@example.com', 'user', 'Carol Third')",
      f.carol,
    ),
    sql(
      "INSERT INTO access_control (id, user_id, resource_type, resource_id, permission_level, granted_by_id) VALUES (?, ?, 'bot', ?, 'view', ?)",
      f.botGrant,
      f.carol,
      f.privateBot.id,
      f.alice,
    ),
    sql(
      "INSERT INTO access_control (id, user_id, resource_type, resource_id, permission_level, granted_by_id) VALUES (?, ?, 'knowledge', ?, 'edit', ?)",
      f.knowledgeGrant,
      f.carol,
      f.knowledge,
      f.alice,
    ),
    sql(
      "INSERT INTO access_control (id, user_id, resource_type, resource_id, permission_level, granted_by_id) VALUES (?, ?, 'collection', ?, 'view', ?)",
      f.collectionGrant,
      f.carol,
      f.collection,
      f.alice,
    ),
    // Wellbeing: a mood check-in, limits, a day of usage and derived insights, all Alice's.
    sql(
      "INSERT INTO moods (id, user_id, mood, intensity, note, triggers, created_at) VALUES (?, ?, 'sad', 4, 'SECRET mood note', '[\"secret-trigger\"]', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
      f.mood,
      f.alice,
    ),
    sql(
      "INSERT INTO self_moderation (id, user_id, daily_limit, weekly_limit, break_reminder_interval, night_mode_enabled, night_mode_start, night_mode_end, time_zone) VALUES ('sm-alice', ?, 45, 300, 20, 1, '21:30', '06:30', 'Europe/Madrid')",
      f.alice,
    ),
    sql(
      "INSERT INTO usage_analytics (id, user_id, date, conversations_started, messages_sent, tokens_used, session_duration) VALUES ('ua-day-alice', ?, strftime('%Y-%m-%d', 'now'), 3, 777, 12345, 42)",
      f.alice,
    ),
    sql(
      "INSERT INTO persona_analytics (id, persona_id, conversations_count, engagement_score) VALUES ('pa-alice', ?, 1, 0.5)",
      f.persona,
    ),
    sql(
      "INSERT INTO memory_insights (id, user_id, conversation_id, memory_depth) VALUES ('mi-alice', ?, ?, 0.5)",
      f.alice,
      f.conversation,
    ),
    // Billing: a package on sale, Alice's purchase of a retired one, its ledger row, a gift.
    sql(
      "INSERT INTO token_packages (id, name, amount, bonus_amount, price) VALUES (?, 'Starter', 1000, 0, 500)",
      f.package,
    ),
    sql(
      "INSERT INTO token_packages (id, name, amount, bonus_amount, price, is_active) VALUES (?, 'SECRET retired package', 4321, 0, 999, 0)",
      f.retiredPackage,
    ),
    sql(
      "INSERT INTO token_purchases (id, user_id, package_id, tokens, amount, payment_intent_id) VALUES (?, ?, ?, 4331, 999, 'pi_idor_alice')",
      f.purchase,
      f.alice,
      f.retiredPackage,
    ),
    sql(
      "INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after) VALUES ('tl-alice', ?, 4331, 'purchase', ?, 4331)",
      f.alice,
      f.purchase,
    ),
    sql(
      "INSERT INTO token_gifts (id, sender_id, recipient_id, amount, message) VALUES (?, ?, ?, 10, 'SECRET gift message')",
      f.gift,
      f.alice,
      f.carol,
    ),
    sql(
      "INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after) VALUES ('tl-alice-gift', ?, -10, 'gift_sent', ?, 4321)",
      f.alice,
      f.gift,
    ),
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
  "support_tickets",
  "ticket_messages",
  "notifications",
  "user_agreements",
  "help_votes",
  "tutorial_progress",
  "staff_audit_log",
  "tutorials",
  "legal_documents",
  "access_control",
  "moods",
  "self_moderation",
  "usage_analytics",
  "token_ledger",
  "token_purchases",
  "token_gifts",
  "subscription_payments",
  "stripe_events",
  // Not `documentation`: reading an article counts a view (view_count), for anyone.
] as const;

export async function snapshot(): Promise<Record<string, unknown[]>> {
  const results = await env.DB.batch(
    WATCHED_TABLES.map((table) => env.DB.prepare(`SELECT * FROM ${table} ORDER BY rowid`)),
  );
  return Object.fromEntries(WATCHED_TABLES.map((table, i) => [table, results[i]!.results]));
}

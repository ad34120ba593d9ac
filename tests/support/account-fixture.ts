/**
 * A person with a row in every table that holds people's data (and their media object and
 * vectors): the fixture of the export and deletion tests. Needs the users `friend` (with
 * bot `friend-bot` and creator profile `friend-cp`) and `boss` (staff) to exist.
 */
import { env } from "cloudflare:test";
import { vectorizeSource } from "~/lib/retrieval/vectorize-job";
import { createServices } from "~/lib/services";
import { db } from "./route-calls";

/** Row ids start with `prefix` (the user id unless given: a test that looks for the id in
 * every column afterwards passes another, so shared rows such as legal documents don't match). */
export async function fill(userId: string, messages: number, prefix = userId) {
  const q = (sql: string, ...params: unknown[]) => env.DB.prepare(sql).bind(...params);
  await env.DB.batch([
    q(
      "INSERT INTO media (id, url, filename, mime_type, filesize, storage_key, uploaded_by_id) VALUES (?, '/media/x', 'face.png', 'image/png', 3, ?, ?)",
      `${prefix}-m`,
      `avatars/${prefix}.png`,
      userId,
    ),
    q(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public, avatar_id) VALUES (?, 'Mine', ?, ?, 1, ?)",
      `${prefix}-bot`,
      `${prefix}-bot`,
      userId,
      `${prefix}-m`,
    ),
    q(
      "INSERT INTO knowledge (id, title, content, created_by_id, bot_id) VALUES (?, 'Lore', 'The lighthouse keeper hums sea shanties at dusk.', ?, ?)",
      `${prefix}-k`,
      userId,
      `${prefix}-bot`,
    ),
    q(
      "INSERT INTO knowledge (id, title, content, created_by_id, bot_id, content_type) VALUES (?, 'Harbour bell', 'The harbour bell rings at dawn.', ?, ?, 'world_info')",
      `${prefix}-wi`,
      userId,
      `${prefix}-bot`,
    ),
    q("INSERT INTO knowledge_collections (id, name, created_by_id) VALUES (?, 'Col', ?)", `${prefix}-kc`, userId),
    q("INSERT INTO personas (id, name, user_id) VALUES (?, 'Me', ?)", `${prefix}-p`, userId),
    q(
      "INSERT INTO api_keys (id, user_id, provider, key_encrypted, key_hint) VALUES (?, ?, 'openai', 'SECRET-CIPHERTEXT', 'abcd')",
      `${prefix}-key`,
      userId,
    ),
    q(
      "INSERT INTO conversations (id, title, user_id, bot_id) VALUES (?, 'Long chat', ?, ?)",
      `${prefix}-c`,
      userId,
      `${prefix}-bot`,
    ),
    q(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO messages (id, conversation_id, role, content, sender_type, seq) SELECT ? || '-msg-' || i, ?, CASE i % 2 WHEN 1 THEN 'user' ELSE 'assistant' END, 'message number ' || i, CASE i % 2 WHEN 1 THEN 'user' ELSE 'bot' END, i FROM n`,
      messages,
      prefix,
      `${prefix}-c`,
    ),
    q(
      "INSERT INTO memories (id, user_id, conversation_id, content) VALUES (?, ?, ?, 'They like lighthouses.')",
      `${prefix}-mem`,
      userId,
      `${prefix}-c`,
    ),
    q(
      "INSERT INTO memory_insights (id, user_id, conversation_id) VALUES (?, ?, ?)",
      `${prefix}-mi`,
      userId,
      `${prefix}-c`,
    ),
    q(
      "INSERT INTO bot_interactions (id, user_id, bot_id, interaction_type) VALUES (?, ?, ?, 'like')",
      `${prefix}-bi`,
      userId,
      `${prefix}-bot`,
    ),
    q("INSERT INTO bot_ratings (user_id, bot_id, score) VALUES (?, ?, 5)", userId, `${prefix}-bot`),
    q(
      "INSERT INTO moderation_reports (id, reporter_id, bot_id, reason) VALUES (?, ?, 'friend-bot', 'spam')",
      `${prefix}-r`,
      userId,
    ),
    q(
      "INSERT INTO creator_profiles (id, user_id, username) VALUES (?, ?, ?)",
      `${prefix}-cp`,
      userId,
      `${prefix}-name`,
    ),
    q("INSERT INTO follows (follower_id, creator_id) VALUES (?, 'friend-cp')", userId),
    q("INSERT INTO creator_programs (id, name) VALUES (?, 'Prog')", `${prefix}-prog`),
    q(
      "INSERT INTO creator_program_applications (id, program_id, user_id) VALUES (?, ?, ?)",
      `${prefix}-app`,
      `${prefix}-prog`,
      userId,
    ),
    q("INSERT INTO subscription_payments (id, user_id, amount) VALUES (?, ?, 799)", `${prefix}-pay`, userId),
    q(
      "INSERT INTO token_gifts (id, sender_id, recipient_id, amount) VALUES (?, ?, 'friend', 10)",
      `${prefix}-gift`,
      userId,
    ),
    q(
      "INSERT INTO token_ledger (id, user_id, delta, reason, balance_after) VALUES (?, ?, 100, 'purchase', 100)",
      `${prefix}-ledger`,
      userId,
    ),
    q(
      "INSERT INTO token_purchases (id, user_id, tokens, amount) VALUES (?, ?, 100, 499)",
      `${prefix}-purchase`,
      userId,
    ),
    q(
      "INSERT INTO chat_charges (id, user_id, conversation_id, message_id, prompt_tokens, completion_tokens, rate, cost, charged) VALUES (?, ?, ?, ?, 10, 5, 1, 15, 15)",
      `${prefix}-charge`,
      userId,
      `${prefix}-c`,
      `${prefix}-msg-2`,
    ),
    q(
      "INSERT INTO access_control (id, user_id, resource_type, resource_id, permission_level) VALUES (?, ?, 'bot', 'friend-bot', 'view')",
      `${prefix}-ac`,
      userId,
    ),
    q("INSERT INTO moods (id, user_id, mood, intensity) VALUES (?, ?, 'content', 3)", `${prefix}-mood`, userId),
    q("INSERT INTO self_moderation (id, user_id) VALUES (?, ?)", `${prefix}-sm`, userId),
    q("INSERT INTO usage_analytics (id, user_id, date) VALUES (?, ?, '2026-11-30')", `${prefix}-ua`, userId),
    q(
      "INSERT INTO legal_documents (id, type, title, version, effective_date, is_active) VALUES (?, 'cookies', 'C', ?, '2025-01-01', 1)",
      `${prefix}-doc`,
      `${prefix}-v`,
    ),
    q(
      "INSERT INTO user_agreements (id, user_id, document_id, ip_address) VALUES (?, ?, ?, '198.51.100.1')",
      `${prefix}-ag`,
      userId,
      `${prefix}-doc`,
    ),
    q(
      "INSERT INTO support_tickets (id, user_id, subject, description, category) VALUES (?, ?, 'Help', 'Please', 'other')",
      `${prefix}-t`,
      userId,
    ),
    q(
      "INSERT INTO ticket_messages (id, ticket_id, author_id, body) VALUES (?, ?, ?, 'More detail')",
      `${prefix}-tm`,
      `${prefix}-t`,
      userId,
    ),
    q(
      "INSERT INTO ticket_messages (id, ticket_id, author_id, body, is_internal) VALUES (?, ?, 'boss', 'STAFF-ONLY-NOTE', 1)",
      `${prefix}-tm2`,
      `${prefix}-t`,
    ),
    q("INSERT INTO notifications (id, user_id, kind, title) VALUES (?, ?, 'system', 'Hello')", `${prefix}-n`, userId),
    q(
      "INSERT INTO documentation (id, slug, title, category, is_published) VALUES (?, ?, 'Doc', 'features', 1)",
      `${prefix}-d`,
      `${prefix}-d`,
    ),
    q(
      "INSERT INTO help_votes (document_id, voter_key, user_id, helpful) VALUES (?, ?, ?, 1)",
      `${prefix}-d`,
      `user:${userId}`,
      userId,
    ),
    q(
      'INSERT INTO tutorials (id, title, category, is_published, steps) VALUES (?, \'T\', \'bots\', 1, \'[{"title":"a","body":"b"}]\')',
      `${prefix}-tut`,
    ),
    q("INSERT INTO tutorial_progress (user_id, tutorial_id, step) VALUES (?, ?, 1)", userId, `${prefix}-tut`),
    q(
      "INSERT INTO sessions (id, user_id, expires_at, user_agent) VALUES (?, ?, '2999-01-01T00:00:00.000Z', 'Phone')",
      `${prefix}-s`,
      userId,
    ),
  ]);
  await env.MEDIA.put(`avatars/${prefix}.png`, new Uint8Array([1, 2, 3]));
  await vectorizeSource({ db, services: createServices(env), sourceType: "knowledge", sourceId: `${prefix}-k` });
  await vectorizeSource({ db, services: createServices(env), sourceType: "memory", sourceId: `${prefix}-mem` });
}

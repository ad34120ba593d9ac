/**
 * The scale seed for `npm run bench -- scale` (never part of the demo seed): on top of the
 * demo data, 10,000 public bots with tags from 31 creators (Casey Creator gets 200 of
 * them), and 100,200 messages over 1,000 conversations — one of them 400 messages long,
 * 150 of them Sam User's. Rows are generated inside SQLite by recursive CTEs, so the SQL
 * is a few kilobytes and applying it takes seconds, not a 20 MB file of INSERTs.
 */
import { DEMO_EMAIL_DOMAIN } from "../../app/lib/auth/demo-accounts.ts";
import { DETAILS, EXTRA_TAGS, GIVEN_NAMES, PLACES, ROLES } from "./catalogue.ts";
import { sql } from "./sql.ts";

export const SCALE = {
  bots: 10_000,
  creators: 30,
  caseyBots: 200,
  conversations: 1_000,
  messagesPerConversation: 100,
  longConversation: 400,
  samConversations: 150,
  fans: 50,
} as const;
export const LONG_CONVERSATION_ID = "scale-chat-1";

/** `json_extract('[…]', '$[' || (expr) || ']')`: the expr-th word of a list, in SQL. */
function pickSql(words: readonly string[], indexExpr: string): string {
  return `json_extract(${sql(JSON.stringify(words))}, '$[' || ((${indexExpr}) % ${words.length}) || ']')`;
}

const numbers = (name: string, count: number) =>
  `WITH RECURSIVE ${name}(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM ${name} WHERE i < ${count})`;

export function scaleSeedSql(): string[] {
  const roles = ROLES.map((r) => r[0]);
  const genres = ROLES.map((r) => r[1]);
  const pitches = ROLES.map((r) => r[2]);
  const out: string[] = [];

  // Creators (users with public profiles) and an audience that owns conversations.
  out.push(
    `INSERT OR IGNORE INTO users (id, email, display_name, role) ${numbers("n", SCALE.creators)}
     SELECT 'scale-creator-' || i, 'maker' || i || '@${DEMO_EMAIL_DOMAIN}', ${pickSql(GIVEN_NAMES, "i * 7")} || ' Studio', 'creator' FROM n;`,
    `INSERT OR IGNORE INTO creator_profiles (id, user_id, username, display_name, bio, visibility) ${numbers("n", SCALE.creators)}
     SELECT 'scale-profile-' || i, 'scale-creator-' || i, 'maker' || i, ${pickSql(GIVEN_NAMES, "i * 7")} || ' Studio', 'Characters for long evenings.', 'public' FROM n;`,
    `INSERT OR IGNORE INTO users (id, email, display_name, role) ${numbers("n", SCALE.fans)}
     SELECT 'scale-fan-' || i, 'scalefan' || i || '@${DEMO_EMAIL_DOMAIN}', ${pickSql(GIVEN_NAMES, "i * 11")}, 'user' FROM n;`,
  );

  // 10,000 public bots: "Mira, Lighthouse Keeper of Emberfall" — names without numbers.
  const name = `${pickSql(GIVEN_NAMES, "i")} || ', ' || ${pickSql(roles, "i / 3")} || ' of ' || ${pickSql(PLACES, "i / 7")}`;
  out.push(
    `INSERT OR IGNORE INTO bots (id, name, slug, description, personality, greeting, tags, is_public, is_nsfw, conversation_count, likes_count, rating, rating_count, created_by_id, created_at)
     ${numbers("n", SCALE.bots)}
     SELECT 'scale-bot-' || i, ${name},
       lower(replace(replace(${name}, ', ', '-'), ' ', '-')) || '-' || i,
       ${pickSql(pitches, "i / 3")} || ' ' || ${pickSql(DETAILS, "i * 3")},
       'warm, attentive', '*looks up* Hello, {{user}}.',
       json_array(${pickSql(genres, "i / 3")}, ${pickSql(EXTRA_TAGS, "i")}, ${pickSql(EXTRA_TAGS, "i / 10 + 3")}),
       1, CASE WHEN i % 17 = 0 THEN 1 ELSE 0 END,
       (i * 7919) % 3000, (i * 104729) % 400, 1 + ((i * 31) % 40) / 10.0, (i * 13) % 50,
       CASE WHEN i <= ${SCALE.caseyBots} THEN 'demo-creator' ELSE 'scale-creator-' || (1 + i % ${SCALE.creators}) END,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i % 5000) || ' hours')
     FROM n;`,
  );

  // 1,000 conversations: the first is the long one; Sam User owns the first 150.
  const titles = [
    "Evening at the inn",
    "Harbour questions",
    "Study session",
    "A long walk",
    "Late-night talk",
    "Planning the trip",
    "Old stories",
    "Practice round",
  ];
  out.push(
    `INSERT OR IGNORE INTO conversations (id, user_id, bot_id, title, created_at) ${numbers("n", SCALE.conversations)}
     SELECT 'scale-chat-' || i,
       CASE WHEN i <= ${SCALE.samConversations} THEN 'demo-user' ELSE 'scale-fan-' || (1 + i % ${SCALE.fans}) END,
       'scale-bot-' || (1 + (i * 37) % ${SCALE.bots}), ${pickSql(titles, "i")},
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * 3) || ' hours')
     FROM n;`,
  );

  const lines = [
    "Tell me more about the harbour at night.",
    "*pours two cups of tea* Where were we?",
    "I think the map is upside down.",
    "That reminds me of a story from the old road.",
    "Could you explain that again, more slowly?",
    "*laughs* You always ask the hardest questions.",
    "What would you do in my place?",
    "The lantern flickers as the wind picks up.",
  ];
  const message = (conversationExpr: string, seqExpr: string, idExpr: string, hoursExpr: string) =>
    `SELECT ${idExpr}, ${conversationExpr}, CASE WHEN (${seqExpr}) % 2 = 1 THEN 'user' ELSE 'assistant' END, ${pickSql(lines, seqExpr)},
       CASE WHEN (${seqExpr}) % 2 = 1 THEN 'user' ELSE 'bot' END, ${seqExpr}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (${hoursExpr}) || ' minutes')`;
  const columns = "INSERT OR IGNORE INTO messages (id, conversation_id, role, content, sender_type, seq, created_at)";
  out.push(
    `${columns} ${numbers("n", SCALE.longConversation)} ${message(`'${LONG_CONVERSATION_ID}'`, "i", "'scale-long-' || i", `${SCALE.longConversation} - i`)} FROM n;`,
    `${columns} ${numbers("n", (SCALE.conversations - 1) * SCALE.messagesPerConversation)}
     ${message(`'scale-chat-' || (2 + (i - 1) / ${SCALE.messagesPerConversation})`, `1 + (i - 1) % ${SCALE.messagesPerConversation}`, "'scale-msg-' || i", "i")} FROM n;`,
    `UPDATE conversations SET
       message_count = (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = conversations.id),
       last_message_at = (SELECT MAX(created_at) FROM messages m WHERE m.conversation_id = conversations.id)
     WHERE id >= 'scale-chat-' AND id < 'scale-chat.';`,
  );
  return out;
}

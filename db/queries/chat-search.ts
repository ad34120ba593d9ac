/**
 * The /chat list: one person's conversations by latest activity, optionally only those
 * whose title or any message matches a search. The search goes through FTS5
 * (conversations_fts, messages_fts from migration 0012) — never LIKE built from what was
 * typed — and every row is still filtered by `conversations.user_id`, so text in someone
 * else's conversation can never make theirs appear in my list.
 */
import { sql } from "kysely";
import type { DB } from "#db/schema";
import { toFtsQuery } from "~/lib/bots/search";

export interface ChatListFilters {
  userId: string;
  archived: boolean;
  /** What was typed in the search box ("" for no search). */
  search: string;
}

/** The FTS5 expression for "these words in a message of this user's": the owner column
 * holds the user id as one hex token (migration 0012), and the words are confined to the
 * content column, so a word can never match an owner token. */
export function ownMessagesMatch(userId: string, fts: string): string {
  const owner = Array.from(new TextEncoder().encode(userId), (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `owner:"${owner}" AND content:(${fts})`;
}

export function chatListQuery(db: DB, { userId, archived, search }: ChatListFilters) {
  const fts = toFtsQuery(search);
  let list = db
    .selectFrom("conversations")
    .innerJoin("bots", "bots.id", "conversations.bot_id")
    .select([
      "conversations.id",
      "conversations.title",
      "conversations.message_count",
      "conversations.last_message_at",
      "conversations.created_at",
      "bots.name as bot_name",
    ])
    .where("conversations.user_id", "=", userId)
    .where("conversations.is_active", "=", archived ? 0 : 1);
  // Text with no word in it ("%", "…") can match nothing; it does not mean "everything".
  if (search.trim() && !fts) list = list.where(sql<boolean>`0`);
  if (fts) {
    list = list.where((eb) =>
      eb.or([
        eb(
          sql`conversations.rowid`,
          "in",
          sql`(SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ${fts})`,
        ),
        eb(
          sql`conversations.id`,
          "in",
          sql`(SELECT m.conversation_id FROM messages m WHERE m.rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${ownMessagesMatch(userId, fts)}))`,
        ),
      ]),
    );
  }
  // Matches the conversations_user_activity index (0012), so a page is an index walk.
  return list
    .orderBy(sql`COALESCE(conversations.last_message_at, conversations.created_at)`, "desc")
    .orderBy("conversations.id", "desc");
}

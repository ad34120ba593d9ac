/**
 * "Download my data": the list of what goes into the ZIP, one entry per kind of data.
 * Each area adds one entry here for a table it owns; `tests/workers/account-export.test.ts`
 * derives the user-owned tables from db/schema.ts (every table with an owner column) and
 * fails while any of them is in no section and not in NOT_EXPORTED.
 *
 * Rows are read in pages (keyset on rowid), so a big account never sits in memory whole.
 * Columns are the ones db/schema.ts lists for the table, minus secrets.
 */
import { tables, type TableName } from "#db/schema";
import { cardV2 } from "../cards/export";
import { toSillyTavernJsonl } from "../chat/export";

/** Columns that name the person who owns a row. */
export const OWNER_COLUMNS = [
  "user_id",
  "created_by_id",
  "uploaded_by_id",
  "follower_id",
  "reporter_id",
  "sender_id",
  "recipient_id",
  "author_id",
] as const;

/** Tables with an owner column that are deliberately left out, and why. */
export const NOT_EXPORTED: Partial<Record<TableName, string>> = {};

/** Never leaves the server, not even to its owner. */
const SECRET_COLUMNS: Partial<Record<TableName, string[]>> = { api_keys: ["key_encrypted"] };

export interface ExportWriter {
  /** Start a file in the ZIP; push text to it, then end it. */
  file(name: string): { push(text: string): void; end(): void };
  /** A whole binary file (media). */
  binary(name: string, bytes: Uint8Array): void;
}

export interface ExportContext {
  d1: D1Database;
  bucket: R2Bucket | undefined;
  userId: string;
  pageSize: number;
}

export interface ExportSection {
  /** The tables this section writes out (for the "every table represented" test). */
  tables: TableName[];
  write(ctx: ExportContext, out: ExportWriter): Promise<void>;
}

type Row = Record<string, unknown>;

function columnsOf(table: TableName): string[] {
  const secret = SECRET_COLUMNS[table] ?? [];
  return Object.keys(tables[table]).filter((c) => !secret.includes(c));
}

const quote = (name: string) => `"${name}"`;

/** Every row matching `where` (SQL over constants and `?` params), a page at a time. */
export async function* pagedRows(
  ctx: ExportContext,
  table: TableName,
  where: string,
  params: unknown[],
  columns = columnsOf(table),
): AsyncGenerator<Row[]> {
  let after = -1;
  const select = `SELECT rowid AS __rowid, ${columns.map(quote).join(", ")} FROM ${table} WHERE (${where}) AND rowid > ? ORDER BY rowid LIMIT ?`;
  for (;;) {
    const { results } = await ctx.d1
      .prepare(select)
      .bind(...params, after, ctx.pageSize)
      .all<Row & { __rowid: number }>();
    if (results.length === 0) return;
    after = results[results.length - 1]!.__rowid;
    yield results.map(({ __rowid: _rowid, ...row }) => row);
    if (results.length < ctx.pageSize) return;
  }
}

/** Write matching rows as one JSON Lines file. fflate streams one file at a time (a file
 * added while another is open is buffered), so a file is always finished before the next. */
async function writeRows(
  ctx: ExportContext,
  out: ExportWriter,
  name: string,
  table: TableName,
  where: string,
  params: unknown[],
): Promise<void> {
  const file = out.file(name);
  for await (const page of pagedRows(ctx, table, where, params))
    file.push(page.map((row) => `${JSON.stringify(row)}\n`).join(""));
  file.end();
}

/** A section that writes matching rows of one or more tables as JSON Lines, one file each. */
function rowsSection(
  entries: { table: TableName; where: string; params?: (userId: string) => unknown[]; file?: string }[],
): ExportSection {
  return {
    tables: entries.map((e) => e.table),
    async write(ctx, out) {
      for (const entry of entries) {
        await writeRows(
          ctx,
          out,
          entry.file ?? `data/${entry.table}.jsonl`,
          entry.table,
          entry.where,
          entry.params ? entry.params(ctx.userId) : [ctx.userId],
        );
      }
    },
  };
}

const mine = (column: string) => `${quote(column)} = ?`;

type WorldInfoRow = { bot_id: string; title: string; content: string; world_info: string };

/** The lorebooks (first 1,000 entries each) of a page of bots: one D1 round trip per page,
 * not a query per bot; ids are chunked under D1's 100 bound parameters. Only entries the
 * bot's creator wrote: someone else's lore filed onto the bot is not this person's data. */
async function worldInfoOf(d1: D1Database, botIds: string[]): Promise<Map<string, WorldInfoRow[]>> {
  const byBot = new Map<string, WorldInfoRow[]>();
  if (botIds.length === 0) return byBot;
  const chunks: string[][] = [];
  for (let i = 0; i < botIds.length; i += 90) chunks.push(botIds.slice(i, i + 90));
  const results = await d1.batch<WorldInfoRow>(
    chunks.map((ids) =>
      d1
        .prepare(
          `SELECT bot_id, title, content, world_info FROM (
             SELECT bot_id, title, content, world_info, ROW_NUMBER() OVER (PARTITION BY bot_id ORDER BY id) AS n
             FROM knowledge WHERE content_type = 'world_info' AND bot_id IN (${ids.map(() => "?").join(", ")})
               AND created_by_id = (SELECT created_by_id FROM bots WHERE bots.id = knowledge.bot_id)
           ) WHERE n <= 1000 ORDER BY bot_id, n`,
        )
        .bind(...ids),
    ),
  );
  for (const result of results)
    for (const row of result.results ?? [])
      (byBot.get(row.bot_id) ?? byBot.set(row.bot_id, []).get(row.bot_id)!).push(row);
  return byBot;
}

/** Bots as Character Card V2 JSON (importable elsewhere), plus the raw rows. */
const botsSection: ExportSection = {
  tables: ["bots"],
  async write(ctx, out) {
    await writeRows(ctx, out, "data/bots.jsonl", "bots", mine("created_by_id"), [ctx.userId]);
    for await (const page of pagedRows(ctx, "bots", mine("created_by_id"), [ctx.userId])) {
      const lorebooks = await worldInfoOf(
        ctx.d1,
        page.map((bot) => String(bot.id)),
      );
      for (const bot of page) {
        const worldInfo = lorebooks.get(String(bot.id)) ?? [];
        const card = out.file(`bots/${String(bot.slug)}.v2.json`);
        card.push(JSON.stringify(cardV2(bot as never, worldInfo), null, 2));
        card.end();
      }
    }
  },
};

/**
 * Each conversation as a SillyTavern chat file. Conversations (with their bot's name) and
 * messages are each read in pages across *all* the person's conversations, both in
 * conversation-id order, and merged: queries grow with rows / page size, not with the
 * number of conversations, and only one chat file is open at a time.
 */
const conversationsSection: ExportSection = {
  tables: ["conversations", "messages"],
  async write(ctx, out) {
    await writeRows(ctx, out, "data/conversations.jsonl", "conversations", mine("user_id"), [ctx.userId]);
    const me = await ctx.d1
      .prepare("SELECT display_name, email FROM users WHERE id = ?")
      .bind(ctx.userId)
      .first<{ display_name: string | null; email: string }>();
    const userName = me?.display_name ?? me?.email ?? "You";
    const messages = messagePages(ctx);
    let pending: ChatMessage[] = [];
    let exhausted = false;
    for await (const page of conversationPages(ctx)) {
      for (const conversation of page) {
        const input = {
          title: conversation.title,
          botName: conversation.bot_name ?? "Bot",
          userName,
          createdAt: conversation.created_at,
        };
        const file = out.file(`conversations/${conversation.id}.jsonl`);
        file.push(toSillyTavernJsonl({ ...input, messages: [] }));
        for (;;) {
          // Messages of earlier conversations cannot remain (same order); skip defensively.
          while (pending.length > 0 && pending[0]!.conversation_id < conversation.id) pending.shift();
          const mineNow = pending.filter((m) => m.conversation_id === conversation.id);
          if (mineNow.length > 0) {
            const jsonl = toSillyTavernJsonl({ ...input, messages: mineNow });
            file.push(jsonl.slice(jsonl.indexOf("\n") + 1)); // the header line is already written
          }
          pending = pending.filter((m) => m.conversation_id > conversation.id);
          if (pending.length > 0 || exhausted) break;
          const next = await messages.next();
          if (next.done) exhausted = true;
          else pending = next.value;
        }
        file.end();
      }
    }
  },
};

interface ChatMessage {
  conversation_id: string;
  seq: number;
  role: "user" | "assistant" | "system";
  content: string;
  created_at: string;
}

async function* conversationPages(ctx: ExportContext) {
  let after = "";
  for (;;) {
    const { results } = await ctx.d1
      .prepare(
        "SELECT c.id, c.title, c.created_at, b.name AS bot_name FROM conversations c LEFT JOIN bots b ON b.id = c.bot_id WHERE c.user_id = ? AND c.id > ? ORDER BY c.id LIMIT ?",
      )
      .bind(ctx.userId, after, ctx.pageSize)
      .all<{ id: string; title: string; created_at: string; bot_name: string | null }>();
    if (results.length === 0) return;
    after = results[results.length - 1]!.id;
    yield results;
    if (results.length < ctx.pageSize) return;
  }
}

async function* messagePages(ctx: ExportContext) {
  let afterConversation = "";
  let afterSeq = -1;
  for (;;) {
    const { results } = await ctx.d1
      .prepare(
        "SELECT m.conversation_id, m.seq, m.role, m.content, m.created_at FROM messages m JOIN conversations c ON c.id = m.conversation_id " +
          "WHERE c.user_id = ? AND (m.conversation_id > ? OR (m.conversation_id = ? AND m.seq > ?)) ORDER BY m.conversation_id, m.seq LIMIT ?",
      )
      .bind(ctx.userId, afterConversation, afterConversation, afterSeq, ctx.pageSize)
      .all<ChatMessage>();
    if (results.length === 0) return;
    const last = results[results.length - 1]!;
    afterConversation = last.conversation_id;
    afterSeq = last.seq;
    yield results;
    if (results.length < ctx.pageSize) return;
  }
}

/** Uploaded images: the rows and the files themselves. */
const mediaSection: ExportSection = {
  tables: ["media"],
  async write(ctx, out) {
    await writeRows(ctx, out, "data/media.jsonl", "media", mine("uploaded_by_id"), [ctx.userId]);
    for await (const page of pagedRows(ctx, "media", mine("uploaded_by_id"), [ctx.userId])) {
      for (const media of page) {
        const object = ctx.bucket ? await ctx.bucket.get(String(media.storage_key)) : null;
        if (object)
          out.binary(
            `media/${String(media.id)}-${String(media.filename).replace(/[^\w.-]+/g, "_")}`,
            new Uint8Array(await object.arrayBuffer()),
          );
      }
    }
  },
};

export const EXPORT_SECTIONS: ExportSection[] = [
  rowsSection([{ table: "users", where: "id = ?", file: "profile.jsonl" }]),
  rowsSection([
    { table: "user_agreements", where: mine("user_id") },
    { table: "sessions", where: mine("user_id") },
  ]),
  botsSection,
  rowsSection([
    { table: "knowledge", where: mine("created_by_id") },
    { table: "knowledge_collections", where: mine("created_by_id") },
  ]),
  rowsSection([{ table: "personas", where: mine("user_id") }]),
  conversationsSection,
  rowsSection([
    { table: "memories", where: mine("user_id") },
    { table: "memory_insights", where: mine("user_id") },
  ]),
  rowsSection([
    { table: "bot_interactions", where: mine("user_id") },
    { table: "bot_ratings", where: mine("user_id") },
    { table: "follows", where: mine("follower_id") },
    { table: "moderation_reports", where: mine("reporter_id") },
  ]),
  rowsSection([{ table: "api_keys", where: mine("user_id"), file: "data/api_keys_without_secrets.jsonl" }]),
  rowsSection([
    { table: "support_tickets", where: mine("user_id") },
    // Staff-internal notes are not part of the person's data; their own and staff replies are.
    {
      table: "ticket_messages",
      where: "is_internal = 0 AND (author_id = ? OR ticket_id IN (SELECT id FROM support_tickets WHERE user_id = ?))",
      params: (id) => [id, id],
    },
  ]),
  rowsSection([
    { table: "token_ledger", where: mine("user_id") },
    { table: "subscription_payments", where: mine("user_id") },
    { table: "token_gifts", where: "sender_id = ? OR recipient_id = ?", params: (id) => [id, id] },
    { table: "token_purchases", where: mine("user_id") },
    { table: "chat_charges", where: mine("user_id") },
  ]),
  rowsSection([
    { table: "moods", where: mine("user_id") },
    { table: "self_moderation", where: mine("user_id") },
    { table: "usage_analytics", where: mine("user_id") },
  ]),
  rowsSection([
    { table: "creator_profiles", where: mine("user_id") },
    { table: "creator_program_applications", where: mine("user_id") },
    { table: "access_control", where: mine("user_id") },
  ]),
  rowsSection([{ table: "notifications", where: mine("user_id") }]),
  rowsSection([
    { table: "help_votes", where: mine("user_id") },
    { table: "tutorial_progress", where: mine("user_id") },
  ]),
  mediaSection,
];

/**
 * Vectorization, retrieval and memory against real local D1 and the local vector index:
 * embedding state, re-embedding and deletion; what a turn retrieves (bot filter, public
 * collections, world info, memories ranked and touched); summarizing conversations.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, test } from "vitest";
import { createDb } from "#db/client";
import { gatherTurnContext } from "~/lib/chat/turn-context";
import { maybeSummarizeConversation, pruneExpiredMemories, SUMMARIZE_EVERY } from "~/lib/memory/conversation-memory";
import type { Embedder } from "~/lib/retrieval/embedder";
import { markVectorizationPending, vectorizeSource } from "~/lib/retrieval/vectorize-job";
import { createServices, type Services } from "~/lib/services";

const db = createDb(env.DB);
const services = createServices(env);

async function vectorCount(prefix: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM local_vectors WHERE id LIKE ?")
    .bind(`${prefix}%`)
    .first<{ n: number }>();
  return row!.n;
}

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO users (id, email, display_name, role) VALUES ('creator', 'c@example.com', 'Casey', 'creator'), ('other', 'o@example.com', 'Olly', 'creator'), ('chatter', 'u@example.com', 'Sam', 'user')",
    ),
    env.DB.prepare(
      `INSERT INTO bots (id, name, slug, created_by_id, is_public, card_extras) VALUES
       ('bot-a', 'Ada', 'ada', 'creator', 1, '{"character_book":{"scan_depth":2,"token_budget":321}}'),
       ('bot-b', 'Bea', 'bea', 'other', 1, '{}')`,
    ),
    env.DB.prepare(
      `INSERT INTO knowledge_collections (id, name, is_public, created_by_id) VALUES
       ('col-public', 'Shared lore', 1, 'other'), ('col-private', 'Olly private', 0, 'other')`,
    ),
    env.DB.prepare(
      "INSERT INTO bot_collections (bot_id, collection_id) VALUES ('bot-a', 'col-public'), ('bot-a', 'col-private')",
    ),
  ]);
});

async function addKnowledge(
  id: string,
  fields: {
    title: string;
    content: string;
    bot_id?: string | null;
    collection_id?: string | null;
    priority?: string;
    created_by_id?: string;
    content_type?: string;
    world_info?: string;
  },
) {
  await env.DB.prepare(
    "INSERT INTO knowledge (id, title, content, bot_id, collection_id, priority, created_by_id, content_type, world_info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(
      id,
      fields.title,
      fields.content,
      fields.bot_id ?? null,
      fields.collection_id ?? null,
      fields.priority ?? "normal",
      fields.created_by_id ?? "creator",
      fields.content_type ?? "text",
      fields.world_info ?? "{}",
    )
    .run();
  if ((fields.content_type ?? "text") !== "world_info") {
    await markVectorizationPending(db, "knowledge", id, services.vectorIndex.name).execute();
    expect((await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: id })).status).toBe("done");
  }
}

describe("vectorization", () => {
  test("embeds every chunk with metadata, records it, and re-embedding removes stale chunks", async () => {
    const paragraphs = Array.from(
      { length: 6 },
      (_, i) => `Paragraph ${i} about lighthouses. ${"The keeper trims the wick and watches the sea. ".repeat(40)}`,
    );
    await env.DB.prepare(
      "INSERT INTO knowledge (id, title, content, bot_id, created_by_id) VALUES ('k-long', 'Lighthouses', ?, 'bot-a', 'creator')",
    )
      .bind(paragraphs.join("\n\n"))
      .run();
    await markVectorizationPending(db, "knowledge", "k-long", services.vectorIndex.name).execute();
    expect(
      (
        await db
          .selectFrom("vector_records")
          .select("status")
          .where("source_id", "=", "k-long")
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("pending");

    const first = await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: "k-long" });
    expect(first.status).toBe("done");
    expect(first.chunkCount).toBeGreaterThan(1);
    const record = await db
      .selectFrom("vector_records")
      .selectAll()
      .where("source_id", "=", "k-long")
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      status: "done",
      error: null,
      chunk_count: first.chunkCount,
      model: services.embedder.model,
      dimensions: 768,
      vectorize_index: "botcafe-knowledge",
    });
    expect(JSON.parse(record.vector_ids)).toHaveLength(first.chunkCount!);
    expect(await vectorCount("knowledge:k-long:")).toBe(first.chunkCount);
    const entry = await db
      .selectFrom("knowledge")
      .select(["is_vectorized", "embedding_metadata"])
      .where("id", "=", "k-long")
      .executeTakeFirstOrThrow();
    expect(entry.is_vectorized).toBe(1);
    expect(JSON.parse(entry.embedding_metadata)).toMatchObject({
      chunk_count: first.chunkCount,
      model: services.embedder.model,
      dimensions: 768,
    });
    const [stored] = await services.vectorIndex.getByIds(["knowledge:k-long:0"]);
    expect(stored!.metadata).toEqual({
      source_type: "knowledge",
      source_id: "k-long",
      bot_id: "bot-a",
      collection_id: "",
      content_type: "text",
      chunk: 0,
    });

    await db
      .updateTable("knowledge")
      .set({ content: "Now just one short paragraph." })
      .where("id", "=", "k-long")
      .execute();
    expect((await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: "k-long" })).chunkCount).toBe(1);
    expect(await vectorCount("knowledge:k-long:")).toBe(1);
  });

  test("a failing embedder leaves a failed record with the reason; a retry succeeds", async () => {
    await env.DB.prepare(
      "INSERT INTO knowledge (id, title, content, created_by_id) VALUES ('k-fail', 'Fails', 'Some text.', 'creator')",
    ).run();
    const broken: Embedder = {
      model: "broken",
      dimensions: 768,
      maxInputTokens: 512,
      embed: async () => Promise.reject(new Error("embedding service unavailable")),
    };
    const result = await vectorizeSource({
      db,
      services: { ...services, embedder: broken } as Services,
      sourceType: "knowledge",
      sourceId: "k-fail",
    });
    expect(result).toEqual({ status: "failed", error: "embedding service unavailable" });
    const record = await db
      .selectFrom("vector_records")
      .select(["status", "error"])
      .where("source_id", "=", "k-fail")
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ status: "failed", error: "embedding service unavailable" });
    expect((await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: "k-fail" })).status).toBe("done");
    expect(
      (
        await db
          .selectFrom("vector_records")
          .select("status")
          .where("source_id", "=", "k-fail")
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("done");
  });
});

describe("a turn's context", () => {
  beforeAll(async () => {
    await addKnowledge("k-ember", {
      title: "Ember",
      content: "Ember is a red dragon who guards the northern pass and hoards copper bells.",
      bot_id: "bot-a",
      priority: "normal",
    });
    await addKnowledge("k-ember-critical", {
      title: "Ember's rule",
      content: "Never mention the copper bells of the dragon Ember to strangers.",
      bot_id: "bot-a",
      priority: "critical",
    });
    await addKnowledge("k-other-bot", {
      title: "Bea's dragon",
      content: "Ember the dragon in Bea's world is blue and guards copper bells.",
      bot_id: "bot-b",
      created_by_id: "other",
    });
    await addKnowledge("k-public", {
      title: "Shared dragons",
      content: "All dragons of the realm fear copper bells ringing at dawn.",
      collection_id: "col-public",
      created_by_id: "other",
    });
    await addKnowledge("k-private", {
      title: "Olly private",
      content: "The dragon Ember secretly loves copper bells.",
      collection_id: "col-private",
      created_by_id: "other",
    });
    await addKnowledge("wi-pass", {
      title: "Northern pass",
      content: "The northern pass is snowbound in winter.",
      bot_id: "bot-a",
      content_type: "world_info",
      world_info: JSON.stringify({ keys: ["northern pass"], insertion_order: 5, position: "after_char", priority: 40 }),
    });
    await addKnowledge("wi-always", {
      title: "Realm",
      content: "The realm is called Varn.",
      bot_id: "bot-a",
      content_type: "world_info",
      world_info: JSON.stringify({ constant: true, insertion_order: 1 }),
    });
    await addKnowledge("wi-old", {
      title: "Old",
      content: "Old key lore.",
      bot_id: "bot-a",
      content_type: "world_info",
      world_info: JSON.stringify({ keys: ["ancient"] }),
    });
  });

  const turn = (content: string, earlier: string[] = []) =>
    gatherTurnContext({
      db,
      d1: env.DB,
      services,
      userId: "chatter",
      botId: "bot-a",
      conversationId: "none",
      recentMessages: [
        ...earlier.map((c) => ({ role: "user" as const, content: c })),
        { role: "user" as const, content },
      ],
    });

  test("knowledge: the bot's own and its public collections, by priority then score, never other bots' or private collections", async () => {
    const context = await turn("Tell me about the dragon Ember and the copper bells");
    const knowledge = context.entries.filter((e) => e.kind === "knowledge");
    const ids = knowledge.map((e) => e.sourceId);
    expect(ids).toContain("k-ember");
    expect(ids).toContain("k-public");
    expect(ids).not.toContain("k-other-bot");
    expect(ids).not.toContain("k-private");
    expect(ids[0]).toBe("k-ember-critical");
    for (const e of knowledge) {
      expect(e.score).toBeGreaterThan(0.1);
      expect(e.reason).toMatch(/^similarity \d\.\d\d, priority/);
    }
    const normal = knowledge.filter((e) => e.priority === 2);
    expect(normal.map((e) => e.score)).toEqual([...normal.map((e) => e.score)].sort((a, b) => b! - a!));
  });

  test("an unrelated message retrieves no knowledge (score threshold)", async () => {
    const context = await turn("zxqv plonk wibble");
    expect(context.entries.filter((e) => e.kind === "knowledge")).toEqual([]);
  });

  test("world info: constant and keyed entries in insertion order, within the book's scan depth, with the book's budget", async () => {
    const context = await turn("We ride for the Northern Pass", ["something ancient"]);
    const wi = context.entries.filter((e) => e.kind === "world_info");
    expect(wi.map((e) => [e.sourceId, e.reason, e.position])).toEqual([
      ["wi-always", "constant", "before_character"],
      ["wi-pass", 'key "northern pass"', "after_character"],
      ["wi-old", 'key "ancient"', "before_character"],
    ]);
    expect(context.budgets.world_info).toBe(321);
    const deeper = await turn("We ride for the Northern Pass", ["something ancient", "x", "y"]);
    expect(deeper.entries.filter((e) => e.kind === "world_info").map((e) => e.sourceId)).toEqual([
      "wi-always",
      "wi-pass",
    ]);
  });

  test("memories: ranked, expired ones excluded, and recall is counted", async () => {
    await env.DB.prepare("INSERT INTO conversations (id, user_id, bot_id) VALUES ('conv-m', 'chatter', 'bot-a')").run();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO memories (id, user_id, conversation_id, summary, importance) VALUES ('mem-sail', 'chatter', 'conv-m', 'Sam loves sailing small boats on the lake.', 0.9)",
      ),
      env.DB.prepare(
        "INSERT INTO memories (id, user_id, conversation_id, summary, importance, memory_type, expires_at) VALUES ('mem-expired', 'chatter', 'conv-m', 'Sam went sailing once on the lake.', 0.2, 'short_term', ?)",
      ).bind(yesterday),
      env.DB.prepare(
        "INSERT INTO memories (id, user_id, conversation_id, summary, importance) VALUES ('mem-cake', 'chatter', 'conv-m', 'Sam baked a lemon cake.', 0.5)",
      ),
    ]);
    for (const id of ["mem-sail", "mem-expired", "mem-cake"])
      await vectorizeSource({ db, services, sourceType: "memory", sourceId: id });
    const context = await turn("Shall we go sailing on the lake?");
    const memories = context.entries.filter((e) => e.kind === "memory");
    expect(memories[0]?.sourceId).toBe("mem-sail");
    expect(memories.map((m) => m.sourceId)).not.toContain("mem-expired");
    expect(memories[0]!.reason).toMatch(/similarity .* importance 0\.90, rank/);
    const touched = await db
      .selectFrom("memories")
      .select(["access_count", "last_accessed"])
      .where("id", "=", "mem-sail")
      .executeTakeFirstOrThrow();
    expect(touched.access_count).toBe(1);
    expect(touched.last_accessed).not.toBeNull();

    expect(await pruneExpiredMemories({ db, services, userId: "chatter" })).toBe(1);
    expect(
      await db.selectFrom("memories").select("id").where("id", "=", "mem-expired").executeTakeFirst(),
    ).toBeUndefined();
    expect(await vectorCount("memory:mem-expired:")).toBe(0);
    expect(await vectorCount("memory:mem-sail:")).toBe(1);
  });

  test("another person's memories are never retrieved", async () => {
    const context = await gatherTurnContext({
      db,
      d1: env.DB,
      services,
      userId: "other",
      botId: "bot-a",
      conversationId: "x",
      recentMessages: [{ role: "user", content: "sailing on the lake" }],
    });
    expect(context.entries.filter((e) => e.kind === "memory")).toEqual([]);
  });
});

describe("summarizing a conversation", () => {
  test(`waits for ${SUMMARIZE_EVERY} new messages, then makes one embedded memory and moves the bookmark`, async () => {
    await env.DB.prepare("INSERT INTO conversations (id, user_id, bot_id) VALUES ('conv-s', 'chatter', 'bot-a')").run();
    const insertMessages = async (from: number, count: number) => {
      const statements = Array.from({ length: count }, (_, i) => {
        const seq = from + i;
        const role = seq % 2 === 1 ? "user" : "assistant";
        const content =
          role === "user" ? `My favourite colour is green, message ${seq}.` : `Green is lovely, reply ${seq}.`;
        return env.DB.prepare(
          "INSERT INTO messages (id, conversation_id, role, content, sender_type, seq) VALUES (?, 'conv-s', ?, ?, ?, ?)",
        ).bind(`msg-${seq}`, role, content, role === "user" ? "user" : "bot", seq);
      });
      await env.DB.batch(statements);
    };
    await insertMessages(1, SUMMARIZE_EVERY - 1);
    const args = { db, d1: env.DB, services, conversationId: "conv-s", userId: "chatter" };
    expect(await maybeSummarizeConversation(args)).toEqual({ status: "not_enough", newMessages: SUMMARIZE_EVERY - 1 });
    expect(await maybeSummarizeConversation({ ...args, userId: "other" })).toEqual({ status: "not_found" });

    await insertMessages(SUMMARIZE_EVERY, 1);
    const result = await maybeSummarizeConversation(args);
    expect(result.status).toBe("created");
    const memoryId = (result as { memoryId: string }).memoryId;
    const memory = await db.selectFrom("memories").selectAll().where("id", "=", memoryId).executeTakeFirstOrThrow();
    expect(memory.summary).toMatch(/^Sam said: My favourite colour is green, message 1\./);
    expect(memory.summary).toContain("Ada replied: Green is lovely, reply 2.");
    expect(JSON.parse(memory.participants)).toEqual({ bot_id: "bot-a" });
    expect(memory.memory_type).toBe("episodic");
    expect(memory.importance).toBeGreaterThanOrEqual(0.35);
    expect(memory.is_vectorized).toBe(1);
    expect(
      (
        await db
          .selectFrom("conversations")
          .select("summarized_through_seq")
          .where("id", "=", "conv-s")
          .executeTakeFirstOrThrow()
      ).summarized_through_seq,
    ).toBe(SUMMARIZE_EVERY);
    expect(await maybeSummarizeConversation(args)).toEqual({ status: "not_enough", newMessages: 0 });

    await insertMessages(SUMMARIZE_EVERY + 1, 2);
    expect((await maybeSummarizeConversation({ ...args, force: true })).status).toBe("created");
  });
});

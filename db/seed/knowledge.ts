/**
 * Demo knowledge: a few entries and a lorebook for Casey's first bot, and a public
 * collection from another creator that the bot draws on. Entries are embedded here with
 * the local embedder (vectors written straight into local_vectors), so retrieval works
 * right after `npm run db:setup`, with no background job to wait for.
 */
import { HashingEmbedder, LOCAL_EMBEDDING_MODEL } from "../../app/lib/retrieval/hashing-embedder.ts";
import { insert } from "./sql.ts";

const INDEX = "botcafe-knowledge";
const BOT = "seed-bot-000";
const embedder = new HashingEmbedder(768);

function vectorHex(text: string): string {
  const bytes = new Uint8Array(Float32Array.from(embedder.embedOne(text)).buffer);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A short single-paragraph entry is one chunk: the same text the vectorize job would embed. */
function embeddedEntry(row: {
  id: string;
  title: string;
  content: string;
  bot_id: string | null;
  collection_id: string | null;
  priority: string;
  created_by_id: string;
}): string[] {
  const vectorId = `knowledge:${row.id}:0`;
  const metadata = {
    source_type: "knowledge",
    source_id: row.id,
    bot_id: row.bot_id ?? "",
    collection_id: row.collection_id ?? "",
    content_type: "text",
  };
  const embedding = { chunk_count: 1, model: LOCAL_EMBEDDING_MODEL, dimensions: 768, index: INDEX };
  return [
    insert("knowledge", {
      ...row,
      content_type: "text",
      is_vectorized: 1,
      embedding_metadata: JSON.stringify(embedding),
    }),
    `INSERT OR IGNORE INTO local_vectors (index_name, id, vector, metadata) VALUES ('${INDEX}', '${vectorId}', X'${vectorHex(`${row.title}\n\n${row.content}`)}', '${JSON.stringify({ ...metadata, chunk: 0 })}');`,
    insert("vector_records", {
      id: `seed-vr-${row.id}`,
      source_type: "knowledge",
      source_id: row.id,
      vectorize_index: INDEX,
      vector_ids: JSON.stringify([vectorId]),
      chunk_count: 1,
      model: LOCAL_EMBEDDING_MODEL,
      dimensions: 768,
      metadata: JSON.stringify(metadata),
      status: "done",
    }),
  ];
}

export function knowledgeSeed(): string[] {
  const out: string[] = [];
  out.push(
    insert("knowledge_collections", {
      id: "seed-collection-sea",
      name: "Sea lore",
      description: "Shared facts about the sea, free for any bot.",
      is_public: 1,
      created_by_id: "seed-creator-1",
    }),
  );
  out.push(
    insert("knowledge_collections", {
      id: "seed-collection-casey",
      name: "Casey's notes",
      description: "Background for Casey's first bot.",
      bot_id: BOT,
      is_public: 0,
      created_by_id: "demo-creator",
    }),
  );
  out.push(insert("bot_collections", { bot_id: BOT, collection_id: "seed-collection-sea" }));

  out.push(
    ...embeddedEntry({
      id: "seed-knowledge-1",
      title: "Favourite tea",
      content: "The favourite tea is smoked lapsang souchong, brewed for exactly three minutes.",
      bot_id: BOT,
      collection_id: "seed-collection-casey",
      priority: "high",
      created_by_id: "demo-creator",
    }),
  );
  out.push(
    ...embeddedEntry({
      id: "seed-knowledge-2",
      title: "Hometown",
      content: "Grew up in Port Ellery, a fishing town with a red lighthouse and a Sunday market.",
      bot_id: BOT,
      collection_id: "seed-collection-casey",
      priority: "normal",
      created_by_id: "demo-creator",
    }),
  );
  out.push(
    ...embeddedEntry({
      id: "seed-knowledge-3",
      title: "Tides",
      content: "Spring tides come with the full and new moon; neap tides come between them.",
      bot_id: null,
      collection_id: "seed-collection-sea",
      priority: "normal",
      created_by_id: "seed-creator-1",
    }),
  );

  const worldInfo = (id: string, title: string, content: string, settings: Record<string, unknown>) =>
    insert("knowledge", {
      id,
      title,
      content,
      content_type: "world_info",
      bot_id: BOT,
      priority: "normal",
      created_by_id: "demo-creator",
      world_info: JSON.stringify({
        enabled: true,
        secondary_keys: [],
        selective: false,
        constant: false,
        insertion_order: 100,
        position: "before_char",
        case_sensitive: false,
        match_whole_words: false,
        use_regex: false,
        scan_depth: null,
        priority: 10,
        comment: "",
        extensions: {},
        ...settings,
      }),
    });
  out.push(
    worldInfo(
      "seed-wi-lighthouse",
      "The red lighthouse",
      "The red lighthouse of Port Ellery has been dark since the storm of 1998.",
      { keys: ["lighthouse"], insertion_order: 10 },
    ),
  );
  out.push(
    worldInfo("seed-wi-market", "Sunday market", "The Sunday market sells smoked fish and hand-knitted jumpers.", {
      keys: ["market"],
      secondary_keys: ["sunday", "weekend"],
      selective: true,
      insertion_order: 20,
      position: "after_char",
    }),
  );
  return out;
}

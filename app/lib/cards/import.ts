/**
 * Creating a bot from a parsed card: the avatar (the card PNG without its card chunks),
 * then the bot and all its world-info entries in ONE batch, so a failure creates nothing.
 */
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { slugify, uniqueSlug } from "~/lib/bots/slug";
import { newId } from "~/lib/ids";
import { readImageInfo } from "~/lib/media/image-info";
import { deleteMedia, MAX_IMAGE_SIDE, storeImageBytes } from "~/lib/media/upload";
import { IMPORT_REPORT_KEY } from "./export";
import { CardError, type ParsedCard } from "./parse";
import { readPngChunks, writePng } from "./png";

/** Knowledge rows per INSERT: 7 bound values each, under D1's 100-parameter limit. */
const ROWS_PER_INSERT = 12;

interface ImportDeps {
  db: DB;
  d1: D1Database;
  bucket: R2Bucket;
}

/** The PNG minus its card text chunks (the avatar should not carry an old card). */
function avatarBytes(png: Uint8Array): Uint8Array {
  const chunks = readPngChunks(png).filter((chunk) => {
    if (chunk.type !== "tEXt") return true;
    const nul = chunk.data.indexOf(0);
    const keyword = String.fromCharCode(...chunk.data.subarray(0, Math.max(0, nul))).toLowerCase();
    return keyword !== "chara" && keyword !== "ccv3";
  });
  return writePng(chunks);
}

export async function importCard(
  deps: ImportDeps,
  card: ParsedCard & { png: Uint8Array | null },
  userId: string,
): Promise<{ botId: string; slug: string }> {
  const { db, d1, bucket } = deps;
  let avatarId: string | null = null;
  if (card.png) {
    const info = readImageInfo(card.png);
    if (!info) throw new CardError("The card PNG's image header cannot be read.");
    if (info.width > MAX_IMAGE_SIDE || info.height > MAX_IMAGE_SIDE)
      throw new CardError(
        `The card image is ${info.width}×${info.height} pixels; the limit is ${MAX_IMAGE_SIDE}×${MAX_IMAGE_SIDE}.`,
      );
    const stored = await storeImageBytes({ db, bucket }, avatarBytes(card.png), {
      uploadedBy: userId,
      alt: card.bot.name.slice(0, 200),
      filename: "card.png",
    });
    if (!stored.ok) throw new CardError(stored.error);
    avatarId = stored.media.id;
  }
  try {
    const botId = newId();
    const slug = await uniqueSlug(db, slugify(card.bot.name));
    const extras = { ...card.extras, [IMPORT_REPORT_KEY]: card.report };
    const { tags, alternate_greetings, ...text } = card.bot;
    const insertBot = db.insertInto("bots").values({
      id: botId,
      slug,
      ...text,
      tags: JSON.stringify(tags),
      alternate_greetings: JSON.stringify(alternate_greetings),
      card_extras: JSON.stringify(extras),
      avatar_id: avatarId,
      is_public: 0,
      is_nsfw: 0,
      created_by_id: userId,
    });
    // Ids share a prefix and end in the entry's position, so ORDER BY id is card order.
    const prefix = newId();
    const rows = card.worldInfo.map((entry, i) => ({
      id: `${prefix}-${String(i).padStart(4, "0")}`,
      title: entry.title,
      content: entry.content,
      content_type: "world_info" as const,
      bot_id: botId,
      created_by_id: userId,
      world_info: JSON.stringify(entry.settings),
    }));
    const inserts = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
      inserts.push(db.insertInto("knowledge").values(rows.slice(i, i + ROWS_PER_INSERT)));
    await batch(d1, [insertBot, ...inserts]);
    return { botId, slug };
  } catch (error) {
    if (avatarId) await deleteMedia({ db, bucket }, avatarId);
    throw error;
  }
}

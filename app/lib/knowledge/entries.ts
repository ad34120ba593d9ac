/**
 * Writing knowledge entries: every write that changes what is embedded marks the entry's
 * vector record pending in the same D1 batch, then embeds after the response (waitUntil).
 * World info entries are activated by keywords, not similarity, so they hold no vectors.
 */
import type { ContentType, DB, Priority } from "#db/schema";
import { batch } from "#db/batch";
import { usageAnalyticsIncrement } from "~/lib/analytics/usage";
import type { FieldErrors } from "../forms";
import { newId } from "../ids";
import type { Services } from "../services";
import {
  markVectorizationPending,
  recordedVectorIds,
  removeVectors,
  vectorizeSource,
} from "../retrieval/vectorize-job";
import type { WorldInfoSettings } from "../world-info/types";

export interface EntryValues {
  title: string;
  content: string;
  content_type: ContentType;
  source_url: string | null;
  priority: Priority;
  collection_id: string | null;
  bot_id: string | null;
  world_info: WorldInfoSettings | Record<string, never>;
}

interface WriteContext {
  db: DB;
  d1: D1Database;
  services: Services;
  waitUntil(promise: Promise<unknown>): void;
}

/** A bot or collection picked in the form must be the person's own (`whose` words the error
 * for someone choosing on the owner's behalf: "the owner's"). */
export async function checkOwnedChoices(
  db: DB,
  d1: D1Database,
  userId: string,
  choice: { bot_id: string | null; collection_id: string | null },
  whose = "your",
): Promise<FieldErrors> {
  const [bots, collections] = await batch(d1, [
    db
      .selectFrom("bots")
      .select("id")
      .where("id", "=", choice.bot_id ?? "")
      .where("created_by_id", "=", userId),
    db
      .selectFrom("knowledge_collections")
      .select("id")
      .where("id", "=", choice.collection_id ?? "")
      .where("created_by_id", "=", userId),
  ]);
  const errors: FieldErrors = {};
  if (choice.bot_id && bots.length === 0) errors.bot_id = [`Pick one of ${whose} bots.`];
  if (choice.collection_id && collections.length === 0) errors.collection_id = [`Pick one of ${whose} collections.`];
  return errors;
}

/** Who may file an existing entry (or collection) under another bot or collection: its owner,
 * and whoever holds admin on it (site admins, admin grantees). An edit grant changes the text,
 * never where it lives — otherwise a grantee could move the owner's knowledge onto their own
 * bot and keep it there after the grant is revoked. */
export function mayMovePlacement(
  viewerId: string,
  ownerId: string,
  access: "none" | "view" | "edit" | "admin",
): boolean {
  return viewerId === ownerId || access === "admin";
}

export const PLACEMENT_LOCKED = {
  bot_id: "Only the owner (or someone with admin access) can move this to another bot.",
  collection_id: "Only the owner (or someone with admin access) can move this to another collection.",
} as const;

/**
 * Checks a new bot/collection for an existing entry. Unchanged choices are always fine
 * (even an old, foreign one). A change needs `mayMove`, and the target must belong to the
 * entry's *owner* — whoever makes the change — so content never leaves its owner's reach.
 */
export async function checkEntryPlacement(
  db: DB,
  d1: D1Database,
  entry: { created_by_id: string; bot_id: string | null; collection_id: string | null },
  choice: { bot_id: string | null; collection_id: string | null },
  viewer: { id: string; mayMove: boolean },
): Promise<FieldErrors> {
  const changed = {
    bot_id: choice.bot_id !== entry.bot_id,
    collection_id: choice.collection_id !== entry.collection_id,
  };
  if (!viewer.mayMove) {
    const errors: FieldErrors = {};
    if (changed.bot_id) errors.bot_id = [PLACEMENT_LOCKED.bot_id];
    if (changed.collection_id) errors.collection_id = [PLACEMENT_LOCKED.collection_id];
    return errors;
  }
  return checkOwnedChoices(
    db,
    d1,
    entry.created_by_id,
    {
      bot_id: changed.bot_id ? choice.bot_id : null,
      collection_id: changed.collection_id ? choice.collection_id : null,
    },
    viewer.id === entry.created_by_id ? "your" : "the owner's",
  );
}

function scheduleEmbedding(ctx: WriteContext, entryId: string, contentType: ContentType) {
  if (contentType !== "world_info")
    ctx.waitUntil(vectorizeSource({ db: ctx.db, services: ctx.services, sourceType: "knowledge", sourceId: entryId }));
}

export async function createEntry(ctx: WriteContext, userId: string, values: EntryValues): Promise<string> {
  const id = newId();
  const insert = ctx.db
    .insertInto("knowledge")
    .values({ id, ...values, world_info: JSON.stringify(values.world_info), created_by_id: userId });
  const counted = usageAnalyticsIncrement(ctx.db, { userId, now: new Date(), knowledgeAdded: 1 });
  if (values.content_type === "world_info") await batch(ctx.d1, [insert, counted]);
  else
    await batch(ctx.d1, [
      insert,
      markVectorizationPending(ctx.db, "knowledge", id, ctx.services.vectorIndex.name),
      counted,
    ]);
  scheduleEmbedding(ctx, id, values.content_type);
  return id;
}

export async function updateEntry(ctx: WriteContext, entryId: string, values: EntryValues): Promise<void> {
  const update = ctx.db
    .updateTable("knowledge")
    .set({
      ...values,
      world_info: JSON.stringify(values.world_info),
      is_vectorized: 0,
      updated_at: new Date().toISOString(),
    })
    .where("id", "=", entryId);
  if (values.content_type === "world_info") {
    // Became (or stayed) world info: it no longer belongs in the similarity index.
    const vectorIds = await recordedVectorIds(ctx.db, "knowledge", [entryId]);
    await update.execute();
    ctx.waitUntil(
      removeVectors({ db: ctx.db, services: ctx.services, sourceType: "knowledge", sourceIds: [entryId], vectorIds }),
    );
    return;
  }
  await batch(ctx.d1, [update, markVectorizationPending(ctx.db, "knowledge", entryId, ctx.services.vectorIndex.name)]);
  scheduleEmbedding(ctx, entryId, values.content_type);
}

/** Mark pending and embed again (the "Retry" button after a failed run). */
export async function retryEmbedding(ctx: WriteContext, entryId: string): Promise<void> {
  await markVectorizationPending(ctx.db, "knowledge", entryId, ctx.services.vectorIndex.name).execute();
  scheduleEmbedding(ctx, entryId, "text");
}

export async function deleteEntry(ctx: WriteContext, entryId: string): Promise<void> {
  const vectorIds = await recordedVectorIds(ctx.db, "knowledge", [entryId]);
  await ctx.db.deleteFrom("knowledge").where("id", "=", entryId).execute();
  ctx.waitUntil(
    removeVectors({ db: ctx.db, services: ctx.services, sourceType: "knowledge", sourceIds: [entryId], vectorIds }),
  );
}

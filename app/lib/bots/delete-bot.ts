/**
 * Deleting a bot. The database cascades to its interactions, ratings, reports, knowledge
 * and chats; what lives outside D1's foreign keys is removed here: the knowledge vectors in
 * the vector index (with their tracking rows) and the avatar in R2.
 */
import type { DB } from "#db/schema";
import { deleteMedia } from "../media/upload";
import { recordedVectorIds, removeVectors } from "../retrieval/vectorize-job";
import type { Services } from "../services";

interface DeleteDeps {
  db: DB;
  bucket: R2Bucket;
  services: Services;
  waitUntil(promise: Promise<unknown>): void;
}

export async function deleteBot(
  { db, bucket, services, waitUntil }: DeleteDeps,
  bot: { id: string; avatar_id: string | null },
): Promise<void> {
  // Read what the cascade will take before it takes it.
  const knowledgeIds = (await db.selectFrom("knowledge").select("id").where("bot_id", "=", bot.id).execute()).map(
    (row) => row.id,
  );
  const vectorIds = await recordedVectorIds(db, "knowledge", knowledgeIds);
  await db.deleteFrom("bots").where("id", "=", bot.id).execute();
  if (bot.avatar_id) await deleteMedia({ db, bucket }, bot.avatar_id);
  if (knowledgeIds.length > 0)
    waitUntil(removeVectors({ db, services, sourceType: "knowledge", sourceIds: knowledgeIds, vectorIds }));
}

/**
 * Deleting an account (docs/decisions/0016). One D1 batch: accounting rows (token ledger,
 * payments) move to the anonymous `deleted-account` owner, the person's uploaded media rows
 * go, and the users row goes — every other table of theirs cascades from it, sessions
 * included, so every cookie stops working in the same write. Then, outside D1: the R2
 * objects and the vectors of their knowledge and memories (read before the cascade).
 *
 * Their bots are deleted, public ones too (with the chats other people had with them):
 * a bot is its creator's work and we do not hand it to someone else without consent.
 * Staff accounts are not deleted here: the audit log must keep naming who acted. Audit
 * rows about the person (role changes, suspensions) stay, with their target pseudonymised.
 */
import { sql } from "kysely";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { newId } from "../ids";
import { recordedVectorIds, removeVectors } from "../retrieval/vectorize-job";
import type { Services } from "../services";

export const DELETED_ACCOUNT_ID = "deleted-account";

export interface DeleteAccountDeps {
  d1: D1Database;
  db: DB;
  bucket: R2Bucket;
  services: Services;
}

export class StaffAccountError extends Error {}

async function ids(query: Promise<{ id: string }[]>): Promise<string[]> {
  return (await query).map((row) => row.id);
}

export async function deleteAccount({ d1, db, bucket, services }: DeleteAccountDeps, userId: string): Promise<void> {
  const user = await db.selectFrom("users").select(["id", "role"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return;
  if (user.role === "admin" || user.role === "support")
    throw new StaffAccountError("Staff accounts are closed by an admin, not deleted from the account page.");
  if (userId === DELETED_ACCOUNT_ID) return;

  // Read what the cascade will take before it takes it.
  const [knowledgeIds, memoryIds, media] = await Promise.all([
    ids(
      db
        .selectFrom("knowledge")
        .select("id")
        .where((eb) =>
          eb.or([
            eb("created_by_id", "=", userId),
            eb("bot_id", "in", eb.selectFrom("bots").select("id").where("created_by_id", "=", userId)),
          ]),
        )
        .execute(),
    ),
    ids(db.selectFrom("memories").select("id").where("user_id", "=", userId).execute()),
    db.selectFrom("media").select(["id", "storage_key"]).where("uploaded_by_id", "=", userId).execute(),
  ]);
  const [knowledgeVectors, memoryVectors] = await Promise.all([
    recordedVectorIds(db, "knowledge", knowledgeIds),
    recordedVectorIds(db, "memory", memoryIds),
  ]);

  // Ledger ids and references can embed the user id (`allowance:<user>:<month>`, the monthly
  // job's `allow-<run>:<user>` row ids). Rewriting the id to a pseudonym of this deletion keeps
  // each (reason, reference) unique — and so every webhook or allowance still applied once —
  // while no column names the person any more.
  const pseudonym = `${DELETED_ACCOUNT_ID}-${newId()}`;
  await batch(d1, [
    db
      .updateTable("token_ledger")
      .set({
        user_id: DELETED_ACCOUNT_ID,
        id: sql<string>`replace(id, ${userId}, ${pseudonym})`,
        reference_id: sql<string | null>`replace(reference_id, ${userId}, ${pseudonym})`,
      })
      .where("user_id", "=", userId),
    db.updateTable("subscription_payments").set({ user_id: DELETED_ACCOUNT_ID }).where("user_id", "=", userId),
    // Staff actions on the person keep their record, naming the pseudonym instead (the one
    // update the append-only log allows: migrations/0020).
    db
      .updateTable("staff_audit_log")
      .set({ target_id: pseudonym })
      .where("target_type", "=", "user")
      .where("target_id", "=", userId),
    db.deleteFrom("media").where("uploaded_by_id", "=", userId),
    db.deleteFrom("users").where("id", "=", userId),
  ]);

  for (let i = 0; i < media.length; i += 500) await bucket.delete(media.slice(i, i + 500).map((m) => m.storage_key));
  await removeVectors({ db, services, sourceType: "knowledge", sourceIds: knowledgeIds, vectorIds: knowledgeVectors });
  await removeVectors({ db, services, sourceType: "memory", sourceIds: memoryIds, vectorIds: memoryVectors });
}

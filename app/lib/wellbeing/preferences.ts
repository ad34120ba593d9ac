/** Small writes to a user's self_moderation row that other settings share (one row per
 * user, created on first write). */
import type { DB } from "#db/schema";
import { newId } from "~/lib/ids";

export function saveCrisisRegion(db: DB, userId: string, region: string | null, now: Date) {
  return db
    .insertInto("self_moderation")
    .values({ id: newId(), user_id: userId, crisis_region: region })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ crisis_region: region, updated_at: now.toISOString() }));
}

/** The time zone a staff member reads times in: the one they set for their wellbeing clock
 * (self_moderation.time_zone), else UTC. A query for a batch; no row means UTC. */
import type { DB } from "#db/schema";

export function readerTimeZone(db: DB, userId: string) {
  return db.selectFrom("self_moderation").select("time_zone").where("user_id", "=", userId).limit(1);
}

/**
 * Following creators. The follows table is the truth; follower_count / following_count
 * are recounted from it in the same D1 batch (one implicit transaction) as the change,
 * so repeated or concurrent follows and unfollows always leave the counts exact.
 */
import { sql } from "kysely";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";

export type FollowChange = "follow" | "unfollow";

/** Set (not toggle) the follow, so a double-submitted form does the same thing twice. */
export async function setFollow(
  d1: D1Database,
  db: DB,
  { followerId, creatorId }: { followerId: string; creatorId: string },
  change: FollowChange,
) {
  const write =
    change === "follow"
      ? db
          .insertInto("follows")
          .values({ follower_id: followerId, creator_id: creatorId })
          .onConflict((oc) => oc.doNothing())
      : db.deleteFrom("follows").where("follower_id", "=", followerId).where("creator_id", "=", creatorId);
  await batch(d1, [
    write,
    db
      .updateTable("creator_profiles")
      .set({ follower_count: sql<number>`(SELECT COUNT(*) FROM follows WHERE creator_id = ${creatorId})` })
      .where("id", "=", creatorId),
    // The follower's own profile, if they have one.
    db
      .updateTable("creator_profiles")
      .set({ following_count: sql<number>`(SELECT COUNT(*) FROM follows WHERE follower_id = ${followerId})` })
      .where("user_id", "=", followerId),
  ]);
}

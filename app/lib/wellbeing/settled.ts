/**
 * After each reply is saved (the contract's REPLY_SETTLED_HOOKS): one activity point for
 * usage minutes, and the day's analytics (a message answered, its tokens, the seconds of
 * use) — all in one D1 batch. Idempotent per messageId: the analytics upsert only applies
 * while the reply has no mark, and the activity point adds nothing the second time (the
 * gap is zero). A regenerate settles the same messageId, so it is not counted again.
 */
import { batch } from "#db/batch";
import { settledReplyMark, usageAnalyticsIncrementOnce } from "~/lib/analytics/usage";
import { creditedSeconds, recordActivity } from "./limits/state";
import type { WellbeingSettledReply } from "./turn-types";

export const wellbeingSettledHook = {
  name: "wellbeing-usage-and-analytics",
  async onSettled(reply: WellbeingSettledReply): Promise<void> {
    const row = await reply.db.selectFrom("self_moderation").select(["time_zone", "last_activity_at"]).where("user_id", "=", reply.userId).executeTakeFirst();
    const timeZone = row?.time_zone ?? "UTC";
    const seconds = creditedSeconds(row?.last_activity_at ?? null, reply.now);
    await batch(reply.d1, [
      recordActivity(reply.db, { userId: reply.userId, timeZone }, reply.now),
      usageAnalyticsIncrementOnce(reply.db, reply.messageId, {
        userId: reply.userId,
        now: reply.now,
        messagesSent: reply.status === "error" ? 0 : 1,
        tokensUsed: reply.promptTokens + reply.completionTokens,
        sessionSeconds: seconds,
      }),
      settledReplyMark(reply.db, reply.messageId, reply.now),
    ] as const);
  },
};

/**
 * After each reply is saved (the contract's REPLY_SETTLED_HOOKS): one activity point for
 * usage minutes, and the day's analytics (a message sent, the tokens, the seconds of use)
 * — all in one D1 batch. Idempotent per generation (`replyKey`): the analytics upsert only
 * applies while that key has no mark, and the activity point adds nothing the second time
 * (the gap is zero). Regenerate/continue count their tokens but not a new message sent.
 */
import { batch } from "#db/batch";
import { settledReplyMark, usageAnalyticsIncrementOnce } from "~/lib/analytics/usage";
import { withNightInForce } from "./limits/night";
import { creditedSeconds, recordActivity } from "./limits/state";
import type { WellbeingSettledReply } from "./turn-types";

export const wellbeingSettledHook = {
  name: "wellbeing-usage-and-analytics",
  async onSettled(reply: WellbeingSettledReply): Promise<void> {
    const stored = await reply.db
      .selectFrom("self_moderation")
      .select([
        "time_zone",
        "last_activity_at",
        "usage_day_ends_at",
        "usage_week_ends_at",
        "night_mode_enabled",
        "night_mode_start",
        "night_mode_end",
        "night_mode_stop",
        "pending_night_mode",
        "pending_night_mode_at",
      ])
      .where("user_id", "=", reply.userId)
      .executeTakeFirst();
    // The zone in force (a waiting zone change applies once its cool-down has passed).
    const row = stored ? withNightInForce(stored, reply.now) : undefined;
    const seconds = creditedSeconds(row?.last_activity_at ?? null, reply.now);
    await batch(reply.d1, [
      recordActivity(
        reply.db,
        {
          userId: reply.userId,
          timeZone: row?.time_zone ?? "UTC",
          dayEndsAt: row?.usage_day_ends_at,
          weekEndsAt: row?.usage_week_ends_at,
        },
        reply.now,
      ),
      usageAnalyticsIncrementOnce(reply.db, reply.replyKey, {
        userId: reply.userId,
        now: reply.now,
        messagesSent: reply.intent === "send" || reply.intent === "edit" ? 1 : 0,
        tokensUsed: reply.promptTokens + reply.completionTokens,
        sessionSeconds: seconds,
      }),
      settledReplyMark(reply.db, reply.replyKey, reply.now),
    ] as const);
  },
};

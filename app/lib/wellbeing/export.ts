/** The wellbeing part of a person's account export: every mood check-in and their
 * self-moderation settings, as plain JSON-ready rows (the account area puts them in the
 * archive). Referral counts are not personal data and are not included. */
import type { DB } from "#db/schema";

export function wellbeingExportQueries(db: DB, userId: string) {
  return [
    db
      .selectFrom("moods")
      .select(["mood", "intensity", "note", "triggers", "created_at"])
      .where("user_id", "=", userId)
      .orderBy("created_at"),
    db
      .selectFrom("self_moderation")
      .select([
        "daily_limit",
        "weekly_limit",
        "break_reminder_interval",
        "night_mode_enabled",
        "night_mode_start",
        "night_mode_end",
        "night_mode_stop",
        "intervention_triggers",
        "time_zone",
        "crisis_region",
        "current_daily_usage",
        "current_weekly_usage",
      ])
      .where("user_id", "=", userId),
  ] as const;
}

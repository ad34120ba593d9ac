-- Wellbeing and analytics (issue 11): where crisis listings come from, anonymous referral
-- counts, the state limits need to hold, and one-row-per-thing analytics rollups.

-- Each listing says where it was published and when a person last checked it.
ALTER TABLE crisis_support ADD COLUMN source_url TEXT;
ALTER TABLE crisis_support ADD COLUMN last_checked TEXT CHECK (last_checked IS NULL OR last_checked GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE crisis_support ADD COLUMN sort_order INTEGER NOT NULL DEFAULT 100;
CREATE INDEX crisis_support_type ON crisis_support(is_active, type, region);

-- Crisis referrals, counted for the yearly report (SB 243): month, region and language
-- only — never the message, never who sent it.
CREATE TABLE crisis_referrals (
  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  region TEXT NOT NULL,
  language TEXT NOT NULL,
  referrals INTEGER NOT NULL DEFAULT 0 CHECK (referrals >= 0),
  PRIMARY KEY (month, region, language)
);

-- Self-moderation state. Usage is measured in seconds (minutes are what people see);
-- usage_day / usage_week name the user's local day and week the counters belong to, so
-- a read after midnight sees zero even before the scheduled reset runs.
ALTER TABLE self_moderation ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE self_moderation ADD COLUMN crisis_region TEXT;
ALTER TABLE self_moderation ADD COLUMN night_mode_stop INTEGER NOT NULL DEFAULT 0 CHECK (night_mode_stop IN (0, 1));
-- A raised (or removed) limit waits for a cool-down; 0 here means "no limit".
ALTER TABLE self_moderation ADD COLUMN pending_daily_limit INTEGER CHECK (pending_daily_limit IS NULL OR pending_daily_limit >= 0);
ALTER TABLE self_moderation ADD COLUMN pending_weekly_limit INTEGER CHECK (pending_weekly_limit IS NULL OR pending_weekly_limit >= 0);
ALTER TABLE self_moderation ADD COLUMN pending_effective_at TEXT;
ALTER TABLE self_moderation ADD COLUMN usage_day TEXT;
ALTER TABLE self_moderation ADD COLUMN usage_week TEXT;
ALTER TABLE self_moderation ADD COLUMN daily_usage_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE self_moderation ADD COLUMN weekly_usage_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE self_moderation ADD COLUMN last_activity_at TEXT;
-- Seconds of use since the last break reminder, and since the last AI disclosure.
ALTER TABLE self_moderation ADD COLUMN break_usage_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE self_moderation ADD COLUMN disclosure_usage_seconds INTEGER NOT NULL DEFAULT 0;
CREATE INDEX self_moderation_usage_day ON self_moderation(usage_day);

-- Derived analytics are one row per conversation / persona, rewritten by the scheduled
-- job (idempotent upserts need the unique index).
ALTER TABLE memory_insights ADD COLUMN computed_at TEXT;
CREATE UNIQUE INDEX memory_insights_one_per_conversation ON memory_insights(conversation_id);
ALTER TABLE persona_analytics ADD COLUMN computed_at TEXT;
CREATE UNIQUE INDEX persona_analytics_one_per_persona ON persona_analytics(persona_id);
-- (usage_analytics already has UNIQUE (user_id, date), which also serves /activity.)

-- Replies whose usage was already counted (settled hooks run at least once, maybe twice):
-- the analytics upsert only applies when this row is new. Pruned after 30 days.
CREATE TABLE analytics_settled_replies (
  message_id TEXT PRIMARY KEY,
  settled_at TEXT NOT NULL
);
CREATE INDEX analytics_settled_replies_age ON analytics_settled_replies(settled_at);

-- Usage minutes are summed from seconds, so many short stretches add up exactly;
-- session_duration (minutes) is kept equal to session_seconds / 60.
ALTER TABLE usage_analytics ADD COLUMN session_seconds INTEGER NOT NULL DEFAULT 0;

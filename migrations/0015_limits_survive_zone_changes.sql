-- Limits survive a time-zone change (issue 16, docs/decisions/0024), and gifts name their
-- recipient only as the sender named them (issue 17).

-- The instants the current daily and weekly usage counters end. A counter lasts until
-- the instant it was given when it started, whatever zone is chosen later, so changing
-- the zone never resets usage. NULL on rows written before this migration: they are read
-- by their local date until their next activity point.
ALTER TABLE self_moderation ADD COLUMN usage_day_ends_at TEXT;
ALTER TABLE self_moderation ADD COLUMN usage_week_ends_at TEXT;
-- A night-mode change that would stop "stop me" from refusing (turning it off, turning
-- night mode off, moving its hours or the zone it is read in) waits like a raised limit:
-- the requested settings as JSON {enabled, start, end, stop, timeZone}, and when they apply.
ALTER TABLE self_moderation ADD COLUMN pending_night_mode TEXT CHECK (pending_night_mode IS NULL OR json_valid(pending_night_mode));
ALTER TABLE self_moderation ADD COLUMN pending_night_mode_at TEXT;
-- 1 once the person has chosen a zone on /wellbeing/limits; until then the page suggests
-- the zone of their connection. Rows with a zone other than the default chose one.
ALTER TABLE self_moderation ADD COLUMN time_zone_chosen INTEGER NOT NULL DEFAULT 0 CHECK (time_zone_chosen IN (0, 1));
UPDATE self_moderation SET time_zone_chosen = 1 WHERE time_zone <> 'UTC';

-- How the sender named the recipient ("@casey" or the email they typed), for their Sent
-- list: showing the account's display name would tell them who owns an email.
ALTER TABLE token_gifts ADD COLUMN recipient_label TEXT;

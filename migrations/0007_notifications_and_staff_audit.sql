-- Shared by the staff, billing, account and wellbeing areas: an in-app inbox and the
-- append-only log of staff actions. Laid down before those areas so each writes the same
-- rows the same way (app/lib/notifications, app/lib/staff/audit).

-- One row per thing a person should learn about: a staff reply on their ticket, the outcome
-- of a report, a decision on an application, a grant shared with them, a gift received.
-- `link` is a same-site path; `read_at` NULL means unread (the header counts those).
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('ticket_reply', 'report_outcome', 'application_decision', 'access_granted', 'gift_received', 'billing', 'system')),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT,
  read_at TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX notifications_user ON notifications(user_id, created_at DESC);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);

-- Every staff action: who did it, what, to which row, the row's fields before and after.
-- Written in the same D1 batch as the change itself; never updated or deleted (triggers
-- refuse both, so not even a bug in the app can rewrite history).
CREATE TABLE staff_audit_log (
  id TEXT PRIMARY KEY,
  actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(before_json)),
  after_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(after_json)),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX staff_audit_log_created ON staff_audit_log(created_at DESC);
CREATE INDEX staff_audit_log_target ON staff_audit_log(target_type, target_id, created_at DESC);
CREATE INDEX staff_audit_log_actor ON staff_audit_log(actor_id, created_at DESC);

CREATE TRIGGER staff_audit_log_no_update BEFORE UPDATE ON staff_audit_log BEGIN
  SELECT RAISE(ABORT, 'the staff audit log is append-only');
END;
CREATE TRIGGER staff_audit_log_no_delete BEFORE DELETE ON staff_audit_log BEGIN
  SELECT RAISE(ABORT, 'the staff audit log is append-only');
END;

-- The age check (taken with the terms at sign-up): only its outcome is kept, never the
-- date of birth. NULL means not asked yet. Minors never see NSFW bots and get break
-- reminders and the AI disclosure on every conversation (wellbeing rules).
ALTER TABLE users ADD COLUMN age_group TEXT CHECK (age_group IS NULL OR age_group IN ('adult', 'minor'));
ALTER TABLE users ADD COLUMN age_checked_at TEXT;

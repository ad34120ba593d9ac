-- The support desk and the staff console (issue 9): what tickets, reports, applications
-- and suspensions need beyond the tables of migration 0001 and 0007.

-- ── Tickets ──
-- `revision` changes on every change to a ticket (a reply, a note, a field): a staff form
-- carries the revision it was loaded at, and a post whose revision is stale is refused
-- (the collision check). `awaiting_staff_since` is when the user's oldest unanswered
-- message arrived (NULL once staff reply publicly): the queue shows it as "waiting", and
-- /staff counts tickets waiting longer than 24 h with an index range.
-- `context_*`: the attached conversation, copied and redacted when the ticket is opened,
-- so staff never see the raw text (API keys, emails, card and phone numbers).
ALTER TABLE support_tickets ADD COLUMN revision TEXT NOT NULL DEFAULT '';
ALTER TABLE support_tickets ADD COLUMN awaiting_staff_since TEXT;
ALTER TABLE support_tickets ADD COLUMN last_message_at TEXT;
ALTER TABLE support_tickets ADD COLUMN context_conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL;
ALTER TABLE support_tickets ADD COLUMN context_messages TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(context_messages));
ALTER TABLE support_tickets ADD COLUMN context_redactions TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(context_redactions));
CREATE INDEX support_tickets_waiting ON support_tickets(awaiting_staff_since) WHERE awaiting_staff_since IS NOT NULL;
CREATE INDEX support_tickets_category ON support_tickets(category, status, created_at);
CREATE INDEX support_tickets_user_activity ON support_tickets(user_id, last_message_at DESC);

-- Search over subject and description for the staff queue (FTS5: D1 refuses long LIKE
-- patterns, and a LIKE would scan every ticket).
CREATE VIRTUAL TABLE support_tickets_fts USING fts5(
  subject, description,
  content = 'support_tickets', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER support_tickets_fts_insert AFTER INSERT ON support_tickets BEGIN
  INSERT INTO support_tickets_fts(rowid, subject, description) VALUES (new.rowid, new.subject, new.description);
END;
CREATE TRIGGER support_tickets_fts_delete AFTER DELETE ON support_tickets BEGIN
  INSERT INTO support_tickets_fts(support_tickets_fts, rowid, subject, description) VALUES ('delete', old.rowid, old.subject, old.description);
END;
CREATE TRIGGER support_tickets_fts_update AFTER UPDATE OF subject, description ON support_tickets BEGIN
  INSERT INTO support_tickets_fts(support_tickets_fts, rowid, subject, description) VALUES ('delete', old.rowid, old.subject, old.description);
  INSERT INTO support_tickets_fts(rowid, subject, description) VALUES (new.rowid, new.subject, new.description);
END;

-- Saved replies: staff-managed answers inserted into the reply box.
CREATE TABLE saved_replies (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX saved_replies_active ON saved_replies(is_active, title);

-- ── Moderation ──
-- What staff did with a report and why (the note the creator and reporter are told).
ALTER TABLE moderation_reports ADD COLUMN outcome TEXT CHECK (outcome IS NULL OR outcome IN ('dismiss', 'unpublish', 'mark_nsfw', 'delete'));
ALTER TABLE moderation_reports ADD COLUMN outcome_note TEXT NOT NULL DEFAULT '';

-- ── Creator programs ──
-- Requirements as numbers, so staff see them checked against the applicant's real counts.
ALTER TABLE creator_programs ADD COLUMN min_public_bots INTEGER NOT NULL DEFAULT 0 CHECK (min_public_bots >= 0);
ALTER TABLE creator_programs ADD COLUMN min_followers INTEGER NOT NULL DEFAULT 0 CHECK (min_followers >= 0);
ALTER TABLE creator_program_applications ADD COLUMN decision_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX creator_program_applications_queue ON creator_program_applications(status, created_at);

-- ── Suspension ──
-- A suspended user cannot sign in or post. Their public bots are hidden by data: made
-- private with `hidden_by_suspension = 1`, so lifting the suspension restores exactly those
-- (and the Explore queries need no extra join).
ALTER TABLE users ADD COLUMN suspended_at TEXT;
ALTER TABLE bots ADD COLUMN hidden_by_suspension INTEGER NOT NULL DEFAULT 0 CHECK (hidden_by_suspension IN (0, 1));
CREATE INDEX users_role ON users(role);

-- ── Audit log filters ──
CREATE INDEX staff_audit_log_action ON staff_audit_log(action, created_at DESC);

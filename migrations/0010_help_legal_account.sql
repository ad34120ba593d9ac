-- Issue 10: revocable sign-in sessions, help search and votes, tutorial progress, and the
-- anonymous owner of accounting rows kept after an account is deleted.

-- A server-side sign-in session. The cookie carries only the (signed) id; the middleware
-- accepts it only while `revoked_at` is NULL and `expires_at` is in the future, so signing
-- out (or "sign out everywhere", or deleting the account) ends it for good. Clerk sessions
-- get a row too, keyed `clerk:<sid>`, so our revocation list applies to them as well.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id, revoked_at);

-- "Was this helpful?": one vote per article per voter. `voter_key` is `user:<id>` for a
-- signed-in person and `visitor:<random>` (a cookie) for a signed-out one; a second vote
-- from the same voter replaces the first.
CREATE TABLE help_votes (
  document_id TEXT NOT NULL REFERENCES documentation(id) ON DELETE CASCADE,
  voter_key TEXT NOT NULL,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (document_id, voter_key)
);
CREATE INDEX help_votes_user ON help_votes(user_id);

-- Which steps of a tutorial a person has marked done (steps are numbered from 1).
CREATE TABLE tutorial_progress (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tutorial_id TEXT NOT NULL REFERENCES tutorials(id) ON DELETE CASCADE,
  step INTEGER NOT NULL CHECK (step >= 1),
  completed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (user_id, tutorial_id, step)
);

CREATE INDEX user_agreements_user ON user_agreements(user_id, accepted_at DESC);
CREATE INDEX legal_documents_current ON legal_documents(type, is_active, effective_date DESC);
CREATE INDEX documentation_featured ON documentation(is_published, is_featured, "order");

-- Help search: FTS5 over title and content, kept in step with `documentation` by triggers
-- (external content, so the text is stored once). Prefix indexes make `memo*` cheap.
CREATE VIRTUAL TABLE help_fts USING fts5(title, content, content='documentation', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4');
CREATE TRIGGER documentation_fts_insert AFTER INSERT ON documentation BEGIN
  INSERT INTO help_fts(rowid, title, content) VALUES (new.rowid, new.title, new.content);
END;
CREATE TRIGGER documentation_fts_delete AFTER DELETE ON documentation BEGIN
  INSERT INTO help_fts(help_fts, rowid, title, content) VALUES ('delete', old.rowid, old.title, old.content);
END;
CREATE TRIGGER documentation_fts_update AFTER UPDATE OF title, content ON documentation BEGIN
  INSERT INTO help_fts(help_fts, rowid, title, content) VALUES ('delete', old.rowid, old.title, old.content);
  INSERT INTO help_fts(rowid, title, content) VALUES (new.rowid, new.title, new.content);
END;

-- When an account is deleted, the rows accounting must keep (token ledger, payments) move
-- to this one anonymous owner instead of being deleted (docs/decisions/0016). It has no
-- session and no sign-in: its address is on the reserved .invalid domain.
INSERT OR IGNORE INTO users (id, email, display_name, role, age_group) VALUES ('deleted-account', 'deleted-account@botcafe.invalid', 'Deleted account', 'user', 'adult');

-- Migration 12 (scale and search): what keeps every page's cost flat at 10,000 bots and
-- 100,000 messages, and what lets search forgive prefixes and typos.

-- ── Tag counts ──
-- Explore lists the most used tags on every visit. Grouping every bot_tags row per request
-- cost 33–45 ms at 10k bots; this table keeps the count per tag instead, changed by the
-- triggers below in the same statement (so the same batch) that changes a bot's tags,
-- visibility or NSFW flag. Two counts, because signed-out people never see NSFW bots:
-- public_uses counts public bots, sfw_uses public bots that are not NSFW.
CREATE TABLE tag_counts (
  tag TEXT PRIMARY KEY,
  public_uses INTEGER NOT NULL DEFAULT 0 CHECK (public_uses >= 0),
  sfw_uses INTEGER NOT NULL DEFAULT 0 CHECK (sfw_uses >= 0)
);
CREATE INDEX tag_counts_public ON tag_counts(public_uses DESC, tag);
CREATE INDEX tag_counts_sfw ON tag_counts(sfw_uses DESC, tag);

-- A bot's tags are its distinct text values in bots.tags (bot_tags collapses duplicates the
-- same way). `WHERE true` is SQLite's way to allow ON CONFLICT after INSERT … SELECT.
CREATE TRIGGER tag_counts_bot_insert AFTER INSERT ON bots BEGIN
  INSERT INTO tag_counts (tag, public_uses, sfw_uses)
    SELECT DISTINCT value, new.is_public, new.is_public * (1 - new.is_nsfw) FROM json_each(new.tags) WHERE type = 'text' AND true
    ON CONFLICT (tag) DO UPDATE SET public_uses = public_uses + excluded.public_uses, sfw_uses = sfw_uses + excluded.sfw_uses;
END;

CREATE TRIGGER tag_counts_bot_update AFTER UPDATE OF tags, is_public, is_nsfw ON bots BEGIN
  UPDATE tag_counts SET public_uses = public_uses - old.is_public, sfw_uses = sfw_uses - old.is_public * (1 - old.is_nsfw)
    WHERE tag IN (SELECT value FROM json_each(old.tags) WHERE type = 'text');
  INSERT INTO tag_counts (tag, public_uses, sfw_uses)
    SELECT DISTINCT value, new.is_public, new.is_public * (1 - new.is_nsfw) FROM json_each(new.tags) WHERE type = 'text' AND true
    ON CONFLICT (tag) DO UPDATE SET public_uses = public_uses + excluded.public_uses, sfw_uses = sfw_uses + excluded.sfw_uses;
END;

CREATE TRIGGER tag_counts_bot_delete AFTER DELETE ON bots BEGIN
  UPDATE tag_counts SET public_uses = public_uses - old.is_public, sfw_uses = sfw_uses - old.is_public * (1 - old.is_nsfw)
    WHERE tag IN (SELECT value FROM json_each(old.tags) WHERE type = 'text');
END;

INSERT INTO tag_counts (tag, public_uses, sfw_uses)
  SELECT bot_tags.tag, SUM(bots.is_public), SUM(bots.is_public * (1 - bots.is_nsfw))
  FROM bot_tags JOIN bots ON bots.id = bot_tags.bot_id GROUP BY bot_tags.tag;

-- Explore's "N bots" total without a search: the same counts for all public bots, one row,
-- kept by the same kind of triggers (counting every public bot per request was a whole-index
-- read). With a tag filter the total is that tag's row in tag_counts.
CREATE TABLE bot_totals (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  public_bots INTEGER NOT NULL DEFAULT 0 CHECK (public_bots >= 0),
  sfw_bots INTEGER NOT NULL DEFAULT 0 CHECK (sfw_bots >= 0)
);
INSERT INTO bot_totals (id, public_bots, sfw_bots)
  SELECT 1, COALESCE(SUM(is_public), 0), COALESCE(SUM(is_public * (1 - is_nsfw)), 0) FROM bots;
CREATE TRIGGER bot_totals_insert AFTER INSERT ON bots BEGIN
  UPDATE bot_totals SET public_bots = public_bots + new.is_public, sfw_bots = sfw_bots + new.is_public * (1 - new.is_nsfw) WHERE id = 1;
END;
CREATE TRIGGER bot_totals_update AFTER UPDATE OF is_public, is_nsfw ON bots BEGIN
  UPDATE bot_totals SET
    public_bots = public_bots - old.is_public + new.is_public,
    sfw_bots = sfw_bots - old.is_public * (1 - old.is_nsfw) + new.is_public * (1 - new.is_nsfw)
  WHERE id = 1;
END;
CREATE TRIGGER bot_totals_delete AFTER DELETE ON bots BEGIN
  UPDATE bot_totals SET public_bots = public_bots - old.is_public, sfw_bots = sfw_bots - old.is_public * (1 - old.is_nsfw) WHERE id = 1;
END;

-- ── Typo-tolerant bot search ──
-- A trigram index of bot names: when a search finds nothing word for word, the words'
-- trigrams find names that are spelled nearly the same ("inkeeper" → "Innkeeper"); the
-- app then checks the edit distance (app/lib/bots/search.ts). External content, like bots_fts.
CREATE VIRTUAL TABLE bots_fts_trigram USING fts5(
  name,
  content = 'bots', content_rowid = 'rowid',
  tokenize = 'trigram remove_diacritics 1'
);
CREATE TRIGGER bots_fts_trigram_insert AFTER INSERT ON bots BEGIN
  INSERT INTO bots_fts_trigram(rowid, name) VALUES (new.rowid, new.name);
END;
CREATE TRIGGER bots_fts_trigram_delete AFTER DELETE ON bots BEGIN
  INSERT INTO bots_fts_trigram(bots_fts_trigram, rowid, name) VALUES ('delete', old.rowid, old.name);
END;
CREATE TRIGGER bots_fts_trigram_update AFTER UPDATE OF name ON bots BEGIN
  INSERT INTO bots_fts_trigram(bots_fts_trigram, rowid, name) VALUES ('delete', old.rowid, old.name);
  INSERT INTO bots_fts_trigram(rowid, name) VALUES (new.rowid, new.name);
END;
INSERT INTO bots_fts_trigram(bots_fts_trigram) VALUES ('rebuild');

-- ── Chat search ──
-- /chat?q= matches conversation titles and message text. It used LIKE '%…%' built from the
-- search box, which D1 refuses past 50 bytes and which reads every title. Both are FTS5
-- now; the page still filters by the signed-in user, so nobody finds another's chats.
-- Message text is indexed with its owner (the conversation's user id, hex-encoded so it is
-- one token): `owner:"…" AND content:(…)` lets FTS5 intersect the two posting lists, so a
-- common word costs what it costs in MY messages, not in everyone's. Contentless (the text
-- lives in messages) with contentless_delete, so triggers delete by rowid alone — a
-- conversation deleted by cascade no longer has a user to look up.
CREATE VIRTUAL TABLE messages_fts USING fts5(
  content, owner,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, content, owner) VALUES (new.rowid, new.content, (SELECT lower(hex(user_id)) FROM conversations WHERE id = new.conversation_id));
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.rowid;
  INSERT INTO messages_fts(rowid, content, owner) VALUES (new.rowid, new.content, (SELECT lower(hex(user_id)) FROM conversations WHERE id = new.conversation_id));
END;
INSERT INTO messages_fts(rowid, content, owner)
  SELECT m.rowid, m.content, lower(hex(c.user_id)) FROM messages m JOIN conversations c ON c.id = m.conversation_id;

CREATE VIRTUAL TABLE conversations_fts USING fts5(
  title,
  content = 'conversations', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
  INSERT INTO conversations_fts(rowid, title) VALUES (new.rowid, new.title);
END;
CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
  INSERT INTO conversations_fts(conversations_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN
  INSERT INTO conversations_fts(conversations_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
  INSERT INTO conversations_fts(rowid, title) VALUES (new.rowid, new.title);
END;
INSERT INTO conversations_fts(conversations_fts) VALUES ('rebuild');

-- ── Local vector index cache ──
-- LocalVectorIndex keeps decoded vectors (and their norms) in memory between queries. Every
-- write to local_vectors — by the index, the seed, or a cascade — gives the index a new
-- random generation, so a cached copy is used only while D1 still holds exactly that data
-- (random rather than a counter: a database rebuilt from scratch never repeats one).
CREATE TABLE local_vector_generations (
  index_name TEXT PRIMARY KEY,
  generation TEXT NOT NULL
);
CREATE TRIGGER local_vectors_generation_insert AFTER INSERT ON local_vectors BEGIN
  INSERT INTO local_vector_generations (index_name, generation) VALUES (new.index_name, lower(hex(randomblob(8))))
    ON CONFLICT (index_name) DO UPDATE SET generation = excluded.generation;
END;
CREATE TRIGGER local_vectors_generation_update AFTER UPDATE ON local_vectors BEGIN
  INSERT INTO local_vector_generations (index_name, generation) VALUES (new.index_name, lower(hex(randomblob(8))))
    ON CONFLICT (index_name) DO UPDATE SET generation = excluded.generation;
  INSERT INTO local_vector_generations (index_name, generation) VALUES (old.index_name, lower(hex(randomblob(8))))
    ON CONFLICT (index_name) DO UPDATE SET generation = excluded.generation;
END;
CREATE TRIGGER local_vectors_generation_delete AFTER DELETE ON local_vectors BEGIN
  INSERT INTO local_vector_generations (index_name, generation) VALUES (old.index_name, lower(hex(randomblob(8))))
    ON CONFLICT (index_name) DO UPDATE SET generation = excluded.generation;
END;
INSERT INTO local_vector_generations (index_name, generation)
  SELECT index_name, lower(hex(randomblob(8))) FROM (SELECT DISTINCT index_name FROM local_vectors);

-- ── Chat list order ──
-- /chat lists a person's chats by latest activity (a chat with no message yet counts from
-- its creation); this index matches that ORDER BY exactly, so a page is a short index walk
-- rather than a sort of all of that person's conversations.
CREATE INDEX conversations_user_activity ON conversations(user_id, is_active, COALESCE(last_message_at, created_at) DESC, id DESC);

-- Explore filters by tag and lists the most used tags on every visit. Reading tags out of
-- each bot's JSON (json_each) scans every public bot; this table holds one row per bot and
-- tag, kept by triggers from bots.tags (which stays the source of truth), so both become
-- index lookups.

CREATE TABLE bot_tags (
  tag TEXT NOT NULL,
  bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  PRIMARY KEY (tag, bot_id)
);
CREATE INDEX bot_tags_bot ON bot_tags(bot_id);

CREATE TRIGGER bot_tags_insert AFTER INSERT ON bots BEGIN
  INSERT OR IGNORE INTO bot_tags (tag, bot_id) SELECT value, new.id FROM json_each(new.tags) WHERE type = 'text';
END;

CREATE TRIGGER bot_tags_update AFTER UPDATE OF tags ON bots BEGIN
  DELETE FROM bot_tags WHERE bot_id = new.id;
  INSERT OR IGNORE INTO bot_tags (tag, bot_id) SELECT value, new.id FROM json_each(new.tags) WHERE type = 'text';
END;

INSERT OR IGNORE INTO bot_tags (tag, bot_id) SELECT json_each.value, bots.id FROM bots, json_each(bots.tags) WHERE json_each.type = 'text';

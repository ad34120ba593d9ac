-- BotCafe schema, migration 1: the 30 collections of docs/botcafe-v2-schema.md, plus the
-- tables a real system needs beside them (each one says why).
--
-- Naming: the document's camelCase fields become snake_case columns (createdAt → created_at);
-- a relationship field becomes `<field>_id` (createdBy → created_by_id, user → user_id).
-- Ids are TEXT. Dates are ISO-8601 UTC text ('2026-11-25T08:00:00.000Z'), which sorts
-- correctly as text. Checkboxes are INTEGER 0/1. Arrays and json fields are JSON text.
-- `select` fields carry a CHECK of their allowed values.
-- Never edit this file after it lands: widen in a new migration, narrow later.


-- ───────────────────────── Core ─────────────────────────

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT,
  bio TEXT,
  avatar_id TEXT REFERENCES media(id) ON DELETE SET NULL,
  location TEXT,
  -- `support` is beyond the document: staff who work tickets.
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'creator', 'user', 'support')),
  subscription_tier_id TEXT REFERENCES subscription_tiers(id) ON DELETE SET NULL,
  token_balance INTEGER NOT NULL DEFAULT 0 CHECK (token_balance >= 0),
  preferences TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(preferences)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE media (
  id TEXT PRIMARY KEY,
  alt TEXT,
  url TEXT NOT NULL,
  filename TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  filesize INTEGER NOT NULL CHECK (filesize >= 0),
  width INTEGER,
  height INTEGER,
  -- Beyond the document: the R2 object key and who uploaded it (ownership checks).
  storage_key TEXT NOT NULL UNIQUE,
  uploaded_by_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX media_uploaded_by ON media(uploaded_by_id);

-- ───────────────────────── Bot system ─────────────────────────

CREATE TABLE bots (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  avatar_id TEXT REFERENCES media(id) ON DELETE SET NULL,
  personality TEXT NOT NULL DEFAULT '',
  system_prompt TEXT NOT NULL DEFAULT '',
  greeting TEXT NOT NULL DEFAULT '',
  example_dialogues TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
  is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
  is_nsfw INTEGER NOT NULL DEFAULT 0 CHECK (is_nsfw IN (0, 1)),
  conversation_count INTEGER NOT NULL DEFAULT 0 CHECK (conversation_count >= 0),
  likes_count INTEGER NOT NULL DEFAULT 0 CHECK (likes_count >= 0),
  favorites_count INTEGER NOT NULL DEFAULT 0 CHECK (favorites_count >= 0),
  rating REAL CHECK (rating IS NULL OR (rating >= 1 AND rating <= 5)),
  created_by_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- Beyond the document, for character cards (V2/V3) so import → export loses nothing:
  scenario TEXT NOT NULL DEFAULT '',
  creator_notes TEXT NOT NULL DEFAULT '',
  post_history_instructions TEXT NOT NULL DEFAULT '',
  alternate_greetings TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(alternate_greetings)),
  -- card fields with no column (extensions, source, creator, character_version, …)
  card_extras TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(card_extras)),
  -- how many ratings `rating` averages (kept exact with bot_ratings)
  rating_count INTEGER NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX bots_created_by ON bots(created_by_id, created_at DESC);
CREATE INDEX bots_public_newest ON bots(is_public, is_nsfw, created_at DESC);
CREATE INDEX bots_public_popular ON bots(is_public, is_nsfw, conversation_count DESC);
CREATE INDEX bots_public_liked ON bots(is_public, is_nsfw, likes_count DESC);
CREATE INDEX bots_public_rated ON bots(is_public, is_nsfw, rating DESC);

-- Full-text search over name, description and tags (external content, kept by triggers).
CREATE VIRTUAL TABLE bots_fts USING fts5(
  name, description, tags,
  content = 'bots', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER bots_fts_insert AFTER INSERT ON bots BEGIN
  INSERT INTO bots_fts(rowid, name, description, tags) VALUES (new.rowid, new.name, new.description, new.tags);
END;
CREATE TRIGGER bots_fts_delete AFTER DELETE ON bots BEGIN
  INSERT INTO bots_fts(bots_fts, rowid, name, description, tags) VALUES ('delete', old.rowid, old.name, old.description, old.tags);
END;
CREATE TRIGGER bots_fts_update AFTER UPDATE OF name, description, tags ON bots BEGIN
  INSERT INTO bots_fts(bots_fts, rowid, name, description, tags) VALUES ('delete', old.rowid, old.name, old.description, old.tags);
  INSERT INTO bots_fts(rowid, name, description, tags) VALUES (new.rowid, new.name, new.description, new.tags);
END;

CREATE TABLE bot_interactions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  interaction_type TEXT NOT NULL CHECK (interaction_type IN ('like', 'favorite', 'share', 'report')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (user_id, bot_id, interaction_type)
);
CREATE INDEX bot_interactions_bot ON bot_interactions(bot_id, interaction_type, created_at);

-- Beyond the document: one 1–5 rating per user and bot; bots.rating is their average.
CREATE TABLE bot_ratings (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (user_id, bot_id)
);
CREATE INDEX bot_ratings_bot ON bot_ratings(bot_id);

-- Beyond the document: reports need a reason and a queue staff can work.
CREATE TABLE moderation_reports (
  id TEXT PRIMARY KEY,
  reporter_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  reason TEXT NOT NULL CHECK (reason IN ('spam', 'harassment', 'illegal', 'nsfw_unmarked', 'impersonation', 'other')),
  details TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reviewing', 'actioned', 'dismissed')),
  handled_by_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX moderation_reports_queue ON moderation_reports(status, created_at);
CREATE INDEX moderation_reports_bot ON moderation_reports(bot_id);

-- ───────────────────────── Knowledge / RAG ─────────────────────────

CREATE TABLE knowledge_collections (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  bot_id TEXT REFERENCES bots(id) ON DELETE CASCADE,
  is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
  created_by_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX knowledge_collections_bot ON knowledge_collections(bot_id);
CREATE INDEX knowledge_collections_owner ON knowledge_collections(created_by_id);

-- Beyond the document: a bot can draw on public collections it does not own.
CREATE TABLE bot_collections (
  bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  collection_id TEXT NOT NULL REFERENCES knowledge_collections(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (bot_id, collection_id)
);
CREATE INDEX bot_collections_collection ON bot_collections(collection_id);

CREATE TABLE knowledge (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT 'text' CHECK (content_type IN ('text', 'document', 'conversation', 'world_info')),
  source_url TEXT,
  collection_id TEXT REFERENCES knowledge_collections(id) ON DELETE SET NULL,
  bot_id TEXT REFERENCES bots(id) ON DELETE CASCADE,
  is_vectorized INTEGER NOT NULL DEFAULT 0 CHECK (is_vectorized IN (0, 1)),
  embedding_metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(embedding_metadata)),
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'critical')),
  created_by_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- Beyond the document: lorebook settings of a world_info entry (keys, secondary_keys,
  -- selective, constant, insertion_order, position, enabled, …) as in character cards.
  world_info TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(world_info)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX knowledge_bot ON knowledge(bot_id, content_type);
CREATE INDEX knowledge_collection ON knowledge(collection_id);
CREATE INDEX knowledge_owner ON knowledge(created_by_id);

CREATE TABLE vector_records (
  id TEXT PRIMARY KEY,
  source_type TEXT NOT NULL CHECK (source_type IN ('knowledge', 'memory', 'conversation')),
  source_id TEXT NOT NULL,
  vectorize_index TEXT NOT NULL,
  vector_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(vector_ids)),
  chunk_count INTEGER NOT NULL DEFAULT 0,
  model TEXT,
  dimensions INTEGER,
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  -- Beyond the document: embedding runs after the response, so its state must be visible.
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  error TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (source_type, source_id)
);

-- Beyond the document: the local vector index (Vectorize API, exact cosine) keeps its
-- vectors here. Values are little-endian float32 bytes; metadata is JSON.
CREATE TABLE local_vectors (
  index_name TEXT NOT NULL,
  id TEXT NOT NULL,
  namespace TEXT,
  vector BLOB NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (index_name, id)
);

-- ───────────────────────── User features ─────────────────────────

CREATE TABLE personas (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  personality_traits TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(personality_traits)),
  communication_style TEXT CHECK (communication_style IN ('formal', 'casual', 'playful', 'poetic', 'direct', 'supportive')),
  topics_of_interest TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(topics_of_interest)),
  signature_phrases TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(signature_phrases)),
  response_length TEXT CHECK (response_length IN ('concise', 'moderate', 'detailed')),
  humor_level TEXT CHECK (humor_level IN ('none', 'subtle', 'moderate', 'high')),
  formality_level TEXT CHECK (formality_level IN ('casual', 'balanced', 'formal')),
  emotional_expressiveness TEXT CHECK (emotional_expressiveness IN ('reserved', 'moderate', 'expressive')),
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  is_public INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
  avatar_id TEXT REFERENCES media(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX personas_user ON personas(user_id);
CREATE INDEX personas_public ON personas(is_public, created_at DESC);
-- At most one default persona per user.
CREATE UNIQUE INDEX personas_one_default ON personas(user_id) WHERE is_default = 1;

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic', 'mistral', 'openai_compatible', 'workers_ai')),
  key_encrypted TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  last_used TEXT,
  usage_count INTEGER NOT NULL DEFAULT 0,
  -- Beyond the document: the last 4 characters to show back, a label, and for
  -- OpenAI-compatible servers the base URL and model.
  key_hint TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  base_url TEXT,
  model TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX api_keys_user_provider ON api_keys(user_id, provider, is_active);

-- ───────────────────────── Conversations ─────────────────────────

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  persona_id TEXT REFERENCES personas(id) ON DELETE SET NULL,
  participants TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(participants)),
  message_count INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
  last_message_at TEXT,
  context_snapshot TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(context_snapshot)),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  -- Beyond the document: which provider/model this conversation uses, and how far
  -- memory summarization has read (message seq).
  provider TEXT NOT NULL DEFAULT 'local',
  model TEXT,
  summarized_through_seq INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX conversations_user_recent ON conversations(user_id, is_active, last_message_at DESC);
CREATE INDEX conversations_bot ON conversations(bot_id, created_at);
CREATE INDEX conversations_persona ON conversations(persona_id);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  content TEXT NOT NULL DEFAULT '',
  sender_type TEXT NOT NULL CHECK (sender_type IN ('user', 'bot', 'persona')),
  sender_id TEXT,
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  -- Beyond the document: order within the conversation, and the state of a streamed reply
  -- (a reply cut short by a lost connection is kept as `incomplete`, never lost).
  seq INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('streaming', 'complete', 'incomplete', 'error')),
  active_alternative INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (conversation_id, seq)
);

-- Beyond the document: regenerated replies and alternate greetings are kept side by side;
-- messages.content mirrors the active one.
CREATE TABLE message_alternatives (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  content TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (message_id, position)
);

CREATE TABLE memories (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL,
  memory_type TEXT NOT NULL DEFAULT 'episodic' CHECK (memory_type IN ('short_term', 'long_term', 'episodic', 'semantic')),
  content TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  participants TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(participants)),
  importance REAL NOT NULL DEFAULT 0.5 CHECK (importance >= 0 AND importance <= 1),
  is_vectorized INTEGER NOT NULL DEFAULT 0 CHECK (is_vectorized IN (0, 1)),
  embedding_metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(embedding_metadata)),
  last_accessed TEXT,
  access_count INTEGER NOT NULL DEFAULT 0,
  expires_at TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX memories_user ON memories(user_id, created_at DESC);
CREATE INDEX memories_conversation ON memories(conversation_id, created_at DESC);
CREATE INDEX memories_expiry ON memories(expires_at) WHERE expires_at IS NOT NULL;

-- ───────────────────────── Creators ─────────────────────────

CREATE TABLE creator_profiles (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL DEFAULT '',
  bio TEXT NOT NULL DEFAULT '',
  avatar_id TEXT REFERENCES media(id) ON DELETE SET NULL,
  cover_image_id TEXT REFERENCES media(id) ON DELETE SET NULL,
  specialties TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(specialties)),
  experience_level TEXT CHECK (experience_level IN ('beginner', 'intermediate', 'expert')),
  social_links TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(social_links)),
  is_verified INTEGER NOT NULL DEFAULT 0 CHECK (is_verified IN (0, 1)),
  is_premium INTEGER NOT NULL DEFAULT 0 CHECK (is_premium IN (0, 1)),
  is_featured INTEGER NOT NULL DEFAULT 0 CHECK (is_featured IN (0, 1)),
  visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'unlisted', 'private')),
  accepts_commissions INTEGER NOT NULL DEFAULT 0 CHECK (accepts_commissions IN (0, 1)),
  commission_info TEXT NOT NULL DEFAULT '',
  follower_count INTEGER NOT NULL DEFAULT 0 CHECK (follower_count >= 0),
  following_count INTEGER NOT NULL DEFAULT 0 CHECK (following_count >= 0),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX creator_profiles_directory ON creator_profiles(visibility, is_featured DESC, follower_count DESC);

-- Beyond the document: who follows which creator; follower/following counts derive from it.
CREATE TABLE follows (
  follower_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  creator_id TEXT NOT NULL REFERENCES creator_profiles(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (follower_id, creator_id)
);
CREATE INDEX follows_creator ON follows(creator_id, created_at);

CREATE TABLE creator_programs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  requirements TEXT NOT NULL DEFAULT '',
  benefits TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(benefits)),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Beyond the document: a creator's application to a program, with its status.
CREATE TABLE creator_program_applications (
  id TEXT PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES creator_programs(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  message TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  decided_by_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (program_id, user_id)
);
CREATE INDEX creator_program_applications_user ON creator_program_applications(user_id);

-- ───────────────────────── Monetization ─────────────────────────

CREATE TABLE subscription_tiers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  price_monthly INTEGER NOT NULL DEFAULT 0 CHECK (price_monthly >= 0),  -- minor units (cents)
  price_yearly INTEGER NOT NULL DEFAULT 0 CHECK (price_yearly >= 0),
  features TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(features)),
  token_allowance INTEGER NOT NULL DEFAULT 0,
  bot_limit INTEGER,
  priority_support INTEGER NOT NULL DEFAULT 0 CHECK (priority_support IN (0, 1)),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  -- Beyond the document: the Stripe prices that sell this tier.
  stripe_price_monthly TEXT,
  stripe_price_yearly TEXT
);

CREATE TABLE subscription_payments (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tier_id TEXT REFERENCES subscription_tiers(id) ON DELETE SET NULL,
  amount INTEGER NOT NULL,  -- minor units (cents)
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
  stripe_payment_id TEXT UNIQUE,
  period_start TEXT,
  period_end TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX subscription_payments_user ON subscription_payments(user_id, created_at DESC);

CREATE TABLE token_packages (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  price INTEGER NOT NULL CHECK (price >= 0),  -- minor units (cents)
  bonus_amount INTEGER NOT NULL DEFAULT 0 CHECK (bonus_amount >= 0),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
);

CREATE TABLE token_gifts (
  id TEXT PRIMARY KEY,
  sender_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  recipient_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  message TEXT NOT NULL DEFAULT '',
  related_bot_id TEXT REFERENCES bots(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX token_gifts_sender ON token_gifts(sender_id, created_at DESC);
CREATE INDEX token_gifts_recipient ON token_gifts(recipient_id, created_at DESC);

-- Beyond the document: every change to users.token_balance, so balances can be audited
-- and rebuilt (purchases, gifts, chat usage, refunds).
CREATE TABLE token_ledger (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  delta INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('purchase', 'gift_sent', 'gift_received', 'chat_usage', 'subscription_allowance', 'refund', 'adjustment')),
  reference_id TEXT,
  balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX token_ledger_user ON token_ledger(user_id, created_at DESC);

-- Beyond the document: Stripe delivers webhooks at least once; an event id seen here is
-- never applied twice.
CREATE TABLE stripe_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  processed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE access_control (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  resource_type TEXT NOT NULL CHECK (resource_type IN ('bot', 'knowledge', 'collection')),
  resource_id TEXT NOT NULL,
  permission_level TEXT NOT NULL CHECK (permission_level IN ('view', 'edit', 'admin')),
  granted_by_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (user_id, resource_type, resource_id)
);
CREATE INDEX access_control_resource ON access_control(resource_type, resource_id);

-- ───────────────────────── Wellbeing ─────────────────────────

CREATE TABLE moods (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  mood TEXT NOT NULL CHECK (mood IN ('happy', 'content', 'neutral', 'sad', 'anxious', 'angry', 'stressed', 'lonely', 'excited', 'tired')),
  intensity INTEGER NOT NULL CHECK (intensity BETWEEN 1 AND 5),
  note TEXT NOT NULL DEFAULT '',
  triggers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(triggers)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX moods_user ON moods(user_id, created_at DESC);

CREATE TABLE self_moderation (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  daily_limit INTEGER CHECK (daily_limit IS NULL OR daily_limit > 0),
  weekly_limit INTEGER CHECK (weekly_limit IS NULL OR weekly_limit > 0),
  break_reminder_interval INTEGER CHECK (break_reminder_interval IS NULL OR break_reminder_interval > 0),
  night_mode_enabled INTEGER NOT NULL DEFAULT 0 CHECK (night_mode_enabled IN (0, 1)),
  night_mode_start TEXT CHECK (night_mode_start IS NULL OR night_mode_start GLOB '[0-2][0-9]:[0-5][0-9]'),
  night_mode_end TEXT CHECK (night_mode_end IS NULL OR night_mode_end GLOB '[0-2][0-9]:[0-5][0-9]'),
  intervention_triggers TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(intervention_triggers)),
  current_daily_usage INTEGER NOT NULL DEFAULT 0,
  current_weekly_usage INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE crisis_support (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL CHECK (category IN ('hotline', 'chat', 'text', 'app', 'organization')),
  type TEXT NOT NULL DEFAULT 'general' CHECK (type IN ('general', 'lgbtq', 'youth', 'veterans', 'domestic_violence', 'substance_use', 'eating_disorders', 'suicide_prevention')),
  contact_phone TEXT,
  contact_text TEXT,
  contact_chat TEXT,
  website TEXT,
  hours TEXT,
  is_24_7 INTEGER NOT NULL DEFAULT 0 CHECK (is_24_7 IN (0, 1)),
  is_emergency INTEGER NOT NULL DEFAULT 0 CHECK (is_emergency IN (0, 1)),
  region TEXT NOT NULL DEFAULT 'global' CHECK (region IN ('global', 'us', 'uk', 'ca', 'au', 'eu', 'in')),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
);
CREATE INDEX crisis_support_region ON crisis_support(is_active, region, category);

-- ───────────────────────── Analytics ─────────────────────────

CREATE TABLE usage_analytics (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  date TEXT NOT NULL,  -- YYYY-MM-DD
  conversations_started INTEGER NOT NULL DEFAULT 0,
  messages_sent INTEGER NOT NULL DEFAULT 0,
  tokens_used INTEGER NOT NULL DEFAULT 0,
  bots_created INTEGER NOT NULL DEFAULT 0,
  knowledge_added INTEGER NOT NULL DEFAULT 0,
  session_duration INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (user_id, date)
);

CREATE TABLE memory_insights (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  memory_depth REAL NOT NULL DEFAULT 0,
  story_coherence REAL NOT NULL DEFAULT 0,
  character_development REAL NOT NULL DEFAULT 0,
  key_events TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(key_events)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX memory_insights_conversation ON memory_insights(conversation_id);
CREATE INDEX memory_insights_user ON memory_insights(user_id);

CREATE TABLE persona_analytics (
  id TEXT PRIMARY KEY,
  persona_id TEXT NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  conversations_count INTEGER NOT NULL DEFAULT 0,
  average_session_length REAL NOT NULL DEFAULT 0,
  engagement_score REAL NOT NULL DEFAULT 0,
  consistency_score REAL NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX persona_analytics_persona ON persona_analytics(persona_id);

-- ───────────────────────── Legal & help ─────────────────────────

CREATE TABLE legal_documents (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('terms', 'privacy', 'responsible_ai', 'cookies', 'community_guidelines', 'acceptable_use')),
  content TEXT NOT NULL DEFAULT '',  -- Markdown
  version TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (type, version)
);
CREATE INDEX legal_documents_active ON legal_documents(type, is_active);

CREATE TABLE user_agreements (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  document_id TEXT NOT NULL REFERENCES legal_documents(id) ON DELETE CASCADE,
  accepted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ip_address TEXT,
  user_agent TEXT,
  UNIQUE (user_id, document_id)
);

CREATE TABLE documentation (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  content TEXT NOT NULL DEFAULT '',  -- Markdown
  category TEXT NOT NULL CHECK (category IN ('getting-started', 'features', 'troubleshooting', 'creators', 'billing', 'safety')),
  "order" INTEGER NOT NULL DEFAULT 0,
  is_featured INTEGER NOT NULL DEFAULT 0 CHECK (is_featured IN (0, 1)),
  view_count INTEGER NOT NULL DEFAULT 0,
  is_published INTEGER NOT NULL DEFAULT 0 CHECK (is_published IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX documentation_category ON documentation(is_published, category, "order");

CREATE TABLE tutorials (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL CHECK (category IN ('getting-started', 'bots', 'knowledge', 'chat', 'creators', 'wellbeing')),
  difficulty TEXT NOT NULL DEFAULT 'beginner' CHECK (difficulty IN ('beginner', 'intermediate', 'advanced')),
  steps TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(steps)),
  estimated_time INTEGER,
  is_published INTEGER NOT NULL DEFAULT 0 CHECK (is_published IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX tutorials_category ON tutorials(is_published, category);

CREATE TABLE support_tickets (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  subject TEXT NOT NULL,
  description TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('bug', 'feature', 'billing', 'account', 'safety', 'other')),
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  assigned_to_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  resolution TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX support_tickets_queue ON support_tickets(status, priority, created_at);
CREATE INDEX support_tickets_user ON support_tickets(user_id, created_at DESC);
CREATE INDEX support_tickets_assignee ON support_tickets(assigned_to_id, status);

-- Beyond the document: the conversation on a ticket (replies from user and staff, and
-- staff-only internal notes).
CREATE TABLE ticket_messages (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES support_tickets(id) ON DELETE CASCADE,
  author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  is_internal INTEGER NOT NULL DEFAULT 0 CHECK (is_internal IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, created_at);

-- Billing (issue 13): tokens, Stripe customers and subscriptions, purchases, refunds,
-- chat charges and per-key spend caps. Every balance change stays one token_ledger row.

-- The user's Stripe customer (reused by every Checkout Session) and the subscription as
-- last applied. subscription_event_at is the `created` time (epoch seconds) of the newest
-- Stripe event applied to the subscription, so an older event delivered late is ignored.
-- subscription_tier_id NULL means the free tier (its limits are configuration).
ALTER TABLE users ADD COLUMN stripe_customer_id TEXT;
ALTER TABLE users ADD COLUMN stripe_subscription_id TEXT;
ALTER TABLE users ADD COLUMN subscription_status TEXT;
ALTER TABLE users ADD COLUMN subscription_interval TEXT;
ALTER TABLE users ADD COLUMN subscription_period_end TEXT;
ALTER TABLE users ADD COLUMN subscription_cancel_at_period_end INTEGER NOT NULL DEFAULT 0 CHECK (subscription_cancel_at_period_end IN (0, 1));
ALTER TABLE users ADD COLUMN subscription_event_at INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX users_stripe_customer ON users(stripe_customer_id) WHERE stripe_customer_id IS NOT NULL;
CREATE INDEX users_free_tier ON users(subscription_tier_id, id);

-- One ledger row per (reason, reference): a webhook event, a month's allowance or a
-- reply's charge can only ever be applied once, whatever retries or races happen.
CREATE UNIQUE INDEX token_ledger_reference ON token_ledger(reason, reference_id) WHERE reference_id IS NOT NULL;
CREATE INDEX token_ledger_user_page ON token_ledger(user_id, created_at DESC, id DESC);

-- A paid token package (one Checkout Session). tokens_reversed grows with refunds; a
-- shortfall is what a refund could not take back because it was already spent (for staff).
CREATE TABLE token_purchases (
  id TEXT PRIMARY KEY,                      -- the Checkout Session id
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  package_id TEXT REFERENCES token_packages(id) ON DELETE SET NULL,
  tokens INTEGER NOT NULL CHECK (tokens > 0),
  amount INTEGER NOT NULL CHECK (amount >= 0),  -- minor units (cents)
  currency TEXT NOT NULL DEFAULT 'usd',
  payment_intent_id TEXT UNIQUE,
  status TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'partially_refunded', 'refunded')),
  tokens_reversed INTEGER NOT NULL DEFAULT 0 CHECK (tokens_reversed >= 0),
  refund_shortfall INTEGER NOT NULL DEFAULT 0 CHECK (refund_shortfall >= 0),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX token_purchases_user ON token_purchases(user_id, created_at DESC);
CREATE INDEX token_purchases_shortfall ON token_purchases(created_at DESC) WHERE refund_shortfall > 0;

-- What a platform-model reply cost (for the reply's inspector) and what could be charged.
-- Keyed by the reply's alternative/message id: a settled hook that runs twice charges once.
CREATE TABLE chat_charges (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  conversation_id TEXT,
  message_id TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL CHECK (prompt_tokens >= 0),
  completion_tokens INTEGER NOT NULL CHECK (completion_tokens >= 0),
  rate INTEGER NOT NULL CHECK (rate >= 0),
  cost INTEGER NOT NULL CHECK (cost >= 0),
  charged INTEGER NOT NULL CHECK (charged >= 0),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX chat_charges_message ON chat_charges(message_id);

-- Per-key monthly spend caps: the cap on the key, the usage per key per UTC month.
ALTER TABLE api_keys ADD COLUMN monthly_token_cap INTEGER CHECK (monthly_token_cap IS NULL OR monthly_token_cap > 0);
CREATE TABLE api_key_usage (
  key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
  month TEXT NOT NULL,                      -- 'YYYY-MM' (UTC)
  tokens INTEGER NOT NULL DEFAULT 0 CHECK (tokens >= 0),
  PRIMARY KEY (key_id, month)
);

-- Tips per bot on the creator dashboard: the creator's received tips, grouped by bot.
CREATE INDEX token_gifts_recipient_bot ON token_gifts(recipient_id, related_bot_id, amount) WHERE related_bot_id IS NOT NULL;

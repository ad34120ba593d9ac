-- Companion-chatbot law (issue 16): the bot's replies are checked too, and a reply that
-- would encourage or instruct self-harm is withheld and replaced by BotCafe's crisis
-- notice. Those are counted beside the referrals, in the same anonymous rollup (month,
-- region, language — never the text, never who), for the yearly report.
ALTER TABLE crisis_referrals ADD COLUMN withheld_replies INTEGER NOT NULL DEFAULT 0 CHECK (withheld_replies >= 0);

/**
 * Chat spending, plugged into the chat turn through the turn-gate contract
 * (app/lib/chat/turn-gates.ts registers BILLING_TURN_GATES and chargeSettledReply): two
 * gates that run before any row of a turn is written, the hold the turn writes with its
 * first rows (app/lib/billing/reservations.ts), and a settled hook after the reply is saved.
 *
 * - What costs tokens: replies from BotCafe's hosted model (Workers AI). The offline demo
 *   model ("local") is free, and replies through the person's own key never spend
 *   BotCafe tokens (they count toward that key's monthly cap instead).
 * - `tokenBalanceGate`: a charged turn needs at least the smallest hold; below it the turn
 *   is refused (402) with a link to buy and the date the free allowance renews. The hold
 *   itself decides (the balance can change between this read and the turn's batch); when
 *   it fails the turn gives the same refusal (`outOfTokensRefusal`).
 * - `keySpendCapGate`: a user's key with a monthly cap that is used up refuses the turn.
 * - `chargeSettledReply`: settles a charged reply's hold — the reply costs
 *   (prompt + completion) × CHAT_TOKEN_RATE (nothing when it failed outright; what was
 *   produced when stopped or cut short), is charged at most what was held, and the rest
 *   is given back — and records the cost for the reply's inspector (a demo-model reply is
 *   recorded as free). A key reply's tokens are added to that key's monthly usage.
 *   Idempotent per generation (`replyKey` = the turn id): the release's ledger reference
 *   `chat-release:<replyKey>` and chat_charges' primary key; a regenerate is a new
 *   generation with its own hold.
 */
import type { DB } from "#db/schema";
import type {
  ReplySettledHook,
  SettledReply,
  TurnGate,
  TurnGateInput,
  TurnGateResult,
  TurnRefusal,
} from "../chat/turn-gates";
import { billingSummary, formatDate, formatTokens } from "./account";
import { billingConfig, monthOf, nextMonthStart } from "./config";
import { newId } from "../ids";
import { holdReference, isChargedReply, leastHold, releaseReference } from "./reservations";

/** The reply length a gate input without one is checked for (the turn passes its own). */
const DEFAULT_REPLY_TOKENS = 512;

/** "Out of tokens", with when the allowance renews: the gate's refusal and a failed hold's. */
export async function outOfTokensRefusal(
  db: DB,
  env: Env,
  userId: string,
  now: Date,
  maxReplyTokens = DEFAULT_REPLY_TOKENS,
): Promise<TurnRefusal> {
  const summary = await billingSummary(db, env, userId, now);
  const renews = summary.tierId
    ? `Your ${summary.tierName} plan renews on ${formatDate(summary.renewsAt)}`
    : `Your free allowance renews on ${formatDate(summary.renewsAt)}`;
  return {
    status: 402,
    message: `You have run out of BotCafe tokens for this reply, so this message was not sent: a reply from BotCafe's model sets aside at least ${formatTokens(leastHold(env, maxReplyTokens))} tokens while it is written (what it does not use comes back), and you have ${formatTokens(summary.balance)}. ${renews}. You can buy tokens now, or chat for free with the demo model or through your own API key.`,
    link: { href: "/pricing", label: "Buy tokens" },
  };
}

export const tokenBalanceGate: TurnGate = {
  name: "billing-token-balance",
  async check(input: TurnGateInput): Promise<TurnGateResult> {
    if (!isChargedReply(input.provider, input.keyId)) return {};
    const { chatRate } = billingConfig(input.env);
    if (chatRate === 0) return {};
    const balance = await input.db
      .selectFrom("users")
      .select("token_balance")
      .where("id", "=", input.user.id)
      .executeTakeFirst();
    const maxReplyTokens = input.maxReplyTokens ?? DEFAULT_REPLY_TOKENS;
    if ((balance?.token_balance ?? 0) >= leastHold(input.env, maxReplyTokens)) return {};
    return { refusal: await outOfTokensRefusal(input.db, input.env, input.user.id, input.now, maxReplyTokens) };
  },
};

export const keySpendCapGate: TurnGate = {
  name: "billing-key-spend-cap",
  async check(input: TurnGateInput): Promise<TurnGateResult> {
    if (!input.keyId) return {};
    const row = await input.db
      .selectFrom("api_keys")
      .leftJoin("api_key_usage", (join) =>
        join.onRef("api_key_usage.key_id", "=", "api_keys.id").on("api_key_usage.month", "=", monthOf(input.now)),
      )
      .select(["api_keys.monthly_token_cap", "api_key_usage.tokens"])
      .where("api_keys.id", "=", input.keyId)
      .where("api_keys.user_id", "=", input.user.id)
      .executeTakeFirst();
    const cap = row?.monthly_token_cap ?? null;
    if (cap === null || (row?.tokens ?? 0) < cap) return {};
    return {
      refusal: {
        status: 429,
        message: `This API key has used its monthly cap of ${formatTokens(cap)} tokens, so this message was not sent. The cap resets on ${formatDate(nextMonthStart(input.now).toISOString())}; you can raise it in your API key settings.`,
        link: { href: "/settings/keys#spend-caps", label: "API key settings" },
      },
    };
  },
};

export const chargeSettledReply: ReplySettledHook = {
  name: "billing-chat-charge",
  async onSettled(reply: SettledReply): Promise<void> {
    const { d1 } = reply;
    const tokens = Math.max(0, Math.floor(reply.promptTokens)) + Math.max(0, Math.floor(reply.completionTokens));
    if (reply.keyId) {
      if (tokens === 0) return;
      // The usage row grows only when this message's marker row is new (changes() = 1),
      // so a hook that runs twice for one message counts it once.
      await d1.batch([
        d1
          .prepare(
            `INSERT INTO chat_charges (id, user_id, conversation_id, message_id, prompt_tokens, completion_tokens, rate, cost, charged)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, 0) ON CONFLICT DO NOTHING`,
          )
          .bind(
            `key:${reply.replyKey}`,
            reply.userId,
            reply.conversationId,
            reply.messageId,
            reply.promptTokens,
            reply.completionTokens,
          ),
        d1
          .prepare(
            `INSERT INTO api_key_usage (key_id, month, tokens) SELECT ?1, ?2, ?3 WHERE changes() = 1
             ON CONFLICT (key_id, month) DO UPDATE SET tokens = tokens + excluded.tokens`,
          )
          .bind(reply.keyId, monthOf(reply.now), tokens),
      ]);
      return;
    }
    const charged = isChargedReply(reply.provider, reply.keyId);
    // The demo model is free: its replies are recorded at rate 0 so the inspector says so.
    if (!charged && reply.provider !== "local") return;
    const rate = charged ? billingConfig(reply.env).chatRate : 0;
    // A reply that failed outright costs nothing; an interrupted one costs what was made.
    const cost = reply.status === "error" ? 0 : tokens * rate;
    const releaseId = newId();
    const held = `coalesce((SELECT -delta FROM token_ledger WHERE reason = 'chat_usage' AND reference_id = ?3 AND user_id = ?4), 0)`;
    await d1.batch([
      // Give back what the reply did not use: held − min(cost, held). Once per generation
      // (the release's reference is unique), whatever the counts of a second run.
      d1
        .prepare(
          `INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after)
           SELECT ?1, id, ${held} - min(?2, ${held}), 'chat_usage', ?5, token_balance + ${held} - min(?2, ${held})
           FROM users WHERE id = ?4 AND ${held} - min(?2, ${held}) > 0
           ON CONFLICT DO NOTHING`,
        )
        .bind(releaseId, cost, holdReference(reply.replyKey), reply.userId, releaseReference(reply.replyKey)),
      d1
        .prepare(
          `UPDATE users SET token_balance = (SELECT balance_after FROM token_ledger WHERE id = ?1), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = ?2 AND EXISTS (SELECT 1 FROM token_ledger WHERE id = ?1)`,
        )
        .bind(releaseId, reply.userId),
      // What was charged is what the hold kept: held minus every release of it.
      d1
        .prepare(
          `INSERT INTO chat_charges (id, user_id, conversation_id, message_id, prompt_tokens, completion_tokens, rate, cost, charged)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                  coalesce((SELECT -delta FROM token_ledger WHERE reason = 'chat_usage' AND reference_id = ?9 AND user_id = ?2), 0)
                  - coalesce((SELECT delta FROM token_ledger WHERE reason = 'chat_usage' AND reference_id = ?10 AND user_id = ?2), 0)
           WHERE true ON CONFLICT DO NOTHING`,
        )
        .bind(
          reply.replyKey,
          reply.userId,
          reply.conversationId,
          reply.messageId,
          reply.promptTokens,
          reply.completionTokens,
          rate,
          cost,
          holdReference(reply.replyKey),
          releaseReference(reply.replyKey),
        ),
    ]);
  },
};

/** What a reply's latest generation cost, for its inspector page (null when it was not
 * a platform reply or has not settled yet). Key replies record usage, not a cost. */
export async function chatChargeFor(db: DB, messageId: string) {
  return (
    (await db
      .selectFrom("chat_charges")
      .select(["prompt_tokens", "completion_tokens", "rate", "cost", "charged", "created_at"])
      .where("message_id", "=", messageId)
      .where("id", "not like", "key:%")
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

/** Billing's gates, in order (registered in app/lib/chat/turn-gates.ts). */
export const BILLING_TURN_GATES: TurnGate[] = [keySpendCapGate, tokenBalanceGate];

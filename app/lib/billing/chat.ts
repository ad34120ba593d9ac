/**
 * Chat spending, plugged into the chat turn through the turn-gate contract
 * (app/lib/chat/turn-gates.ts registers BILLING_TURN_GATES and chargeSettledReply): two
 * gates that run before any row of a turn is written, and a settled hook that runs after
 * the reply is saved.
 *
 * - `tokenBalanceGate`: a reply from the platform's model ("local" in development,
 *   "workers-ai" in production) needs tokens; at zero the turn is refused (402) with a
 *   link to buy and the date the free allowance renews. Replies through the user's own
 *   key never spend BotCafe tokens.
 * - `keySpendCapGate`: a user's key with a monthly cap that is used up refuses the turn.
 * - `chargeSettledReply`: charges (prompt + completion) × CHAT_TOKEN_RATE for a platform
 *   reply, as far as the balance goes (never negative), records the cost for the reply's
 *   inspector, and adds a key reply's tokens to that key's monthly usage. Idempotent per
 *   generation (`replyKey`): the ledger reference `chat:<replyKey>` and chat_charges'
 *   primary key; a regenerate is a new generation and is charged again.
 */
import type { DB } from "#db/schema";
import type { ReplySettledHook, SettledReply, TurnGate, TurnGateInput, TurnGateResult } from "../chat/turn-gates";
import { billingSummary, formatDate, formatTokens } from "./account";
import { billingConfig, monthOf, nextMonthStart } from "./config";
import { debitUpTo } from "./ledger";

/** Providers whose replies BotCafe pays for (and so charges tokens for). */
export const PLATFORM_PROVIDERS = new Set(["local", "workers-ai", "workers_ai"]);

export function isPlatformReply(provider: string, keyId: string | null): boolean {
  return keyId === null && PLATFORM_PROVIDERS.has(provider);
}

export const tokenBalanceGate: TurnGate = {
  name: "billing-token-balance",
  async check(input: TurnGateInput): Promise<TurnGateResult> {
    if (!isPlatformReply(input.provider, input.keyId)) return {};
    const { chatRate } = billingConfig(input.env);
    if (chatRate === 0) return {};
    const summary = await billingSummary(input.db, input.env, input.user.id, input.now);
    if (summary.balance >= chatRate) return {};
    const renews = summary.tierId ? `Your ${summary.tierName} plan renews on ${formatDate(summary.renewsAt)}` : `Your free allowance renews on ${formatDate(summary.renewsAt)}`;
    return {
      refusal: {
        status: 402,
        message: `You have run out of BotCafe tokens, so this message was not sent. ${renews}. You can buy tokens now, or chat through your own API key.`,
        link: { href: "/pricing", label: "Buy tokens" },
      },
    };
  },
};

export const keySpendCapGate: TurnGate = {
  name: "billing-key-spend-cap",
  async check(input: TurnGateInput): Promise<TurnGateResult> {
    if (!input.keyId) return {};
    const row = await input.db
      .selectFrom("api_keys")
      .leftJoin("api_key_usage", (join) => join.onRef("api_key_usage.key_id", "=", "api_keys.id").on("api_key_usage.month", "=", monthOf(input.now)))
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
          .bind(`key:${reply.replyKey}`, reply.userId, reply.conversationId, reply.messageId, reply.promptTokens, reply.completionTokens),
        d1
          .prepare(
            `INSERT INTO api_key_usage (key_id, month, tokens) SELECT ?1, ?2, ?3 WHERE changes() = 1
             ON CONFLICT (key_id, month) DO UPDATE SET tokens = tokens + excluded.tokens`,
          )
          .bind(reply.keyId, monthOf(reply.now), tokens),
      ]);
      return;
    }
    if (!isPlatformReply(reply.provider, reply.keyId)) return;
    const rate = billingConfig(reply.env).chatRate;
    // A reply that failed outright is not charged; an interrupted one is, for what was made.
    const cost = reply.status === "error" ? 0 : tokens * rate;
    const statements: D1PreparedStatement[] = [];
    let charged = "0";
    const binds: unknown[] = [];
    if (cost > 0) {
      const debit = debitUpTo(d1, { userId: reply.userId, amount: cost, reason: "chat_usage", referenceId: `chat:${reply.replyKey}` });
      statements.push(...debit.statements);
      charged = "coalesce((SELECT -delta FROM token_ledger WHERE id = ?9), 0)";
      binds.push(debit.ledgerId);
    }
    statements.push(
      d1
        .prepare(
          `INSERT INTO chat_charges (id, user_id, conversation_id, message_id, prompt_tokens, completion_tokens, rate, cost, charged)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ${charged} WHERE true ON CONFLICT DO NOTHING`,
        )
        .bind(reply.replyKey, reply.userId, reply.conversationId, reply.messageId, reply.promptTokens, reply.completionTokens, rate, cost, ...binds),
    );
    await d1.batch(statements);
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

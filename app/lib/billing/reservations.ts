/**
 * Chat holds (docs/decisions/0024-chat-reservations.md): a reply from BotCafe's hosted
 * model costs (prompt + reply tokens) × rate, known only after it ran. So before it runs,
 * the turn HOLDS the most it could cost — a conditional debit in the same D1 batch as the
 * turn's first rows, every one of which is written only if the hold was — and the settled
 * hook (app/lib/billing/chat.ts) gives back what the reply did not use. A turn that cannot
 * hold is refused with nothing written; simultaneous turns each hold from the balance in
 * turn, so together they can never spend more than it holds.
 *
 * The bound: the prompt is assembled after the response has started, but the assembly
 * never lets it exceed the context window it is given minus MAX_REPLY_TOKENS, and the
 * reply never exceeds MAX_REPLY_TOKENS. So a turn holds window × rate, where the window
 * is the model's (capped at PROMPT_WINDOW_CAP) — or, when the balance is smaller, all of
 * the balance, and the prompt is then assembled for a window of balance ÷ rate, so the
 * bound still holds. Below the smallest window worth a reply (MIN_HELD_PROMPT_TOKENS of
 * prompt + a full reply) the turn is refused.
 */
import type { Compilable, InferResult } from "kysely";
import { billingConfig } from "./config";
import { debitUpTo, statementOf, whenApplied, type PreparedChange } from "./ledger";

/** Providers whose replies BotCafe pays for, and so charges tokens for: the hosted model
 * (Workers AI). The offline demo model ("local") is free, and a reply through the
 * person's own key never spends BotCafe tokens. */
export const CHARGED_PROVIDERS = new Set(["workers-ai", "workers_ai"]);

export function isChargedReply(provider: string, keyId: string | null): boolean {
  return keyId === null && CHARGED_PROVIDERS.has(provider);
}

/** The smallest prompt a turn is planned for when the balance cannot hold a full window:
 * enough for a short character definition and the newest messages. */
export const MIN_HELD_PROMPT_TOKENS = 512;

export const holdReference = (turnId: string) => `chat-hold:${turnId}`;
export const releaseReference = (turnId: string) => `chat-release:${turnId}`;

export interface ChatHold {
  turnId: string;
  change: PreparedChange;
  rate: number;
  /** The most the turn holds: its full window × rate. */
  most: number;
  /** The least it must hold to run at all. */
  least: number;
}

export interface HoldInput {
  userId: string;
  /** The generation's id (ReplyPlan.turnId, the settled hook's replyKey). */
  turnId: string;
  provider: string;
  keyId: string | null;
  /** The window the prompt would be assembled for (the model's, capped). */
  contextWindow: number;
  maxReplyTokens: number;
}

type RateEnv = Parameters<typeof billingConfig>[0];

/** The smallest balance a charged turn can start with (for the gate's early refusal). */
export function leastHold(env: RateEnv, maxReplyTokens: number): number {
  return (MIN_HELD_PROMPT_TOKENS + maxReplyTokens) * billingConfig(env).chatRate;
}

/** The hold a turn needs, or null when its reply is free (own key, demo model, rate 0). */
export function planChatHold(d1: D1Database, env: RateEnv, input: HoldInput): ChatHold | null {
  if (!isChargedReply(input.provider, input.keyId)) return null;
  const rate = billingConfig(env).chatRate;
  if (rate === 0) return null;
  const most = Math.max(1, input.contextWindow) * rate;
  const least = Math.min(most, (MIN_HELD_PROMPT_TOKENS + input.maxReplyTokens) * rate);
  const change = debitUpTo(d1, {
    userId: input.userId,
    amount: most,
    atLeast: least,
    reason: "chat_usage",
    referenceId: holdReference(input.turnId),
  });
  return { turnId: input.turnId, change, rate, most, least };
}

/** The prompt window a hold pays for: the full one, or what a smaller balance covers. */
export function heldWindow(hold: ChatHold, held: number, contextWindow: number): number {
  return Math.min(contextWindow, Math.floor(held / hold.rate));
}

type Results<Qs extends readonly Compilable<unknown>[]> = { -readonly [K in keyof Qs]: InferResult<Qs[K]> };

export type HeldBatch<Qs extends readonly Compilable<unknown>[]> =
  { ok: true; held: number | null; results: Results<Qs> } | { ok: false };

/**
 * Run a turn's first writes with its hold, in one D1 batch: the hold's debit first, every
 * write conditional on it (reads run as they are), and the amount held read back last.
 * `ok: false` means the balance could not hold the turn and nothing was written. Without
 * a hold (a free reply) the writes simply run, with `held: null`.
 */
export async function batchWithHold<const Qs extends readonly Compilable<unknown>[]>(
  d1: D1Database,
  hold: ChatHold | null,
  queries: Qs,
): Promise<HeldBatch<Qs>> {
  const isRead = (query: Compilable<unknown>) => query.compile().query.kind === "SelectQueryNode";
  const statements = queries.map((query) =>
    hold && !isRead(query) ? whenApplied(d1, hold.change, query) : statementOf(d1, query),
  );
  if (!hold) {
    const results = await d1.batch(statements);
    return { ok: true, held: null, results: results.map((r) => r.results ?? []) as unknown as Results<Qs> };
  }
  const results = await d1.batch([
    ...hold.change.statements,
    ...statements,
    d1.prepare("SELECT -delta AS held FROM token_ledger WHERE id = ?").bind(hold.change.ledgerId),
  ]);
  const held = (results[results.length - 1]?.results?.[0] as { held?: number } | undefined)?.held;
  if (typeof held !== "number") return { ok: false };
  const own = results.slice(hold.change.statements.length, hold.change.statements.length + statements.length);
  return { ok: true, held, results: own.map((r) => r.results ?? []) as unknown as Results<Qs> };
}

/**
 * Runs one model reply to its end and saves it, whatever happens to the browser. The
 * route hands the tokens to a sink (the SSE or streamed-HTML response); a sink that
 * fails (the browser went away) is ignored and generation carries on, so the reply is
 * completed and saved. If the model itself fails or the run is cut short, what arrived is
 * saved with status `incomplete` (or `error` when nothing did) and the failure recorded.
 *
 * The bot's words are checked too: a ReplyGuard (wellbeing's, injected where the turn is
 * composed) sees the text so far at each progress save and the whole reply as it settles.
 * A reply it flags is withheld: the model is stopped, the sink told to discard what it
 * showed, and the message saved with no content, `metadata.withheld` and BotCafe's notice.
 */
import type { DB, MessageStatus } from "#db/schema";
import { batch } from "#db/batch";
import { recountConversation } from "#db/queries/chat";
import { sql, type Compilable } from "kysely";
import type { ChatMessage, ChatModel, ProviderError } from "../ai/chat-model";
import { countTokens } from "../retrieval/tokens";
import { STOP_REASON } from "./stop-reply";
import type { AssistantMessageMetadata, PromptReport } from "./turn-context";
import type { TurnNotice } from "./turn-gates";

export interface ReplySink {
  token(text: string): void;
  /** The reply is withheld: discard what was shown and show BotCafe's notice instead. At
   * most once, before `end`; no tokens follow it. */
  withhold?(notice: TurnNotice): void;
  /** Called once, after the reply is saved. */
  end(result: FinishedReply): void;
}

/** Checks the bot's words: the text so far at each progress save (`final` false) and the
 * whole reply as it settles (`final` true). */
export interface ReplyGuard {
  check(textSoFar: string, final: boolean): Promise<{ withhold: boolean }>;
  /** For a withheld reply: the notice shown in its place, and what to count, written in
   * the same batch as the saved message. */
  withheld(): Promise<{ notice: TurnNotice; writes: readonly Compilable<unknown>[] }>;
}

/** A withheld reply's metadata says so, and carries the notice shown in its place. */
export type ReplyMetadata = AssistantMessageMetadata & { withheld?: true; withheldNotice?: TurnNotice };

export const WITHHELD_REASON = "withheld";

export interface FinishedReply {
  messageId: string;
  content: string;
  status: MessageStatus;
  metadata: ReplyMetadata;
  /** Tokens as BotCafe counts them (the prompt assembly's tokenizer), whatever the provider
   * reports: what platform-model usage is charged by. */
  counted: { promptTokens: number; completionTokens: number };
}

export interface ReplyPlan {
  /** Unique per generation (a regenerate or continue of the same message gets a new one). */
  turnId: string;
  conversationId: string;
  messageId: string;
  /** When regenerating: the alternative row this reply fills. */
  alternativeId: string | null;
  /** When continuing: the text already there, which the new tokens extend. */
  prefix: string;
  model: ChatModel;
  messages: ChatMessage[];
  maxReplyTokens: number;
  report: PromptReport | undefined;
  /** 0 for a first reply; the alternative's position when regenerating. */
  variant: number;
  /** The API key used, for last_used / usage_count. */
  keyId: string | null;
  /** A failure known before the model runs (no key, prompt too large). */
  failure?: ProviderError;
  /** BotCafe's notices for this reply (from the turn gates), saved on its metadata. */
  notices?: TurnNotice[];
  /** Whether the chatter may see the bot's hidden definition (they created it). */
  quoteBotDefinition?: boolean;
}

/** How often a long reply is saved while it streams, so even a killed worker keeps most of it. */
const CHECKPOINT_MS = 2000;

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

function joinContinuation(prefix: string, text: string): string {
  if (!prefix) return text;
  if (!text || /\s$/.test(prefix) || /^\s/.test(text)) return prefix + text;
  return `${prefix} ${text}`;
}

export async function runReply(
  deps: { db: DB; d1: D1Database; guard?: ReplyGuard },
  plan: ReplyPlan,
  sink: ReplySink,
  signal?: AbortSignal,
): Promise<FinishedReply> {
  const started = now();
  let text = "";
  let firstTokenMs: number | undefined;
  let error: ProviderError | undefined = plan.failure;
  let finishReason: string | undefined;
  let usage: { promptTokens: number; completionTokens: number } | undefined;
  let cutShort = false;
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch {
      // The browser is gone; the reply still completes and is saved.
    }
  };

  // Stop (stop-reply.ts): the caller's signal (a stop in this isolate, or the time limit),
  // or the message found no longer streaming at a progress save (stopped from elsewhere).
  const stopped = new AbortController();
  const modelSignal = signal ? AbortSignal.any([signal, stopped.signal]) : stopped.signal;
  let checkpoint: Promise<unknown> = Promise.resolve();
  let checkpointRunning = false;
  let lastCheckpoint = now();
  let withheld = false;
  const guard = deps.guard;
  const guardSays = async (textSoFar: string, final: boolean) => {
    if (!guard || withheld) return withheld;
    try {
      return (await guard.check(textSoFar, final)).withhold;
    } catch (thrown) {
      console.error("the reply guard failed", thrown);
      return false;
    }
  };
  const saveProgress = () => {
    // A slow check (a classifier) skips saves rather than queueing them; the next one saves more.
    if (checkpointRunning) return;
    checkpointRunning = true;
    const content = joinContinuation(plan.prefix, text);
    checkpoint = checkpoint
      .then(async () => {
        // Checked before it is saved: flagged text never reaches the database, even if the
        // worker dies before the final write.
        if (await guardSays(content, false)) {
          withheld = true;
          stopped.abort(WITHHELD_REASON);
          return;
        }
        const [result] = await deps.db
          .updateTable("messages")
          .set({ content })
          .where("id", "=", plan.messageId)
          .where("status", "=", "streaming")
          .execute();
        if (result && result.numUpdatedRows === 0n) stopped.abort(STOP_REASON);
      })
      .catch(() => {})
      .finally(() => (checkpointRunning = false));
  };

  if (!error) {
    try {
      for await (const event of plan.model.stream({
        messages: plan.messages,
        maxTokens: plan.maxReplyTokens,
        variant: plan.variant,
        quoteBotDefinition: plan.quoteBotDefinition === true,
        signal: modelSignal,
      })) {
        if (modelSignal.aborted) break;
        if (event.type === "text") {
          if (firstTokenMs === undefined) firstTokenMs = Math.round(now() - started);
          text += event.text;
          if (!withheld) safely(() => sink.token(event.text));
          if (now() - lastCheckpoint > CHECKPOINT_MS) {
            lastCheckpoint = now();
            saveProgress();
          }
        } else if (event.type === "done") {
          finishReason = event.finishReason;
          usage = event.usage;
        } else {
          error = event.error;
          break;
        }
      }
      if (!error && !finishReason) cutShort = true;
    } catch (thrown) {
      error = {
        kind: "server",
        message: `The reply stopped unexpectedly: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      };
    }
  }
  if (signal?.aborted && !finishReason) cutShort = true;
  await checkpoint;
  // The whole reply as it settles (however it ended: a stopped or failed reply keeps its
  // text, so that text is checked too).
  if (!withheld && text.trim() && (await guardSays(joinContinuation(plan.prefix, text), true))) withheld = true;
  // A stopped reply keeps what was written, as incomplete; a failure the abort itself
  // caused (a provider's cancelled fetch) is not the provider failing.
  const wasStopped = !withheld && (stopped.signal.aborted || signal?.reason === STOP_REASON);
  if (withheld) {
    // Nothing the model wrote is kept or shown; the turn itself completed.
    cutShort = false;
    finishReason = WITHHELD_REASON;
    if (!plan.failure) error = undefined;
  } else if (wasStopped) {
    cutShort = true;
    finishReason = STOP_REASON;
    if (!plan.failure) error = undefined;
  }

  const withheldAs = withheld && guard ? await guard.withheld() : null;
  if (withheldAs) safely(() => sink.withhold?.(withheldAs.notice));
  const content = withheldAs ? "" : joinContinuation(plan.prefix, text);
  const status: MessageStatus = withheldAs
    ? "complete"
    : error
      ? text
        ? "incomplete"
        : "error"
      : cutShort
        ? "incomplete"
        : "complete";
  const metadata: ReplyMetadata = {
    provider: plan.model.provider,
    model: plan.model.model,
    ...(usage
      ? { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens }
      : plan.report
        ? { promptTokens: plan.report.budget.used }
        : {}),
    latencyMs: Math.round(now() - started),
    ...(firstTokenMs !== undefined ? { firstTokenMs } : {}),
    ...(finishReason ? { finishReason } : {}),
    ...(error ? { error: { kind: error.kind, message: error.message } } : {}),
    ...(plan.report ? { prompt: plan.report } : {}),
    ...(plan.notices?.length ? { notices: plan.notices } : {}),
    ...(withheldAs ? { withheld: true as const, withheldNotice: withheldAs.notice } : {}),
  };
  const metadataJson = JSON.stringify(metadata);

  const writes = [
    deps.db.updateTable("messages").set({ content, status, metadata: metadataJson }).where("id", "=", plan.messageId),
    recountConversation(deps.db, plan.conversationId),
    ...(plan.alternativeId
      ? [
          deps.db
            .updateTable("message_alternatives")
            .set({ content, metadata: metadataJson })
            .where("id", "=", plan.alternativeId),
        ]
      : []),
    ...(plan.keyId && !plan.failure
      ? [
          deps.db
            .updateTable("api_keys")
            .set({
              last_used: sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
              usage_count: sql<number>`usage_count + 1`,
            })
            .where("id", "=", plan.keyId),
        ]
      : []),
    ...(withheldAs ? withheldAs.writes : []),
  ] as const;
  await batch(deps.d1, writes);
  const counted = { promptTokens: plan.report?.budget.used ?? 0, completionTokens: countTokens(text) };
  const result: FinishedReply = { messageId: plan.messageId, content, status, metadata, counted };
  safely(() => sink.end(result));
  return result;
}

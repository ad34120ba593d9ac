/**
 * Runs one model reply to its end and saves it, whatever happens to the browser. The
 * route hands the tokens to a sink (the SSE or streamed-HTML response); a sink that
 * fails (the browser went away) is ignored and generation carries on, so the reply is
 * completed and saved. If the model itself fails or the run is cut short, what arrived is
 * saved with status `incomplete` (or `error` when nothing did) and the failure recorded.
 */
import type { DB, MessageStatus } from "#db/schema";
import { batch } from "#db/batch";
import { recountConversation } from "#db/queries/chat";
import { sql } from "kysely";
import type { ChatMessage, ChatModel, ProviderError } from "../ai/chat-model";
import { countTokens } from "../retrieval/tokens";
import { STOP_REASON } from "./stop-reply";
import type { AssistantMessageMetadata, PromptReport } from "./turn-context";
import type { TurnNotice } from "./turn-gates";

export interface ReplySink {
  token(text: string): void;
  /** Called once, after the reply is saved. */
  end(result: FinishedReply): void;
}

export interface FinishedReply {
  messageId: string;
  content: string;
  status: MessageStatus;
  metadata: AssistantMessageMetadata;
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

export async function runReply(deps: { db: DB; d1: D1Database }, plan: ReplyPlan, sink: ReplySink, signal?: AbortSignal): Promise<FinishedReply> {
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
  let lastCheckpoint = now();
  const saveProgress = () => {
    const content = joinContinuation(plan.prefix, text);
    checkpoint = checkpoint
      .then(async () => {
        const [result] = await deps.db.updateTable("messages").set({ content }).where("id", "=", plan.messageId).where("status", "=", "streaming").execute();
        if (result && result.numUpdatedRows === 0n) stopped.abort(STOP_REASON);
      })
      .catch(() => {});
  };

  if (!error) {
    try {
      for await (const event of plan.model.stream({ messages: plan.messages, maxTokens: plan.maxReplyTokens, variant: plan.variant, quoteBotDefinition: plan.quoteBotDefinition === true, signal: modelSignal })) {
        if (modelSignal.aborted) break;
        if (event.type === "text") {
          if (firstTokenMs === undefined) firstTokenMs = Math.round(now() - started);
          text += event.text;
          safely(() => sink.token(event.text));
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
      error = { kind: "server", message: `The reply stopped unexpectedly: ${thrown instanceof Error ? thrown.message : String(thrown)}` };
    }
  }
  if (signal?.aborted && !finishReason) cutShort = true;
  // A stopped reply keeps what was written, as incomplete; a failure the abort itself
  // caused (a provider's cancelled fetch) is not the provider failing.
  const wasStopped = stopped.signal.aborted || signal?.reason === STOP_REASON;
  if (wasStopped) {
    cutShort = true;
    finishReason = STOP_REASON;
    if (!plan.failure) error = undefined;
  }

  const content = joinContinuation(plan.prefix, text);
  const status: MessageStatus = error ? (text ? "incomplete" : "error") : cutShort ? "incomplete" : "complete";
  const metadata: AssistantMessageMetadata = {
    provider: plan.model.provider,
    model: plan.model.model,
    ...(usage ? { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens } : plan.report ? { promptTokens: plan.report.budget.used } : {}),
    latencyMs: Math.round(now() - started),
    ...(firstTokenMs !== undefined ? { firstTokenMs } : {}),
    ...(finishReason ? { finishReason } : {}),
    ...(error ? { error: { kind: error.kind, message: error.message } } : {}),
    ...(plan.report ? { prompt: plan.report } : {}),
    ...(plan.notices?.length ? { notices: plan.notices } : {}),
  };
  const metadataJson = JSON.stringify(metadata);

  await checkpoint;
  const writes = [
    deps.db.updateTable("messages").set({ content, status, metadata: metadataJson }).where("id", "=", plan.messageId),
    recountConversation(deps.db, plan.conversationId),
    ...(plan.alternativeId ? [deps.db.updateTable("message_alternatives").set({ content, metadata: metadataJson }).where("id", "=", plan.alternativeId)] : []),
    ...(plan.keyId && !plan.failure
      ? [
          deps.db
            .updateTable("api_keys")
            .set({ last_used: sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`, usage_count: sql<number>`usage_count + 1` })
            .where("id", "=", plan.keyId),
        ]
      : []),
  ] as const;
  await batch(deps.d1, writes);
  const counted = { promptTokens: plan.report?.budget.used ?? 0, completionTokens: countTokens(text) };
  const result: FinishedReply = { messageId: plan.messageId, content, status, metadata, counted };
  safely(() => sink.end(result));
  return result;
}

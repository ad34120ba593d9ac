/**
 * The contract between prompt assembly (app/lib/chat) and retrieval (world info,
 * knowledge, memories). For each turn, prompt assembly asks `gatherTurnContext` for the
 * context entries that may go into the prompt; it then fits them into the token budget
 * and records, per assistant message, what went in and what was cut (the prompt
 * inspector reads that record from the message's metadata).
 */
import type { TurnNotice } from "./turn-gates";
import type { DB } from "#db/schema";
import type { Services } from "../services";
import { gatherTurnContextFor } from "../retrieval/gather-turn-context";

export type ContextKind = "world_info" | "knowledge" | "memory";

export interface ContextEntry {
  kind: ContextKind;
  /** The source row: knowledge.id or memories.id. */
  sourceId: string;
  /** For knowledge chunks: which chunk of the source. */
  chunkIndex?: number;
  title: string;
  text: string;
  /** Higher survives the budget cut first (knowledge priority, world-info order, memory rank). */
  priority: number;
  /** Similarity for retrieved entries (0–1, higher is closer). */
  score?: number;
  /** World info: before or after the character definition. */
  position?: "before_character" | "after_character";
  /** Why it is here, for the inspector: 'key "dragon"', 'constant', 'similarity 0.82'. */
  reason: string;
}

export interface TurnContextInput {
  db: DB;
  d1: D1Database;
  services: Services;
  userId: string;
  botId: string;
  conversationId: string;
  /** The most recent messages, oldest first, including the new user message. */
  recentMessages: { role: "user" | "assistant" | "system"; content: string }[];
}

export interface TurnContext {
  entries: ContextEntry[];
  /** Token budgets per kind that prompt assembly must respect. */
  budgets: Record<ContextKind, number>;
}

export const DEFAULT_CONTEXT_BUDGETS: Record<ContextKind, number> = { world_info: 600, knowledge: 800, memory: 400 };

/**
 * Gather world info, knowledge and memories for a turn: world info in insertion order,
 * then knowledge by priority and score, then memories by rank. Fit them with
 * `fitContextToBudget` (app/lib/retrieval/budget.ts), which drops the lowest priority
 * first and says why. The implementation lives in app/lib/retrieval/gather-turn-context.ts.
 */
export async function gatherTurnContext(input: TurnContextInput): Promise<TurnContext> {
  return gatherTurnContextFor(input);
}

/**
 * What prompt assembly records on each assistant message (`messages.metadata.prompt`),
 * so "why did it say this" can be answered later without re-running anything.
 */
export interface PromptReport {
  provider: string;
  model: string;
  budget: {
    contextWindow: number;
    /** Reserved for the reply. */
    maxReplyTokens: number;
    /** What the prompt may use: contextWindow − maxReplyTokens. */
    promptBudget: number;
    /** What the assembled prompt used. */
    used: number;
  };
  /** The assembled prompt's sections in order, with their token counts. */
  sections: { name: string; tokens: number; text: string }[];
  /** Every context entry offered for the turn, whether it made it in, and if not why. */
  context: (ContextEntry & { tokens: number; included: boolean; cutReason?: string })[];
  /** Chat history: how many recent messages went in, and how many older ones were dropped. */
  history: { included: number; dropped: number };
}

/** The shape of `messages.metadata` for assistant replies. */
export interface AssistantMessageMetadata {
  provider: string;
  model: string;
  promptTokens?: number;
  completionTokens?: number;
  latencyMs?: number;
  firstTokenMs?: number;
  finishReason?: string;
  error?: { kind: string; message: string };
  prompt?: PromptReport;
  /** BotCafe's notices shown above this reply (crisis resources, the AI disclosure…): see turn-gates.ts. */
  notices?: TurnNotice[];
}

/**
 * The crisis module's API (what chat and the wellbeing gates import):
 *
 * - createCrisisDetector(env).check(text) → CrisisVerdict: one user message.
 *   `level` is "crisis" | "check_in" | "none"; `crisis` is true for both notice levels.
 *   Picked from configuration (`CRISIS_CLASSIFIER` in wrangler.toml): "llama-guard" in
 *   production (the local check first), the local check otherwise.
 * - checkConversation(recent, message) → CrisisAssessment | null: the new message read
 *   with the person's last 2–3 messages (pure, synchronous).
 * - checkReplyText(text) → { harmful, reason }: a bot reply or the text so far of a
 *   streamed one (pure, synchronous, microseconds; reads the last REPLY_CHECK_CHARS).
 * - createReplyChecker(env).check(reply, userMessage?) → Promise<ReplyVerdict>: the same,
 *   then Llama Guard in production; for the complete reply.
 */
import { LlamaGuardCrisisDetector, LlamaGuardReplyChecker, type AiRunner } from "./llama-guard-detector";
import { LocalCrisisDetector } from "./local-detector";
import { checkReplyText } from "./reply-check";
import type { CrisisDetector, ReplyVerdict } from "./types";

type CrisisEnv = Pick<Env, "AI"> & { CRISIS_CLASSIFIER?: string };

export function createCrisisDetector(env: CrisisEnv): CrisisDetector {
  return env.CRISIS_CLASSIFIER === "llama-guard"
    ? new LlamaGuardCrisisDetector(env.AI as unknown as AiRunner)
    : new LocalCrisisDetector();
}

export interface ReplyChecker {
  check(reply: string, userMessage?: string): Promise<ReplyVerdict>;
}

export function createReplyChecker(env: CrisisEnv): ReplyChecker {
  if (env.CRISIS_CLASSIFIER === "llama-guard") return new LlamaGuardReplyChecker(env.AI as unknown as AiRunner);
  return { check: async (reply) => ({ ...checkReplyText(reply), source: "local" }) };
}

export { checkConversation, CONVERSATION_WINDOW } from "./conversation";
export { assessCrisis, type CrisisAssessment } from "./local-detector";
export { checkReplyText, REPLY_CHECK_CHARS, type ReplyCheck } from "./reply-check";
export type { CrisisDetector, CrisisVerdict, CrisisLanguage, CrisisLevel, ReplyVerdict } from "./types";

/**
 * Production crisis detection: the local phrases first (fast, free, offline-safe), and
 * when they do not fire, Llama Guard 3 on Workers AI, counting only its self-harm
 * category (S11 "Suicide & Self-Harm"). Violence categories (S1…) are ignored on
 * purpose: roleplay is full of them and they are not a crisis. If the classifier fails
 * or times out, the local verdict stands — the turn is never blocked by the classifier.
 * The same model checks the bot's replies (LlamaGuardReplyChecker below).
 */
import { LocalCrisisDetector } from "./local-detector.ts";
import { checkReplyText } from "./reply-check.ts";
import type { CrisisDetector, CrisisVerdict, ReplyVerdict } from "./types.ts";

export const LLAMA_GUARD_MODEL = "@cf/meta/llama-guard-3-8b";
export const SELF_HARM_CATEGORY = "S11";
const CLASSIFIER_TIMEOUT_MS = 4000;

export interface AiRunner {
  run(model: string, inputs: { messages: { role: "user" | "assistant"; content: string }[] }): Promise<unknown>;
}

/**
 * Reads both shapes Workers AI returns for Llama Guard: the parsed object
 * `{ response: { safe: false, categories: ["S11"] } }`, and the model's raw text
 * `{ response: "unsafe\nS11" }` (categories comma-separated on the second line).
 */
export function flagsSelfHarm(output: unknown): boolean {
  const response = (output as { response?: unknown } | null)?.response;
  if (typeof response === "string") {
    const [verdict = "", categories = ""] = response.trim().split(/\r?\n/);
    return (
      verdict.trim().toLowerCase() === "unsafe" &&
      categories.split(",").some((c) => c.trim().toUpperCase() === SELF_HARM_CATEGORY)
    );
  }
  if (response && typeof response === "object") {
    const { safe, categories } = response as { safe?: unknown; categories?: unknown };
    return (
      safe === false &&
      Array.isArray(categories) &&
      categories.some((c) => typeof c === "string" && c.trim().toUpperCase() === SELF_HARM_CATEGORY)
    );
  }
  return false;
}

export class LlamaGuardCrisisDetector implements CrisisDetector {
  private readonly ai: AiRunner;
  private readonly local: CrisisDetector;

  constructor(ai: AiRunner, local: CrisisDetector = new LocalCrisisDetector()) {
    this.ai = ai;
    this.local = local;
  }

  async check(text: string): Promise<CrisisVerdict> {
    const first = await this.local.check(text);
    // A local crisis stands; a local check-in is asked about, so the classifier can raise it.
    if (first.level === "crisis") return first;
    try {
      const output = await withTimeout(
        this.ai.run(LLAMA_GUARD_MODEL, { messages: [{ role: "user", content: text.slice(0, 4000) }] }),
        CLASSIFIER_TIMEOUT_MS,
      );
      if (flagsSelfHarm(output))
        return { crisis: true, level: "crisis", language: first.language, source: "llama-guard" };
    } catch (error) {
      console.error("crisis classifier failed; the local verdict stands", error);
    }
    return first;
  }
}

/**
 * The bot's reply through Llama Guard 3, which classifies the last turn of a conversation:
 * given a user turn then an assistant turn, it judges the assistant's words. The local
 * reply check runs first (microseconds); the classifier is asked only when it found
 * nothing, and only S11 counts. A failing or slow classifier leaves the local verdict.
 * One classifier call per check: run it on the complete reply (or a few checkpoints),
 * and checkReplyText() alone on every streamed checkpoint.
 */
export class LlamaGuardReplyChecker {
  private readonly ai: AiRunner;

  constructor(ai: AiRunner) {
    this.ai = ai;
  }

  async check(reply: string, userMessage = ""): Promise<ReplyVerdict> {
    const local = checkReplyText(reply);
    if (local.harmful) return { ...local, source: "local" };
    try {
      const messages: { role: "user" | "assistant"; content: string }[] = [
        { role: "user", content: userMessage.slice(-2000) },
        { role: "assistant", content: reply.slice(-4000) },
      ];
      const output = await withTimeout(this.ai.run(LLAMA_GUARD_MODEL, { messages }), CLASSIFIER_TIMEOUT_MS);
      if (flagsSelfHarm(output))
        return { harmful: true, reason: `llama-guard.${SELF_HARM_CATEGORY}`, source: "llama-guard" };
    } catch (error) {
      console.error("reply classifier failed; the local verdict stands", error);
    }
    return { harmful: false, source: "local" };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`classifier timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** Picks the crisis detector from configuration (`CRISIS_CLASSIFIER` in wrangler.toml):
 * "llama-guard" in production, the local phrases otherwise. */
import { LlamaGuardCrisisDetector, type AiRunner } from "./llama-guard-detector";
import { LocalCrisisDetector } from "./local-detector";
import type { CrisisDetector } from "./types";

export function createCrisisDetector(env: Pick<Env, "AI"> & { CRISIS_CLASSIFIER?: string }): CrisisDetector {
  return env.CRISIS_CLASSIFIER === "llama-guard" ? new LlamaGuardCrisisDetector(env.AI as unknown as AiRunner) : new LocalCrisisDetector();
}
export type { CrisisDetector, CrisisVerdict, CrisisLanguage } from "./types";

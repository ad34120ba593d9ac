/**
 * One interface for "does this user message express suicidal ideation or self-harm?",
 * with two implementations: the local phrase detector (default, offline) and Llama Guard
 * on Workers AI with the local check as its fast first pass. The chat's crisis gate only
 * sees this interface.
 */
export type CrisisLanguage = "en" | "es" | "other";

export interface CrisisVerdict {
  crisis: boolean;
  /** The message's language as far as we can tell (counted with the referral). */
  language: CrisisLanguage;
  /** Which implementation decided: the local phrases or the classifier. */
  source: "local" | "llama-guard";
  /** The id of the phrase rule that fired (never the user's text), for tests and tuning. */
  rule?: string;
}

export interface CrisisDetector {
  check(text: string): Promise<CrisisVerdict>;
}

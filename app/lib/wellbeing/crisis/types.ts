/**
 * One interface for "does this user message express suicidal ideation or self-harm?",
 * with two implementations: the local detector (default, offline) and Llama Guard on
 * Workers AI with the local check as its fast first pass. The chat's crisis gate only
 * sees this interface.
 */
export type CrisisLanguage = "en" | "es" | "other";

/**
 * How sure the detector is that the person needs help now:
 * - "crisis": said outright, or warning signs together (means with a plan, a farewell,
 *   a decision made final). Show the crisis notice.
 * - "check_in": a warning sign that is often, but not always, a crisis (passive wishes
 *   not to wake up, one strong sign on its own). Show a gentler notice that asks how the
 *   person is and still lists the lines.
 * - "none": nothing to show.
 */
export type CrisisLevel = "crisis" | "check_in" | "none";

export interface CrisisVerdict {
  /** True for both "crisis" and "check_in": the person should see a notice with the
   * crisis lines. Callers that only read this flag show the full crisis notice for a
   * check-in too (the safe side); read `level` to show the gentler one. */
  crisis: boolean;
  level: CrisisLevel;
  /** The message's language as far as we can tell (counted with the referral). */
  language: CrisisLanguage;
  /** Which implementation decided: the local phrases or the classifier. */
  source: "local" | "llama-guard";
  /** The id of the phrase rule or the signals that fired (never the user's text), for tests and tuning. */
  rule?: string;
}

export interface CrisisDetector {
  check(text: string): Promise<CrisisVerdict>;
}

/** A bot reply (complete, or the text so far of a streamed one) checked for content that
 * encourages or instructs suicide or self-harm. */
export interface ReplyVerdict {
  harmful: boolean;
  /** Which pattern fired (never the reply's text), e.g. "reply.method"; absent when not harmful. */
  reason?: string;
  source: "local" | "llama-guard";
}

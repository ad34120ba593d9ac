/** The local crisis detector: phrase rules and combined warning signs over normalised
 * text, offline and fast (microseconds), so it can run on every message and as the first
 * pass before the classifier. */
import { normalizeForCrisis, singleVowels } from "./normalize.ts";
import { CRISIS_RULES, FIGURATIVE, LANGUAGE_HINTS, TOPIC_RULES } from "./phrases.ts";
import { CHECK_IN_SCORE, CRISIS_SCORE, readSignals, scoreSignals, type Signals } from "./signals.ts";
import type { CrisisDetector, CrisisLanguage, CrisisLevel, CrisisVerdict } from "./types.ts";

export interface CrisisAssessment {
  level: Exclude<CrisisLevel, "none">;
  /** The phrase rule ("en.want-die") or the signals ("signals:means+research") that decided. */
  id: string;
  language: "en" | "es";
}

/** Normalised text with figurative idioms ("die laughing") blanked, in its two readings. */
export function readingsOf(text: string): string[] {
  let normalized = normalizeForCrisis(text);
  for (const figurative of FIGURATIVE) normalized = normalized.replace(figurative, " ");
  return [normalized, singleVowels(normalized)];
}

/**
 * What the local detector makes of one message, or null when nothing fired.
 * A phrase rule is a crisis, except that a rule naming only the topic ("suicide", "how
 * many pills") counts for nothing inside a fiction, history or medicine question unless
 * the person steps out of it ("ooc", "for real"). Otherwise the warning signs are scored
 * together (signals.ts).
 */
export function assessCrisis(text: string): CrisisAssessment | null {
  return analyseMessage(text).assessment;
}

/** The assessment with the signals it read (the conversation check reuses them). */
export function analyseMessage(text: string): { assessment: CrisisAssessment | null; signals: Signals } {
  let readings = readingsOf(text);
  let signals = readSignals(readings[0]!);
  const framed =
    (signals.frames.has("fiction") || signals.frames.has("info")) && !signals.frames.has("out-of-character");
  // Asking about a song, a line or a title: the words in quotes are someone else's.
  if (framed) {
    const unquoted = withoutQuotedSpans(text);
    if (unquoted !== text) {
      readings = readingsOf(unquoted);
      signals = readSignals(readings[0]!);
    }
  }
  for (const rule of CRISIS_RULES) {
    if (framed && TOPIC_RULES.has(rule.id)) continue;
    if (readings.some((reading) => rule.pattern.test(reading)))
      return { assessment: { level: "crisis", id: rule.id, language: rule.language }, signals };
  }
  return { assessment: levelFromSignals(signals, text), signals };
}

/** Text with quoted spans ("…", “…”, '…' opened after a space) blanked. Apostrophes inside
 * words ("don't") never open a span. Linear: each span is a negated character class. */
export function withoutQuotedSpans(text: string): string {
  return text
    .slice(0, 4000)
    .replace(/["“”«][^"“”«»\n]{0,300}["“”»]/g, " ")
    .replace(/(^|[\s(¿¡])['‘][^'‘’\n]{0,300}['’](?=[\s.,!?;:)]|$)/g, "$1 ");
}

export function levelFromSignals(signals: Signals, text: string): CrisisAssessment | null {
  const score = scoreSignals(signals);
  if (score < CHECK_IN_SCORE) return null;
  const id = `signals:${[...signals.names]
    .filter((n) => n !== "first-person")
    .sort()
    .join("+")}`;
  const language = guessLanguage(text) === "es" ? "es" : "en";
  return { level: score >= CRISIS_SCORE ? "crisis" : "check_in", id, language };
}

/** The rule that fires on this text, if any, and at which level (synchronous: also used
 * by the benchmark and by the limits gate's "safety before limits" exemption). */
export function matchCrisisRule(
  text: string,
): { id: string; language: "en" | "es"; level: CrisisAssessment["level"] } | null {
  const assessment = assessCrisis(text);
  return assessment && { id: assessment.id, language: assessment.language, level: assessment.level };
}

export function guessLanguage(text: string): CrisisLanguage {
  const words = normalizeForCrisis(text).trim().split(" ");
  const score = (hints: string[]) => words.filter((word) => hints.includes(word)).length;
  const en = score(LANGUAGE_HINTS.en);
  const es = score(LANGUAGE_HINTS.es);
  if (en === 0 && es === 0) return "other";
  // Short messages often tie on words both languages share ("me"); accents break the tie.
  if (es === en) return /[ñáéíóú¿¡]/i.test(text) ? "es" : "en";
  return es > en ? "es" : "en";
}

export function verdictOf(assessment: CrisisAssessment | null, text: string): CrisisVerdict {
  if (assessment)
    return {
      crisis: true,
      level: assessment.level,
      language: assessment.language,
      source: "local",
      rule: assessment.id,
    };
  return { crisis: false, level: "none", language: guessLanguage(text), source: "local" };
}

export class LocalCrisisDetector implements CrisisDetector {
  async check(text: string): Promise<CrisisVerdict> {
    return verdictOf(assessCrisis(text), text);
  }
}

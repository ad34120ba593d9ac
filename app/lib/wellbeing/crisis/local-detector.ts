/** The local crisis detector: phrase rules over normalised text, offline and fast
 * (microseconds), so it can run on every message and as the first pass before the
 * classifier. */
import { normalizeForCrisis, singleVowels } from "./normalize.ts";
import { CRISIS_RULES, FIGURATIVE, LANGUAGE_HINTS } from "./phrases.ts";
import type { CrisisDetector, CrisisLanguage, CrisisVerdict } from "./types.ts";

/** The rule that fires on this text, if any (synchronous: also used by the benchmark). */
export function matchCrisisRule(text: string): { id: string; language: "en" | "es" } | null {
  let normalized = normalizeForCrisis(text);
  for (const figurative of FIGURATIVE) normalized = normalized.replace(figurative, " ");
  const readings = [normalized, singleVowels(normalized)];
  for (const rule of CRISIS_RULES) {
    if (readings.some((reading) => rule.pattern.test(reading))) return { id: rule.id, language: rule.language };
  }
  return null;
}

export function guessLanguage(text: string): CrisisLanguage {
  const words = normalizeForCrisis(text).trim().split(" ");
  const score = (hints: string[]) => words.filter((word) => hints.includes(word)).length;
  const en = score(LANGUAGE_HINTS.en);
  const es = score(LANGUAGE_HINTS.es);
  if (en === 0 && es === 0) return "other";
  return es > en ? "es" : "en";
}

export class LocalCrisisDetector implements CrisisDetector {
  async check(text: string): Promise<CrisisVerdict> {
    const match = matchCrisisRule(text);
    if (match) return { crisis: true, language: match.language, source: "local", rule: match.id };
    return { crisis: false, language: guessLanguage(text), source: "local" };
  }
}

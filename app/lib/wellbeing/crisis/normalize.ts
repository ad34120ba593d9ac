/**
 * Text as the crisis phrases see it: lower case, no accents, common letter swaps undone
 * ("k1ll" → "kill", "$uicide" → "suicide"), apostrophes dropped ("don't" → "dont"),
 * stretched letters shortened ("diieee" → "diiee"), everything else a single space.
 * Patterns are written against this form, so they never deal with case or punctuation.
 */
const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
};

export function normalizeForCrisis(text: string): string {
  let out = text
    .slice(0, 4000)
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’'`´]/g, "");
  // Letter swaps only inside words (a "1" alone, or "$5", stays a number).
  out = out.replace(/(?<=[a-z])[013457@$!](?=[a-z])|(?<=\s|^)[$@](?=[a-z])/g, (ch) => LEET[ch] ?? ch);
  out = out.replace(/([a-z])\1{2,}/g, "$1$1");
  out = out.replace(/[^a-z0-9]+/g, " ").trim();
  return ` ${out} `;
}

/** The same text with doubled vowels made single too ("liive" → "live"), tried as a
 * second reading so stretched words match without breaking real doubles like "kill". */
export function singleVowels(normalized: string): string {
  return normalized.replace(/([aeiou])\1+/g, "$1");
}

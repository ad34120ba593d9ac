/**
 * Typo tolerance for help search: when "memroy" finds nothing, search for "memory" and say
 * so. FTS5 has no fuzzy matching, so the words the help articles use are the dictionary:
 * each search word that starts no word in it is replaced by the closest word within a
 * small edit distance (a typo or two, never a different word), preferring words that
 * appear in more articles.
 *
 * Written here rather than taken from a library because it is small and ours: a bounded
 * optimal-string-alignment distance that gives up as soon as a word cannot be close, so a
 * long or hostile query stays linear in the dictionary's size.
 */

/** Words as help search reads them (the same cut as ftsQuery). */
export function words(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** How many edits a word of this length may need and still count as a typo of another. */
export function allowedEdits(length: number): number {
  return length < 4 ? 0 : length < 7 ? 1 : 2;
}

/**
 * The optimal-string-alignment distance between a and b (insert, delete, substitute, swap
 * two neighbours), or `limit + 1` as soon as it must exceed `limit`.
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, previousPrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** Word → how many articles use it. */
export type Dictionary = Map<string, number>;

export function buildDictionary(texts: Iterable<string>): Dictionary {
  const dictionary: Dictionary = new Map();
  for (const text of texts)
    for (const word of new Set(words(text)))
      if (word.length >= 3 && word.length <= 40) dictionary.set(word, (dictionary.get(word) ?? 0) + 1);
  return dictionary;
}

/** The closest dictionary word to `word` within its allowed edits (ties: the commoner word). */
function closest(word: string, dictionary: Dictionary): string | null {
  const limit = allowedEdits(word.length);
  if (limit === 0) return null;
  let best: { word: string; distance: number; count: number } | null = null;
  for (const [candidate, count] of dictionary) {
    const distance = boundedDistance(word, candidate, limit);
    if (distance > limit) continue;
    if (!best || distance < best.distance || (distance === best.distance && count > best.count))
      best = { word: candidate, distance, count };
  }
  return best?.word ?? null;
}

/**
 * The search with each unknown word corrected, or null when nothing needed (or could be)
 * corrected. A word that begins some dictionary word is known: FTS matches it as a prefix.
 */
export function correctSearch(text: string, dictionary: Dictionary): string | null {
  const original = [...new Set(words(text))].slice(0, 8);
  const known = (word: string) =>
    dictionary.has(word) || [...dictionary.keys()].some((entry) => entry.startsWith(word));
  let changed = false;
  const corrected = original.map((word) => {
    if (known(word)) return word;
    const replacement = closest(word, dictionary);
    if (!replacement) return word;
    changed = true;
    return replacement;
  });
  return changed ? corrected.join(" ") : null;
}

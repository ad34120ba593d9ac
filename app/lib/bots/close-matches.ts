/**
 * When a search finds nothing word for word, look for what the person probably meant:
 *  - a word spelled slightly wrong ("inkeeper" → "innkeeper"): the trigram index of bot
 *    names (bots_fts_trigram, migration 0012) finds names sharing most of the word's
 *    three-letter pieces, and an edit distance check keeps only real near-misses;
 *  - words that are not all in one bot ("knight who protects"): any of the words may
 *    match, a plural or -ing ending also finds the stem ("protects" → "protect…"), and
 *    FTS5's rank puts bots matching more of them first.
 * Everything handed to FTS5 is a quoted run of letters and digits, as in search.ts.
 */
import { sql } from "kysely";
import type { DB } from "#db/schema";
import { searchWords } from "./search";

const MIN_TYPO_WORD = 4;
const MAX_TRIGRAMS = 40;
const TRIGRAM_CANDIDATES = 40;

/** How many typing mistakes a word of this length may carry and still count as meant. */
function allowedEdits(length: number): number {
  return length < MIN_TYPO_WORD ? 0 : length < 8 ? 1 : 2;
}

/** Optimal string alignment distance (Levenshtein plus swapped neighbours), bounded:
 * returns max + 1 as soon as the distance must exceed max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The distinct three-letter pieces of the words long enough to carry a typo. */
export function trigramsOf(words: string[]): string[] {
  const grams = new Set<string>();
  for (const word of words) {
    if (word.length < MIN_TYPO_WORD) continue;
    for (let i = 0; i + 3 <= word.length; i++) grams.add(word.slice(i, i + 3));
  }
  return [...grams].slice(0, MAX_TRIGRAMS);
}

/** Names that share three-letter pieces with the words, best first (one indexed query). */
export function trigramCandidatesQuery(db: DB, words: string[]) {
  const grams = trigramsOf(words);
  if (grams.length === 0) return null;
  const match = grams.map((gram) => `"${gram}"`).join(" OR ");
  return db
    .selectFrom(
      sql<{
        name: string;
        rank: number;
      }>`(SELECT name, rank FROM bots_fts_trigram WHERE bots_fts_trigram MATCH ${match} ORDER BY rank LIMIT ${TRIGRAM_CANDIDATES})`.as(
        "candidates",
      ),
    )
    .select("name");
}

/** For each typed word, the words in the candidate names it is probably a misspelling of. */
export function corrections(words: string[], candidateNames: string[]): Map<string, string[]> {
  const nameWords = new Set(candidateNames.flatMap((name) => searchWords(name.toLowerCase())));
  const out = new Map<string, string[]>();
  for (const word of words) {
    const max = allowedEdits(word.length);
    if (max === 0) continue;
    const close = [...nameWords].filter((candidate) => candidate !== word && editDistance(word, candidate, max) <= max);
    if (close.length > 0) out.set(word, close.slice(0, 5));
  }
  return out;
}

/** A plural or common verb ending taken off, so "protects" also finds "protect". */
export function stemOf(word: string): string {
  for (const ending of ["ing", "es", "ed", "s"]) {
    if (word.length - ending.length >= 4 && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return word;
}

/** Words too common or too short to mean anything on their own ("who", "or", "a"): a
 * forgiving search that matched on them would list half the catalogue. */
const FILLER_WORDS = new Set([
  "the",
  "and",
  "who",
  "what",
  "with",
  "for",
  "that",
  "this",
  "from",
  "are",
  "was",
  "you",
  "your",
  "his",
  "her",
  "its",
  "not",
  "but",
  "any",
]);

/** The forgiving MATCH expression: any meaningful word (as a prefix of its stem) or any
 * correction; null when no word is worth matching alone. */
export function looseFtsQuery(words: string[], corrected: Map<string, string[]>): string | null {
  const alternatives = new Set<string>();
  for (const word of words) {
    if (word.length < 3 || FILLER_WORDS.has(word)) continue;
    alternatives.add(`"${stemOf(word)}"*`);
    for (const correction of corrected.get(word) ?? []) alternatives.add(`"${correction}"`);
  }
  return alternatives.size > 0 ? [...alternatives].join(" OR ") : null;
}

/**
 * Turning what someone typed into a safe FTS5 query. FTS5 has its own syntax (quotes,
 * AND/OR/NOT/NEAR, column filters, `*`, `^`, parentheses) and a malformed query is an SQL
 * error, so user text is never passed through: we keep only its words (letters and
 * digits, as the unicode61 tokenizer sees them), quote each one as a string, and make the
 * last one a prefix so "drag" finds "Dragon". Words are ANDed (implicit in FTS5).
 */

const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 40;

/** The searchable words of what was typed: runs of letters and digits, bounded in number
 * and length. Only these ever reach an FTS5 query. */
export function searchWords(input: string | null | undefined): string[] {
  if (!input) return [];
  const words = input.slice(0, 500).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, MAX_TERMS).map((word) => word.slice(0, MAX_TERM_LENGTH));
}

/** The FTS5 MATCH expression for a search box value, or null when nothing searchable
 * is left (then the caller lists everything instead of searching). */
export function toFtsQuery(input: string | null | undefined): string | null {
  const terms = searchWords(input);
  if (terms.length === 0) return null;
  // A word is only letters/digits, so wrapping it in double quotes can never break out.
  return terms.map((term, i) => (i === terms.length - 1 ? `"${term}"*` : `"${term}"`)).join(" ");
}

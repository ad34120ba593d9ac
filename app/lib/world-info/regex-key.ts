/**
 * Regular-expression lorebook keys. A key is written by a bot's creator and run against
 * what other people type, so it must never be able to stall the server: patterns run on
 * re2js (an RE2 port in plain JavaScript — matching time grows linearly with the text,
 * whatever the pattern), over text capped at MAX_SCANNED_CHARS. RE2 has no
 * backreferences or lookaround; a pattern using them is refused when the entry is saved
 * (`regexKeyProblem`) and never matches at run time (old rows, imported cards).
 */
import { RE2JS } from "re2js";

/** Longest pattern accepted; lorebook keys are words and short alternations. */
export const MAX_PATTERN_CHARS = 500;
/** The scan reads at most this much of the most recent text (about 5k tokens). */
export const MAX_SCANNED_CHARS = 20_000;

export interface CompiledKey {
  test(text: string): boolean;
}

/** `/pattern/flags` (as in SillyTavern) or a bare pattern → its source and flags. */
function splitLiteral(key: string): { source: string; flags: string } {
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(key);
  return literal ? { source: literal[1]!, flags: literal[2]! } : { source: key, flags: "" };
}

function re2Flags(flags: string, caseSensitive: boolean): number {
  let bits = 0;
  if (flags.includes("i") || !caseSensitive) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes("s")) bits |= RE2JS.DOTALL;
  if (flags.includes("m")) bits |= RE2JS.MULTILINE;
  return bits; // g, y, u, d change nothing for a yes/no test.
}

function compile(key: string, caseSensitive: boolean): RE2JS {
  const { source, flags } = splitLiteral(key);
  if (source.length > MAX_PATTERN_CHARS) throw new Error(`longer than ${MAX_PATTERN_CHARS} characters`);
  return RE2JS.compile(source, re2Flags(flags, caseSensitive));
}

/** Compiled keys by flags and pattern: a turn tests the same keys against several texts. */
const cache = new Map<string, CompiledKey | null>();
const MAX_CACHED = 1000;

/** The compiled key, or null for a pattern RE2 cannot run (it then never matches). */
export function compileRegexKey(key: string, caseSensitive: boolean): CompiledKey | null {
  const cacheKey = `${caseSensitive ? "c" : "i"}:${key}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  let compiled: CompiledKey | null;
  try {
    const re = compile(key, caseSensitive);
    compiled = { test: (text) => re.test(capScannedText(text)) };
  } catch {
    compiled = null;
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(cacheKey, compiled);
  return compiled;
}

/** Why a key cannot be saved as a regular expression, or null when it can. */
export function regexKeyProblem(key: string): string | null {
  const { source } = splitLiteral(key);
  if (source.length > MAX_PATTERN_CHARS)
    return `“${key.slice(0, 40)}…” is longer than ${MAX_PATTERN_CHARS} characters.`;
  try {
    compile(key, true);
    return null;
  } catch {
    return `“${key}” is not a valid regular expression here: keys use RE2 syntax, with no backreferences (\\1) or lookarounds ((?=…), (?<=…)).`;
  }
}

/** The most recent MAX_SCANNED_CHARS of the text: keys look at what was just said. */
export function capScannedText(text: string): string {
  return text.length > MAX_SCANNED_CHARS ? text.slice(-MAX_SCANNED_CHARS) : text;
}

/**
 * Lorebook activation, the way character-card lorebooks behave: an entry fires when one
 * of its keys appears in the last `scan_depth` messages (case-insensitive unless the entry
 * says otherwise; optionally whole words only or regular expressions); a `selective`
 * entry also needs one secondary key; `constant` entries always fire; disabled entries
 * never do. With recursive scanning, the text of fired entries is scanned too, a limited
 * number of rounds. Fired entries come back in insertion order (lower first).
 *
 * An entry with a `probability` below 100 (SillyTavern's "Trigger %") is then kept only
 * if a roll of `random()` says so — constant entries too, as in SillyTavern. The random
 * source is a parameter so tests can seed it.
 *
 * The token budget is applied afterwards with everything else (retrieval/budget.ts): the
 * entry's `priority` decides what is dropped first.
 */
import { DEFAULT_MAX_RECURSION_DEPTH, DEFAULT_SCAN_DEPTH } from "./settings";
import { capScannedText, compileRegexKey } from "./regex-key";
import type { LorebookSettings, WorldInfoSettings } from "./types";

export interface WorldInfoEntry {
  id: string;
  title: string;
  content: string;
  settings: WorldInfoSettings;
}

export interface ActivatedWorldInfo {
  entry: WorldInfoEntry;
  /** 'constant', 'key "dragon"', 'key "dragon" + "fire"', with ' (recursion 1)' when text of another entry fired it. */
  reason: string;
  /** 0 for the messages, n for the n-th recursive round. */
  depth: number;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function keyMatches(
  key: string,
  text: string,
  settings: Pick<WorldInfoSettings, "case_sensitive" | "match_whole_words" | "use_regex">,
): boolean {
  if (!key) return false;
  text = capScannedText(text);
  if (settings.use_regex) return compileRegexKey(key, settings.case_sensitive)?.test(text) ?? false;
  if (settings.match_whole_words) {
    const flags = settings.case_sensitive ? "u" : "iu";
    return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegex(key.trim())}(?![\\p{L}\\p{N}_])`, flags).test(text);
  }
  return settings.case_sensitive ? text.includes(key) : text.toLowerCase().includes(key.toLowerCase());
}

/** Why the entry fires against `text`, or null when it does not. */
export function matchEntry(settings: WorldInfoSettings, text: string): string | null {
  const primary = settings.keys.find((key) => keyMatches(key, text, settings));
  if (primary === undefined) return null;
  if (settings.selective && settings.secondary_keys.length > 0) {
    const secondary = settings.secondary_keys.find((key) => keyMatches(key, text, settings));
    if (secondary === undefined) return null;
    return `key "${primary}" + "${secondary}"`;
  }
  return `key "${primary}"`;
}

/** Whether an activated entry survives its probability roll (always at 100 %). */
function passesProbability(settings: WorldInfoSettings, random: () => number): boolean {
  const probability = settings.probability ?? 100;
  return probability >= 100 || random() * 100 < probability;
}

export function activateWorldInfo(
  entries: WorldInfoEntry[],
  messages: string[],
  book: LorebookSettings = {},
  random: () => number = Math.random,
): ActivatedWorldInfo[] {
  const enabled = entries.filter((e) => e.settings.enabled && (e.content.trim() !== "" || e.settings.constant));
  const fired = new Map<string, ActivatedWorldInfo>();
  // An entry that lost its roll this turn stays out, even if recursion matches it again.
  const rolledOut = new Set<string>();
  const roll = (entry: WorldInfoEntry) => {
    if (passesProbability(entry.settings, random)) return true;
    rolledOut.add(entry.id);
    return false;
  };
  const scanText = (depth: number) => messages.slice(-Math.max(0, depth)).join("\n");
  const bookDepth = book.scan_depth ?? DEFAULT_SCAN_DEPTH;

  for (const entry of enabled) {
    if (entry.settings.constant) {
      if (roll(entry)) fired.set(entry.id, { entry, reason: "constant", depth: 0 });
      continue;
    }
    const depth = entry.settings.scan_depth ?? bookDepth;
    if (depth === 0) continue;
    const reason = matchEntry(entry.settings, scanText(depth));
    if (reason && roll(entry)) fired.set(entry.id, { entry, reason, depth: 0 });
  }

  if (book.recursive_scanning) {
    const maxDepth = book.max_recursion_depth ?? DEFAULT_MAX_RECURSION_DEPTH;
    let newlyFired = [...fired.values()];
    for (let round = 1; round <= maxDepth && newlyFired.length > 0; round++) {
      const text = newlyFired.map((a) => a.entry.content).join("\n");
      newlyFired = [];
      for (const entry of enabled) {
        if (fired.has(entry.id) || rolledOut.has(entry.id)) continue;
        const reason = matchEntry(entry.settings, text);
        if (reason && roll(entry)) {
          const activation = { entry, reason: `${reason} (recursion ${round})`, depth: round };
          fired.set(entry.id, activation);
          newlyFired.push(activation);
        }
      }
    }
  }

  return [...fired.values()].sort(
    (a, b) =>
      a.entry.settings.insertion_order - b.entry.settings.insertion_order || a.entry.id.localeCompare(b.entry.id),
  );
}

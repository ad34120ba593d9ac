/**
 * How a `world_info` knowledge entry (a lorebook entry) is stored: `knowledge.content` holds
 * the entry's text and `knowledge.world_info` holds these settings as JSON. The names follow
 * the Character Card V2/V3 `character_book` entry fields so cards import and export
 * without loss.
 */
export interface WorldInfoSettings {
  /** Primary keys: any one matching activates the entry. */
  keys: string[];
  /** With `selective`, one of these must match too. */
  secondary_keys: string[];
  selective: boolean;
  /** Always inserted, keys or not. */
  constant: boolean;
  /** Lower inserts earlier. */
  insertion_order: number;
  position: "before_char" | "after_char";
  enabled: boolean;
  case_sensitive: boolean;
  match_whole_words: boolean;
  use_regex: boolean;
  /** How many recent messages to scan; null uses the book's (or the default). */
  scan_depth: number | null;
  /** When the budget is short, the lowest priority is dropped first. */
  priority: number;
  /** The entry's name/comment in the card. */
  comment: string;
  /** Percent chance (0–100) that a matched entry is used on a turn; 100 = always.
   * SillyTavern's `extensions.probability` (with `useProbability`). */
  probability: number;
  /** SillyTavern's "@ depth" position (`extensions.position` 4): insert this many messages
   * from the end, as this role. Kept so cards round-trip; BotCafe's prompt places world
   * info before/after the character (`position`). */
  at_depth: { depth: number; role: "system" | "user" | "assistant" } | null;
  /** The card entry's `id`, kept for export. */
  card_id?: number | string;
  /** Card fields BotCafe has no column for, given back on export. */
  extensions: Record<string, unknown>;
}

/** Book-level lorebook settings, kept on the bot: `bots.card_extras.character_book`. */
export interface LorebookSettings {
  name?: string;
  description?: string;
  scan_depth?: number;
  token_budget?: number;
  recursive_scanning?: boolean;
  /** With recursive scanning: how many rounds activated text may trigger more entries (default 3). */
  max_recursion_depth?: number;
  extensions?: Record<string, unknown>;
}

export const DEFAULT_WORLD_INFO: WorldInfoSettings = {
  keys: [],
  secondary_keys: [],
  selective: false,
  constant: false,
  insertion_order: 100,
  position: "before_char",
  enabled: true,
  case_sensitive: false,
  match_whole_words: false,
  use_regex: false,
  scan_depth: null,
  priority: 10,
  comment: "",
  probability: 100,
  at_depth: null,
  extensions: {},
};

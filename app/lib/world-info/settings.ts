/** Reading lorebook settings from their JSON columns, tolerating what cards and old rows hold. */
import { parseJsonObject } from "../json";
import { DEFAULT_WORLD_INFO, type LorebookSettings, type WorldInfoSettings } from "./types";

export const DEFAULT_SCAN_DEPTH = 4;
export const DEFAULT_MAX_RECURSION_DEPTH = 3;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v.trim() !== "") : [];
const bool = (value: unknown, fallback: boolean) => (typeof value === "boolean" ? value : fallback);
const num = (value: unknown, fallback: number) =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;

/** A percent chance, clamped to 0–100 (anything else: always). */
export function probabilityOf(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 100;
}

const ROLES = ["system", "user", "assistant"] as const;

function atDepthOf(value: unknown): WorldInfoSettings["at_depth"] {
  if (typeof value !== "object" || value === null) return null;
  const { depth, role } = value as Record<string, unknown>;
  if (typeof depth !== "number" || !Number.isInteger(depth) || depth < 0) return null;
  return { depth, role: ROLES.find((r) => r === role) ?? "system" };
}

/** `knowledge.world_info` → settings with every field present. */
export function parseWorldInfoSettings(json: string | null | undefined): WorldInfoSettings {
  const raw = parseJsonObject<Record<string, unknown>>(json) as Record<string, unknown>;
  const scanDepth = raw.scan_depth;
  return {
    ...DEFAULT_WORLD_INFO,
    ...raw,
    keys: strings(raw.keys),
    secondary_keys: strings(raw.secondary_keys),
    selective: bool(raw.selective, DEFAULT_WORLD_INFO.selective),
    constant: bool(raw.constant, DEFAULT_WORLD_INFO.constant),
    insertion_order: num(raw.insertion_order, DEFAULT_WORLD_INFO.insertion_order),
    position: raw.position === "after_char" ? "after_char" : "before_char",
    enabled: bool(raw.enabled, DEFAULT_WORLD_INFO.enabled),
    case_sensitive: bool(raw.case_sensitive, DEFAULT_WORLD_INFO.case_sensitive),
    match_whole_words: bool(raw.match_whole_words, DEFAULT_WORLD_INFO.match_whole_words),
    use_regex: bool(raw.use_regex, DEFAULT_WORLD_INFO.use_regex),
    scan_depth: typeof scanDepth === "number" && Number.isInteger(scanDepth) && scanDepth >= 0 ? scanDepth : null,
    priority: num(raw.priority, DEFAULT_WORLD_INFO.priority),
    comment: typeof raw.comment === "string" ? raw.comment : "",
    probability: probabilityOf(raw.probability),
    at_depth: atDepthOf(raw.at_depth),
    extensions:
      typeof raw.extensions === "object" && raw.extensions !== null && !Array.isArray(raw.extensions)
        ? (raw.extensions as Record<string, unknown>)
        : {},
  };
}

/** `bots.card_extras` → its `character_book` settings (entries themselves live in `knowledge`). */
export function parseLorebookSettings(cardExtrasJson: string | null | undefined): LorebookSettings {
  const extras = parseJsonObject<Record<string, unknown>>(cardExtrasJson) as Record<string, unknown>;
  const book = extras.character_book;
  if (typeof book !== "object" || book === null || Array.isArray(book)) return {};
  const raw = book as Record<string, unknown>;
  const positiveInt = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined);
  return {
    ...(typeof raw.name === "string" ? { name: raw.name } : {}),
    ...(positiveInt(raw.scan_depth) !== undefined ? { scan_depth: positiveInt(raw.scan_depth) } : {}),
    ...(positiveInt(raw.token_budget) ? { token_budget: positiveInt(raw.token_budget) } : {}),
    ...(typeof raw.recursive_scanning === "boolean" ? { recursive_scanning: raw.recursive_scanning } : {}),
    ...(positiveInt(raw.max_recursion_depth) !== undefined
      ? { max_recursion_depth: positiveInt(raw.max_recursion_depth) }
      : {}),
  };
}

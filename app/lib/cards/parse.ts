/**
 * Reading a Character Card (V1, V2 `chara_card_v2`, V3 `chara_card_v3`) into what BotCafe
 * stores: bot columns, world-info entries, and `card_extras` for every card field that has
 * no column (so an export gives it back). Also says, field by field, what was imported,
 * kept aside and ignored — the import report. Anything malformed throws CardError with a
 * message a person can act on.
 */
import { regexKeyProblem } from "~/lib/world-info/regex-key";
import { DEFAULT_WORLD_INFO, type WorldInfoSettings } from "~/lib/world-info/types";
import { base64ToUtf8, isPng, PngError, readPngChunks, readTextChunks } from "./png";

export class CardError extends Error {}

export type CardSpec = "v1" | "v2" | "v3";

export interface CardBotFields {
  name: string;
  description: string;
  personality: string;
  scenario: string;
  greeting: string;
  example_dialogues: string;
  system_prompt: string;
  creator_notes: string;
  post_history_instructions: string;
  tags: string[];
  alternate_greetings: string[];
}

export interface CardWorldInfoEntry {
  title: string;
  content: string;
  settings: WorldInfoSettings;
}

export interface ImportReport {
  spec: CardSpec;
  source: "png" | "json";
  imported: string[];
  keptAside: string[];
  ignored: { field: string; reason: string }[];
}

export interface ParsedCard {
  bot: CardBotFields;
  /** Goes to bots.card_extras (creator, character_version, extensions, V3 extras, book settings…). */
  extras: Record<string, unknown>;
  worldInfo: CardWorldInfoEntry[];
  report: ImportReport;
}

export const MAX_CARD_BYTES = 2 * 1024 * 1024;
export const MAX_CARD_TEXT = 100_000;
export const MAX_BOOK_ENTRIES = 500;
const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 60;

/** Card `data` fields that map onto a bot column. */
const COLUMN_FIELDS = {
  name: "name",
  description: "description",
  personality: "personality",
  scenario: "scenario",
  first_mes: "greeting",
  mes_example: "example_dialogues",
  system_prompt: "system_prompt",
  creator_notes: "creator_notes",
  post_history_instructions: "post_history_instructions",
} as const satisfies Record<string, keyof CardBotFields>;

/** Spec fields with no column: kept as-is in card_extras. V3-only ones are marked. */
export const EXTRA_FIELDS_V2 = ["creator", "character_version", "extensions"] as const;
export const EXTRA_FIELDS_V3_ONLY = [
  "group_only_greetings",
  "assets",
  "nickname",
  "creator_notes_multilingual",
  "source",
  "creation_date",
  "modification_date",
] as const;
const BOOK_SETTINGS = [
  "name",
  "description",
  "scan_depth",
  "token_budget",
  "recursive_scanning",
  "extensions",
] as const;
const ENTRY_FIELDS = new Set([
  "keys",
  "content",
  "extensions",
  "enabled",
  "insertion_order",
  "case_sensitive",
  "use_regex",
  "constant",
  "name",
  "priority",
  "id",
  "comment",
  "selective",
  "secondary_keys",
  "position",
]);
const V1_FIELDS = ["name", "description", "personality", "scenario", "first_mes", "mes_example"] as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Read a card from uploaded bytes: a PNG with `ccv3`/`chara` tEXt chunks, or JSON. */
export function parseCardFile(bytes: Uint8Array): ParsedCard & { png: Uint8Array | null } {
  if (bytes.length === 0) throw new CardError("That file is empty.");
  if (bytes.length > MAX_CARD_BYTES)
    throw new CardError(`That file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; cards may be at most 2 MB.`);
  if (isPng(bytes)) {
    let texts: Map<string, string>;
    try {
      texts = readTextChunks(readPngChunks(bytes));
    } catch (error) {
      throw new CardError(error instanceof PngError ? error.message : "That PNG file is damaged.");
    }
    const v3 = texts.get("ccv3");
    const v2 = texts.get("chara");
    const text = v3 ?? v2;
    if (text === undefined)
      throw new CardError("That PNG has no character card in it (no `chara` or `ccv3` text chunk).");
    let json: string;
    try {
      json = base64ToUtf8(text);
    } catch (error) {
      throw new CardError(error instanceof PngError ? error.message : "The card data in the PNG is not valid base64.");
    }
    const card = parseCardJson(json, "png");
    if (v3 !== undefined && v2 !== undefined)
      card.report.ignored.push({
        field: "PNG chunk `chara`",
        reason: "The PNG also has a `ccv3` (V3) chunk, which takes precedence.",
      });
    return { ...card, png: bytes };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CardError("That file is neither a PNG image nor UTF-8 JSON text.");
  }
  if (!/^\s*\{/.test(text.replace(/^\uFEFF/, "")))
    throw new CardError("That file is neither a PNG card nor a JSON card.");
  return { ...parseCardJson(text.replace(/^\uFEFF/, ""), "json"), png: null };
}

export function parseCardJson(text: string, source: "png" | "json"): ParsedCard {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CardError("The card is not valid JSON.");
  }
  if (!isObject(value)) throw new CardError("The card JSON must be an object.");
  if ("spec" in value) {
    if (value.spec === "chara_card_v3") return parseSpecCard(value, "v3", source);
    if (value.spec === "chara_card_v2") return parseSpecCard(value, "v2", source);
    throw new CardError(
      `Unsupported card spec ${JSON.stringify(String(value.spec)).slice(0, 60)}: expected chara_card_v2 or chara_card_v3.`,
    );
  }
  if (typeof value.name === "string" && V1_FIELDS.some((field) => field !== "name" && field in value))
    return parseV1(value, source);
  throw new CardError("That JSON is not a character card (no `spec`, and not a V1 card with a name and description).");
}

function str(data: Json, field: string): string {
  const value = data[field];
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new CardError(`The card field \`${field}\` must be text.`);
  if (value.length > MAX_CARD_TEXT)
    throw new CardError(
      `The card field \`${field}\` is too long (at most ${MAX_CARD_TEXT.toLocaleString("en")} characters).`,
    );
  return value;
}

function strArray(data: Json, field: string): string[] {
  const value = data[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw new CardError(`The card field \`${field}\` must be a list of text.`);
  if (value.length > 500 || value.some((v: string) => v.length > MAX_CARD_TEXT))
    throw new CardError(`The card field \`${field}\` is too large.`);
  return value as string[];
}

function emptyBot(): CardBotFields {
  return {
    name: "",
    description: "",
    personality: "",
    scenario: "",
    greeting: "",
    example_dialogues: "",
    system_prompt: "",
    creator_notes: "",
    post_history_instructions: "",
    tags: [],
    alternate_greetings: [],
  };
}

function requireName(bot: CardBotFields) {
  bot.name = bot.name.trim();
  if (!bot.name) throw new CardError("The card has no name.");
  if (bot.name.length > 200) throw new CardError("The card's name is too long (at most 200 characters).");
}

function parseV1(card: Json, source: "png" | "json"): ParsedCard {
  const bot = emptyBot();
  const report: ImportReport = { spec: "v1", source, imported: [], keptAside: [], ignored: [] };
  for (const field of V1_FIELDS) {
    bot[COLUMN_FIELDS[field]] = str(card, field);
    if (bot[COLUMN_FIELDS[field]]) report.imported.push(field);
  }
  requireName(bot);
  for (const key of Object.keys(card)) {
    if (!(V1_FIELDS as readonly string[]).includes(key))
      report.ignored.push({ field: key, reason: "Not a Character Card V1 field." });
  }
  return { bot, extras: {}, worldInfo: [], report };
}

function parseSpecCard(card: Json, spec: "v2" | "v3", source: "png" | "json"): ParsedCard {
  const data = card.data;
  if (!isObject(data))
    throw new CardError(`A ${spec === "v3" ? "chara_card_v3" : "chara_card_v2"} card must have a \`data\` object.`);
  const bot = emptyBot();
  const extras: Json = {};
  const report: ImportReport = { spec, source, imported: [], keptAside: [], ignored: [] };

  for (const [field, column] of Object.entries(COLUMN_FIELDS)) {
    (bot[column] as string) = str(data, field);
    if (bot[column])
      report.imported.push(
        field === "first_mes"
          ? "first_mes (greeting)"
          : field === "mes_example"
            ? "mes_example (example dialogues)"
            : field,
      );
  }
  requireName(bot);

  const tags = strArray(data, "tags").map((tag) => tag.trim());
  bot.tags = [...new Set(tags.filter((tag) => tag.length > 0 && tag.length <= MAX_TAG_LENGTH))].slice(0, MAX_TAGS);
  if (bot.tags.length > 0) report.imported.push(`tags (${bot.tags.length})`);
  if (bot.tags.length < tags.length)
    report.ignored.push({
      field: "tags",
      reason: `${tags.length - bot.tags.length} empty, repeated or over-long tag(s) (over ${MAX_TAG_LENGTH} characters, or past ${MAX_TAGS} tags).`,
    });
  bot.alternate_greetings = strArray(data, "alternate_greetings");
  if (bot.alternate_greetings.length > 0)
    report.imported.push(`alternate_greetings (${bot.alternate_greetings.length})`);

  const extraFields: readonly string[] =
    spec === "v3" ? [...EXTRA_FIELDS_V2, ...EXTRA_FIELDS_V3_ONLY] : EXTRA_FIELDS_V2;
  for (const field of extraFields) {
    if (data[field] === undefined) continue;
    extras[field] = data[field];
    if (field === "extensions" && isObject(data[field]) && Object.keys(data[field]).length === 0) continue;
    if (field === "group_only_greetings" && Array.isArray(data[field]) && data[field].length === 0) continue;
    report.keptAside.push(`${field} — BotCafe has no field for it; it is kept and given back on export.`);
  }

  const book = data.character_book;
  const worldInfo: CardWorldInfoEntry[] = [];
  if (book !== undefined && book !== null) {
    if (!isObject(book)) throw new CardError("The card field `character_book` must be an object.");
    // Book settings are kept verbatim (typed as LorebookSettings where they are read).
    const settings: Json = {};
    for (const key of BOOK_SETTINGS) if (book[key] !== undefined) settings[key] = book[key];
    extras.character_book = settings;
    const entries = book.entries ?? [];
    if (!Array.isArray(entries)) throw new CardError("`character_book.entries` must be a list.");
    if (entries.length > MAX_BOOK_ENTRIES)
      throw new CardError(`The lorebook has ${entries.length} entries; at most ${MAX_BOOK_ENTRIES} can be imported.`);
    entries.forEach((entry, index) => worldInfo.push(parseEntry(entry, index, report)));
    if (worldInfo.length > 0)
      report.imported.push(
        `character_book: ${worldInfo.length} world-info entr${worldInfo.length === 1 ? "y" : "ies"}`,
      );
    for (const key of Object.keys(book)) {
      if (key !== "entries" && !(BOOK_SETTINGS as readonly string[]).includes(key))
        report.ignored.push({ field: `character_book.${key}`, reason: "Not a lorebook field in the spec." });
    }
    if (Object.keys(settings).length > 0)
      report.keptAside.push(
        "character_book settings (name, scan depth, token budget…) — kept on the bot and given back on export.",
      );
  }

  const known = new Set<string>([
    ...Object.keys(COLUMN_FIELDS),
    "tags",
    "alternate_greetings",
    "character_book",
    ...extraFields,
  ]);
  for (const key of Object.keys(data)) {
    if (known.has(key)) continue;
    if (spec === "v2" && (EXTRA_FIELDS_V3_ONLY as readonly string[]).includes(key)) {
      report.ignored.push({ field: key, reason: "A V3 field inside a V2 card." });
      continue;
    }
    // Non-spec fields inside `data` are the creator's: keep them so export gives them back.
    extras[key] = data[key];
    report.keptAside.push(`${key} — not a spec field; kept and given back on export.`);
  }
  for (const key of Object.keys(card)) {
    if (key === "spec" || key === "spec_version" || key === "data") continue;
    report.ignored.push({
      field: key,
      reason: "Outside `data`: V2/V3 cards keep their fields in `data` (tools often add a V1 copy here).",
    });
  }
  return { bot, extras, worldInfo, report };
}

/**
 * The lorebook settings SillyTavern keeps in an entry's `extensions` (its character-book
 * import reads them there: match_whole_words, scan_depth, case_sensitive, probability with
 * useProbability, position 4 = "@ depth" with depth and role). Present ones win over the
 * spec fields, as in SillyTavern; anything malformed is left to the defaults.
 */
export function sillyTavernEntrySettings(extensions: Record<string, unknown>): Partial<WorldInfoSettings> {
  const out: Partial<WorldInfoSettings> = {};
  if (typeof extensions.match_whole_words === "boolean") out.match_whole_words = extensions.match_whole_words;
  if (typeof extensions.case_sensitive === "boolean") out.case_sensitive = extensions.case_sensitive;
  const scanDepth = extensions.scan_depth;
  if (typeof scanDepth === "number" && Number.isInteger(scanDepth) && scanDepth >= 0) out.scan_depth = scanDepth;
  const probability = extensions.probability;
  if (extensions.useProbability !== false && typeof probability === "number" && Number.isFinite(probability))
    out.probability = Math.min(100, Math.max(0, probability));
  const depth = extensions.depth;
  if (extensions.position === 4 && typeof depth === "number" && Number.isInteger(depth) && depth >= 0) {
    out.at_depth = { depth, role: extensions.role === 1 ? "user" : extensions.role === 2 ? "assistant" : "system" };
  }
  return out;
}

function parseEntry(entry: unknown, index: number, report: ImportReport): CardWorldInfoEntry {
  const where = `character_book.entries[${index}]`;
  if (!isObject(entry)) throw new CardError(`${where} must be an object.`);
  const bool = (field: string, fallback: boolean) => {
    const value = entry[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "boolean") throw new CardError(`${where}.${field} must be true or false.`);
    return value;
  };
  const num = (field: string, fallback: number) => {
    const value = entry[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new CardError(`${where}.${field} must be a number.`);
    return value;
  };
  const content = str(entry, "content");
  const keys = strArray(entry, "keys");
  const position = entry.position;
  if (position !== undefined && position !== null && position !== "before_char" && position !== "after_char") {
    throw new CardError(`${where}.position must be "before_char" or "after_char".`);
  }
  if (entry.extensions !== undefined && !isObject(entry.extensions))
    throw new CardError(`${where}.extensions must be an object.`);
  const id = entry.id;
  const name = str(entry, "name");
  const comment = str(entry, "comment");
  const settings: WorldInfoSettings = {
    ...DEFAULT_WORLD_INFO,
    keys,
    secondary_keys: strArray(entry, "secondary_keys"),
    selective: bool("selective", false),
    constant: bool("constant", false),
    insertion_order: num("insertion_order", DEFAULT_WORLD_INFO.insertion_order),
    position: position ?? DEFAULT_WORLD_INFO.position,
    enabled: bool("enabled", true),
    case_sensitive: bool("case_sensitive", false),
    use_regex: bool("use_regex", false),
    priority: num("priority", DEFAULT_WORLD_INFO.priority),
    comment,
    extensions: (entry.extensions as Record<string, unknown> | undefined) ?? {},
    ...(typeof id === "number" || typeof id === "string" ? { card_id: id } : {}),
    ...sillyTavernEntrySettings((entry.extensions as Record<string, unknown> | undefined) ?? {}),
  };
  for (const key of Object.keys(entry))
    if (!ENTRY_FIELDS.has(key))
      report.ignored.push({
        field: `${where}.${key}`,
        reason: "Not a lorebook entry field in the spec (tools keep extras in `extensions`).",
      });
  if (settings.use_regex) {
    // Regex keys run on RE2 (app/lib/world-info/regex-key.ts); say which ones never can.
    for (const key of [...settings.keys, ...settings.secondary_keys]) {
      if (regexKeyProblem(key))
        report.ignored.push({
          field: `${where}.keys`,
          reason: `“${key.slice(0, 80)}” uses regular-expression syntax BotCafe does not run (backreferences or lookarounds); it is kept for export but never matches.`,
        });
    }
  }
  const title = (name || comment || keys[0] || `Entry ${index + 1}`).slice(0, 200);
  return { title, content, settings };
}

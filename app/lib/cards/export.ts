/**
 * Writing a bot back out as a Character Card: V2 JSON, V3 JSON, or a PNG carrying both
 * (`chara` = V2, `ccv3` = V3, base64). Fields with no column come back from card_extras,
 * lorebook entries from the bot's world_info knowledge rows.
 */
import { parseJsonArray, parseJsonObject } from "~/lib/json";
import { DEFAULT_WORLD_INFO, type WorldInfoSettings } from "~/lib/world-info/types";
import { EXTRA_FIELDS_V3_ONLY } from "./parse";
import { portraitCardPng } from "../art/raster";
import { isPng, readPngChunks, utf8ToBase64, withTextChunks, writePng } from "./png";

/** A card_extras key BotCafe uses itself (never exported). */
export const IMPORT_REPORT_KEY = "botcafe_import_report";

export interface ExportableBot {
  name: string;
  description: string;
  personality: string;
  scenario: string;
  greeting: string;
  example_dialogues: string;
  system_prompt: string;
  creator_notes: string;
  post_history_instructions: string;
  tags: string;
  alternate_greetings: string;
  card_extras: string;
}

export interface ExportableWorldInfo {
  title: string;
  content: string;
  world_info: string;
}

type Json = Record<string, unknown>;

const ROLE_NUMBER = { system: 0, user: 1, assistant: 2 } as const;

/**
 * The entry's `extensions`, with the settings SillyTavern reads there written from ours
 * (the card spec has no field for them): match_whole_words, scan_depth, case_sensitive,
 * probability/useProbability, and position (0 before, 1 after the character, 4 "@ depth"
 * with depth and role). Other tools' keys in `extensions` are given back untouched.
 */
export function sillyTavernExtensions(s: WorldInfoSettings): Json {
  const probability = s.probability ?? 100;
  return {
    ...(s.extensions ?? {}),
    match_whole_words: s.match_whole_words,
    case_sensitive: s.case_sensitive,
    scan_depth: s.scan_depth,
    probability,
    useProbability: probability < 100 || s.extensions?.useProbability === true,
    position: s.at_depth ? 4 : s.position === "after_char" ? 1 : 0,
    ...(s.at_depth ? { depth: s.at_depth.depth, role: ROLE_NUMBER[s.at_depth.role] } : {}),
  };
}

function bookEntry(row: ExportableWorldInfo, index: number, spec: "v2" | "v3"): Json {
  const s: WorldInfoSettings = { ...DEFAULT_WORLD_INFO, ...parseJsonObject<WorldInfoSettings>(row.world_info) };
  const entry: Json = {
    keys: s.keys,
    content: row.content,
    extensions: sillyTavernExtensions(s),
    enabled: s.enabled,
    insertion_order: s.insertion_order,
    case_sensitive: s.case_sensitive,
    name: row.title,
    priority: s.priority,
    id: s.card_id ?? index,
    comment: s.comment,
    selective: s.selective,
    secondary_keys: s.secondary_keys,
    constant: s.constant,
    position: s.position,
  };
  if (spec === "v3") entry.use_regex = s.use_regex;
  return entry;
}

/** The card's `data` object for one spec version. */
export function cardData(bot: ExportableBot, worldInfo: ExportableWorldInfo[], spec: "v2" | "v3"): Json {
  const extras = parseJsonObject<Json>(bot.card_extras) as Json;
  const { character_book: bookSettings, [IMPORT_REPORT_KEY]: _report, ...rest } = extras;
  const data: Json = {};
  // Non-column fields first (creator's own keys too), then the columns, which win.
  for (const [key, value] of Object.entries(rest)) {
    if (spec === "v2" && (EXTRA_FIELDS_V3_ONLY as readonly string[]).includes(key)) continue;
    data[key] = value;
  }
  Object.assign(data, {
    name: bot.name,
    description: bot.description,
    personality: bot.personality,
    scenario: bot.scenario,
    first_mes: bot.greeting,
    mes_example: bot.example_dialogues,
    creator_notes: bot.creator_notes,
    system_prompt: bot.system_prompt,
    post_history_instructions: bot.post_history_instructions,
    alternate_greetings: parseJsonArray(bot.alternate_greetings),
    tags: parseJsonArray(bot.tags),
    creator: typeof rest.creator === "string" ? rest.creator : "",
    character_version: typeof rest.character_version === "string" ? rest.character_version : "",
    extensions: typeof rest.extensions === "object" && rest.extensions !== null ? rest.extensions : {},
  });
  if (spec === "v3")
    data.group_only_greetings = Array.isArray(rest.group_only_greetings) ? rest.group_only_greetings : [];
  if (worldInfo.length > 0 || (typeof bookSettings === "object" && bookSettings !== null)) {
    const settings = typeof bookSettings === "object" && bookSettings !== null ? (bookSettings as Json) : {};
    data.character_book = { extensions: {}, ...settings, entries: worldInfo.map((row, i) => bookEntry(row, i, spec)) };
  }
  return data;
}

export function cardV2(bot: ExportableBot, worldInfo: ExportableWorldInfo[]) {
  return { spec: "chara_card_v2", spec_version: "2.0", data: cardData(bot, worldInfo, "v2") };
}

export function cardV3(bot: ExportableBot, worldInfo: ExportableWorldInfo[]) {
  return { spec: "chara_card_v3", spec_version: "3.0", data: cardData(bot, worldInfo, "v3") };
}

/** The card as a PNG: on the bot's PNG avatar when it has one, else on its generated
 * portrait with its name beneath (the same face its pages show). */
export async function cardPng(
  bot: ExportableBot,
  worldInfo: ExportableWorldInfo[],
  avatarPng: Uint8Array | null,
): Promise<Uint8Array<ArrayBuffer>> {
  let chunks;
  try {
    chunks = avatarPng && isPng(avatarPng) ? readPngChunks(avatarPng) : null;
  } catch {
    chunks = null; // a damaged stored avatar: fall back to the portrait
  }
  chunks ??= readPngChunks(await portraitCardPng(bot.name, bot.name));
  return writePng(
    withTextChunks(chunks, {
      chara: utf8ToBase64(JSON.stringify(cardV2(bot, worldInfo))),
      ccv3: utf8ToBase64(JSON.stringify(cardV3(bot, worldInfo))),
    }),
  );
}

/**
 * The knowledge entry form: its zod schema (one schema for create and edit) and how a
 * valid submission becomes a row, including the lorebook settings of a world_info entry.
 */
import { z } from "zod";
import type { ContentType, Priority } from "#db/schema";
import { formField } from "../forms";
import type { EntryValues } from "./entries";
import { regexKeyProblem } from "../world-info/regex-key";
import { DEFAULT_WORLD_INFO, type WorldInfoSettings } from "../world-info/types";

export const CONTENT_TYPES: { value: ContentType; label: string }[] = [
  { value: "text", label: "Text" },
  { value: "document", label: "Document" },
  { value: "conversation", label: "Conversation" },
  { value: "world_info", label: "World info (lorebook entry)" },
];
export const PRIORITIES: { value: Priority; label: string }[] = [
  { value: "low", label: "Low" },
  { value: "normal", label: "Normal" },
  { value: "high", label: "High" },
  { value: "critical", label: "Critical" },
];

/** Longest content accepted for one entry (about 25k tokens). */
export const MAX_CONTENT_CHARS = 100_000;

const optionalId = z
  .string()
  .trim()
  .max(64, "Pick one of the listed options.")
  .optional()
  .transform((v) => (v ? v : null));

const keyList = (label: string) =>
  formField
    .optionalText(label, 2000)
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((k) => k.trim())
          .filter(Boolean),
      ),
    ])
    .refine((keys) => keys.length <= 50, `${label}: at most 50 keys.`);

/** An optional whole-number input: empty means "not set". */
const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .max(12, `${label} must be a whole number.`)
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const n = Number(v);
      if (!/^-?\d+$/.test(v) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be a whole number from ${min} to ${max}.` });
        return z.NEVER;
      }
      return n;
    });

export const entrySchema = z
  .object({
    title: formField.text("Title", 200),
    content: formField.text("Content", MAX_CONTENT_CHARS),
    content_type: z.enum(["text", "document", "conversation", "world_info"], { error: "Pick a content type." }),
    source_url: formField
      .optionalText("Source URL", 2000)
      .refine((v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v), "The source URL must start with http:// or https://."),
    priority: z.enum(["low", "normal", "high", "critical"], { error: "Pick a priority." }),
    collection_id: optionalId,
    bot_id: optionalId,
    wi_keys: keyList("Keys"),
    wi_secondary_keys: keyList("Secondary keys"),
    wi_selective: formField.checkbox(),
    wi_constant: formField.checkbox(),
    wi_enabled: formField.checkbox(),
    wi_case_sensitive: formField.checkbox(),
    wi_match_whole_words: formField.checkbox(),
    wi_use_regex: formField.checkbox(),
    wi_position: z.enum(["before_char", "after_char"], { error: "Pick a position." }).default("before_char"),
    wi_insertion_order: wholeNumber("Insertion order", -100000, 100000),
    wi_priority: wholeNumber("Priority in the budget", -100000, 100000),
    wi_scan_depth: wholeNumber("Scan depth", 0, 100),
    wi_comment: formField.optionalText("Comment", 200),
  })
  .superRefine((value, ctx) => {
    if (value.content_type !== "world_info") return;
    if (!value.wi_constant && value.wi_keys.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["wi_keys"],
        message: "A world info entry needs at least one key (or check “Always active”).",
      });
    if (value.wi_use_regex) {
      for (const key of [...value.wi_keys, ...value.wi_secondary_keys]) {
        const problem = regexKeyProblem(key);
        if (problem)
          ctx.addIssue({
            code: "custom",
            path: [value.wi_keys.includes(key) ? "wi_keys" : "wi_secondary_keys"],
            message: problem,
          });
      }
    }
  });

export type EntrySubmission = z.output<typeof entrySchema>;

/** The lorebook settings from a submission, keeping card fields the form does not show. */
export function worldInfoFromSubmission(
  value: EntrySubmission,
  previous: Partial<WorldInfoSettings> = {},
): WorldInfoSettings {
  return {
    ...DEFAULT_WORLD_INFO,
    ...previous,
    keys: value.wi_keys,
    secondary_keys: value.wi_secondary_keys,
    selective: value.wi_selective,
    constant: value.wi_constant,
    enabled: value.wi_enabled,
    case_sensitive: value.wi_case_sensitive,
    match_whole_words: value.wi_match_whole_words,
    use_regex: value.wi_use_regex,
    position: value.wi_position,
    insertion_order: value.wi_insertion_order ?? DEFAULT_WORLD_INFO.insertion_order,
    priority: value.wi_priority ?? DEFAULT_WORLD_INFO.priority,
    scan_depth: value.wi_scan_depth ?? null,
    comment: value.wi_comment,
  };
}

/** What the entry form saves: the row's fields, and lorebook settings for world info
 * (merged over `previousWorldInfo`, so card fields the form does not show survive edits). */
export function entryValuesFromSubmission(
  value: EntrySubmission,
  previousWorldInfo: Partial<WorldInfoSettings> = {},
): EntryValues {
  return {
    title: value.title,
    content: value.content,
    content_type: value.content_type,
    source_url: value.source_url || null,
    priority: value.priority,
    collection_id: value.collection_id,
    bot_id: value.bot_id,
    world_info: value.content_type === "world_info" ? worldInfoFromSubmission(value, previousWorldInfo) : {},
  };
}

/** Form defaults for an existing entry (or a new one). */
export function entryFormDefaults(
  entry?: {
    title: string;
    content: string;
    content_type: ContentType;
    source_url: string | null;
    priority: Priority;
    collection_id: string | null;
    bot_id: string | null;
  },
  settings: WorldInfoSettings = DEFAULT_WORLD_INFO,
) {
  return {
    title: entry?.title ?? "",
    content: entry?.content ?? "",
    content_type: entry?.content_type ?? "text",
    source_url: entry?.source_url ?? "",
    priority: entry?.priority ?? "normal",
    collection_id: entry?.collection_id ?? "",
    bot_id: entry?.bot_id ?? "",
    wi_keys: settings.keys.join(", "),
    wi_secondary_keys: settings.secondary_keys.join(", "),
    wi_selective: settings.selective,
    wi_constant: settings.constant,
    wi_enabled: settings.enabled,
    wi_case_sensitive: settings.case_sensitive,
    wi_match_whole_words: settings.match_whole_words,
    wi_use_regex: settings.use_regex,
    wi_position: settings.position,
    wi_insertion_order: String(settings.insertion_order),
    wi_priority: String(settings.priority),
    wi_scan_depth: settings.scan_depth === null ? "" : String(settings.scan_depth),
    wi_comment: settings.comment,
  };
}
export type EntryFormDefaults = ReturnType<typeof entryFormDefaults>;

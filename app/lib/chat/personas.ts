/**
 * Personas: the person a user plays in a chat. The form schema (every field of the
 * collection) and the writes, including "only one default" (the partial unique index
 * personas_one_default backs it up; the batch clears the old default first).
 */
import { z } from "zod";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { formField } from "../forms";
import { newId } from "../ids";
import { inspectImage, isEmptyFile, storeImageBytes } from "../media/upload";

export const COMMUNICATION_STYLES = ["formal", "casual", "playful", "poetic", "direct", "supportive"] as const;
export const RESPONSE_LENGTHS = ["concise", "moderate", "detailed"] as const;
export const HUMOR_LEVELS = ["none", "subtle", "moderate", "high"] as const;
export const FORMALITY_LEVELS = ["casual", "balanced", "formal"] as const;
export const EXPRESSIVENESS_LEVELS = ["reserved", "moderate", "expressive"] as const;

/** An optional select: "" means not set. */
const optionalChoice = <T extends readonly [string, ...string[]]>(choices: T, label: string) =>
  z
    .union([z.literal(""), z.enum(choices, { error: `Pick one of the listed ${label} options.` })])
    .optional()
    .transform((v) => (v ? v : null));

/** "kindness: 8" per line → { kindness: 8 }; scores 0–10. */
const traitsField = z
  .string()
  .max(2000, "Traits must be at most 2000 characters.")
  .optional()
  .transform((text, ctx) => {
    const traits: Record<string, number> = {};
    for (const [index, raw] of (text ?? "").split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (!line) continue;
      const match = /^([^:=]{1,40})[:=]\s*(\d+(?:\.\d+)?)$/.exec(line);
      const score = match ? Number(match[2]) : NaN;
      if (!match || score > 10) {
        ctx.addIssue({
          code: "custom",
          message: `Line ${index + 1}: write a trait and a score from 0 to 10, like “kindness: 8”.`,
        });
        return z.NEVER;
      }
      traits[match[1]!.trim().toLowerCase()] = score;
    }
    if (Object.keys(traits).length > 20) {
      ctx.addIssue({ code: "custom", message: "At most 20 traits." });
      return z.NEVER;
    }
    return traits;
  });

const listField = (label: string, separator: RegExp, maxItems: number, maxLength: number) =>
  z
    .string()
    .max(maxItems * (maxLength + 2), `${label}: too long.`)
    .optional()
    .transform((text, ctx) => {
      const items = [
        ...new Set(
          (text ?? "")
            .split(separator)
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      if (items.length > maxItems || items.some((item) => item.length > maxLength)) {
        ctx.addIssue({
          code: "custom",
          message: `${label}: at most ${maxItems}, each at most ${maxLength} characters.`,
        });
        return z.NEVER;
      }
      return items;
    });

export const personaSchema = z.object({
  name: formField.text("Name", 80),
  description: formField.optionalText("Description", 2000),
  personality_traits: traitsField,
  communication_style: optionalChoice(COMMUNICATION_STYLES, "communication style"),
  topics_of_interest: listField("Topics of interest", /,/, 20, 40),
  signature_phrases: listField("Signature phrases", /\r?\n/, 10, 120),
  response_length: optionalChoice(RESPONSE_LENGTHS, "response length"),
  humor_level: optionalChoice(HUMOR_LEVELS, "humor"),
  formality_level: optionalChoice(FORMALITY_LEVELS, "formality"),
  emotional_expressiveness: optionalChoice(EXPRESSIVENESS_LEVELS, "expressiveness"),
  is_default: formField.checkbox(),
  is_public: formField.checkbox(),
});

export type PersonaInput = z.output<typeof personaSchema>;

function columns(input: PersonaInput) {
  return {
    name: input.name,
    description: input.description,
    personality_traits: JSON.stringify(input.personality_traits),
    communication_style: input.communication_style,
    topics_of_interest: JSON.stringify(input.topics_of_interest),
    signature_phrases: JSON.stringify(input.signature_phrases),
    response_length: input.response_length,
    humor_level: input.humor_level,
    formality_level: input.formality_level,
    emotional_expressiveness: input.emotional_expressiveness,
    is_default: input.is_default ? (1 as const) : (0 as const),
    is_public: input.is_public ? (1 as const) : (0 as const),
  };
}

const clearDefault = (db: DB, userId: string) =>
  db.updateTable("personas").set({ is_default: 0 }).where("user_id", "=", userId).where("is_default", "=", 1);

/**
 * The avatar part of the form: `undefined` keeps the current avatar, `null` removes it, an
 * id is a newly stored image (checked by content, size and dimensions).
 */
export async function avatarFromForm(
  deps: { db: DB; bucket: R2Bucket },
  formData: FormData,
  userId: string,
): Promise<{ ok: true; avatarId: string | null | undefined } | { ok: false; error: string }> {
  const file = formData.get("avatar");
  if (isEmptyFile(file)) return { ok: true, avatarId: formData.get("remove_avatar") ? null : undefined };
  const image = await inspectImage(file);
  if (!image.ok) return image;
  const stored = await storeImageBytes(deps, image.bytes, {
    uploadedBy: userId,
    alt: "Persona avatar",
    filename: image.filename,
  });
  return stored.ok ? { ok: true, avatarId: stored.media.id } : stored;
}

/** Create or update (when `personaId` is given and owned). Returns the id, or null if not found.
 * `avatarId`: undefined keeps the current avatar. */
export async function savePersona(
  db: DB,
  d1: D1Database,
  userId: string,
  input: PersonaInput,
  personaId?: string,
  avatarId?: string | null,
): Promise<string | null> {
  const values = { ...columns(input), ...(avatarId !== undefined ? { avatar_id: avatarId } : {}) };
  if (!personaId) {
    const id = newId();
    const insert = db.insertInto("personas").values({ id, user_id: userId, ...values });
    if (input.is_default) await batch(d1, [clearDefault(db, userId), insert]);
    else await insert.execute();
    return id;
  }
  const update = db
    .updateTable("personas")
    .set({ ...values, updated_at: new Date().toISOString() })
    .where("id", "=", personaId)
    .where("user_id", "=", userId)
    .returning("id");
  const results = input.is_default
    ? (await batch(d1, [clearDefault(db, userId).where("id", "!=", personaId), update]))[1]
    : await update.execute();
  return results.length ? personaId : null;
}

/** Form text for an existing persona (the reverse of the schema's transforms). */
export function personaFormValues(row: {
  name: string;
  description: string;
  personality_traits: string;
  communication_style: string | null;
  topics_of_interest: string;
  signature_phrases: string;
  response_length: string | null;
  humor_level: string | null;
  formality_level: string | null;
  emotional_expressiveness: string | null;
  is_default: number;
  is_public: number;
}): Record<string, string> {
  const traits = (() => {
    try {
      return Object.entries(JSON.parse(row.personality_traits) as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join("\n");
    } catch {
      return "";
    }
  })();
  const list = (json: string, sep: string) => {
    try {
      const value = JSON.parse(json) as unknown;
      return Array.isArray(value) ? value.filter((v) => typeof v === "string").join(sep) : "";
    } catch {
      return "";
    }
  };
  return {
    name: row.name,
    description: row.description,
    personality_traits: traits,
    communication_style: row.communication_style ?? "",
    topics_of_interest: list(row.topics_of_interest, ", "),
    signature_phrases: list(row.signature_phrases, "\n"),
    response_length: row.response_length ?? "",
    humor_level: row.humor_level ?? "",
    formality_level: row.formality_level ?? "",
    emotional_expressiveness: row.emotional_expressiveness ?? "",
    ...(row.is_default ? { is_default: "on" } : {}),
    ...(row.is_public ? { is_public: "on" } : {}),
  };
}

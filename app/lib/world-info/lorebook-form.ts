/**
 * The book-level lorebook settings form (scan depth, token budget, recursion), stored in
 * `bots.card_extras.character_book` beside whatever a card import kept there.
 */
import { z } from "zod";
import type { DB } from "#db/schema";
import { formField } from "../forms";
import { parseJsonObject } from "../json";
import type { LorebookSettings } from "./types";

const optionalWhole = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .max(12)
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be a whole number from ${min} to ${max}.` });
        return z.NEVER;
      }
      return Number(v);
    });

export const lorebookSchema = z.object({
  scan_depth: optionalWhole("Scan depth", 0, 100),
  token_budget: optionalWhole("Token budget", 1, 8000),
  recursive_scanning: formField.checkbox(),
  max_recursion_depth: optionalWhole("Recursion depth", 1, 10),
});

/**
 * Write the settings, keeping the book's other fields. The update only lands if
 * card_extras did not change since it was read (no lost update from a parallel edit).
 */
export async function saveLorebookSettings(
  db: DB,
  botId: string,
  cardExtrasJson: string,
  settings: z.output<typeof lorebookSchema>,
): Promise<boolean> {
  const extras = parseJsonObject<Record<string, unknown>>(cardExtrasJson) as Record<string, unknown>;
  const previous =
    typeof extras.character_book === "object" && extras.character_book !== null && !Array.isArray(extras.character_book)
      ? (extras.character_book as Record<string, unknown>)
      : {};
  const book: Record<string, unknown> & LorebookSettings = {
    ...previous,
    recursive_scanning: settings.recursive_scanning,
  };
  for (const key of ["scan_depth", "token_budget", "max_recursion_depth"] as const) {
    if (settings[key] === undefined) delete book[key];
    else book[key] = settings[key];
  }
  const result = await db
    .updateTable("bots")
    .set({ card_extras: JSON.stringify({ ...extras, character_book: book }), updated_at: new Date().toISOString() })
    .where("id", "=", botId)
    .where("card_extras", "=", cardExtrasJson)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

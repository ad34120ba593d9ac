/** The create/edit bot form: fields, limits and how tags are typed (comma-separated). */
import { z } from "zod";
import { formField } from "~/lib/forms";
import { RESERVED_SLUGS, SLUG_MAX, SLUG_PATTERN } from "./slug";

export const MAX_TAGS = 12;
export const MAX_TAG_LENGTH = 30;

/** "Fantasy, cozy ,  sci-fi" → ["fantasy", "cozy", "sci-fi"] (lowercased, de-duplicated). */
export function parseTags(input: string): string[] {
  return [
    ...new Set(
      input
        .split(",")
        .map((tag) => tag.trim().toLowerCase().replace(/\s+/g, " "))
        .filter(Boolean),
    ),
  ];
}

const tagsField = z
  .string()
  .optional()
  .transform((value) => parseTags(value ?? ""))
  .superRefine((tags, ctx) => {
    if (tags.length > MAX_TAGS) ctx.addIssue({ code: "custom", message: `Use at most ${MAX_TAGS} tags.` });
    const long = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
    if (long)
      ctx.addIssue({
        code: "custom",
        message: `Each tag may be at most ${MAX_TAG_LENGTH} characters ("${long.slice(0, 20)}…" is longer).`,
      });
  });

const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .max(SLUG_MAX, `The address may be at most ${SLUG_MAX} characters.`)
  .optional()
  .transform((value) => value ?? "")
  .refine(
    (value) => value === "" || SLUG_PATTERN.test(value),
    "Use lowercase letters, numbers and single hyphens, like my-bot-2.",
  )
  .refine((value) => !RESERVED_SLUGS.has(value), "That address is reserved; pick another.");

export const botFormSchema = z.object({
  name: formField.text("Name", 80),
  slug: slugField,
  description: formField.optionalText("Description", 1000),
  personality: formField.optionalText("Personality", 5000),
  system_prompt: formField.optionalText("System prompt", 10000),
  greeting: formField.optionalText("Greeting", 5000),
  example_dialogues: formField.optionalText("Example dialogues", 10000),
  scenario: formField.optionalText("Scenario", 5000),
  tags: tagsField,
  is_public: formField.checkbox(),
  is_nsfw: formField.checkbox(),
  remove_avatar: formField.checkbox(),
});

export type BotFormValues = z.output<typeof botFormSchema>;

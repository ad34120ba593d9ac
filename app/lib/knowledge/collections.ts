/** The knowledge collection form and the writes behind it. */
import { z } from "zod";
import { formField } from "../forms";

export const collectionSchema = z.object({
  name: formField.text("Name", 120),
  description: formField.optionalText("Description", 2000),
  bot_id: z
    .string()
    .trim()
    .max(64, "Pick one of your bots.")
    .optional()
    .transform((v) => (v ? v : null)),
  is_public: formField.checkbox(),
});

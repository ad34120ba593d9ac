/**
 * Per-key monthly spend caps for /settings/keys: the cap on each key and its usage this
 * UTC month (api_key_usage, filled by the chat settled hook), and the form that sets it.
 */
import { redirect } from "react-router";
import { z } from "zod";
import type { DB } from "#db/schema";
import type { CurrentUser } from "../auth/user";
import { notFound } from "../auth/guards";
import { invalid, parseSubmission } from "../forms";
import { monthOf } from "./config";

export const SET_CAP_INTENT = "set-cap";

export interface KeyCap {
  keyId: string;
  cap: number | null;
  usedThisMonth: number;
}

export async function keyCapsFor(db: DB, userId: string, now = new Date()): Promise<Record<string, KeyCap>> {
  const rows = await db
    .selectFrom("api_keys")
    .leftJoin("api_key_usage", (join) =>
      join.onRef("api_key_usage.key_id", "=", "api_keys.id").on("api_key_usage.month", "=", monthOf(now)),
    )
    .select(["api_keys.id", "api_keys.monthly_token_cap", "api_key_usage.tokens"])
    .where("api_keys.user_id", "=", userId)
    .limit(50)
    .execute();
  return Object.fromEntries(
    rows.map((r) => [r.id, { keyId: r.id, cap: r.monthly_token_cap, usedThisMonth: r.tokens ?? 0 }]),
  );
}

const capSchema = z.object({
  intent: z.literal(SET_CAP_INTENT),
  keyId: z.string().min(1).max(64),
  cap: z
    .string()
    .trim()
    .max(12, "Enter a whole number of tokens, like 50000, or leave it empty for no cap.")
    .regex(/^\d*$/, "Enter a whole number of tokens, like 50000, or leave it empty for no cap.")
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (v > 0 && v <= 1_000_000_000), "A cap is at least 1 token and at most 1,000,000,000."),
});

/** The settings page's action for intent=set-cap: a 400 that keeps the input, or a 303 back. */
export async function setKeyCapAction(db: DB, user: Pick<CurrentUser, "id">, formData: FormData) {
  const submission = parseSubmission(formData, capSchema);
  if (submission.status === "invalid") return invalid(submission);
  const { keyId, cap } = submission.value;
  const changed = await db
    .updateTable("api_keys")
    .set({ monthly_token_cap: cap })
    .where("id", "=", keyId)
    .where("user_id", "=", user.id)
    .returning("id")
    .execute();
  if (!changed.length) notFound("We could not find that key.");
  throw redirect("/settings/keys#spend-caps", 303);
}

/**
 * The one confirm step for destructive staff actions (suspend, role change to or from
 * admin, unpublish, deleting or unpublishing a reported bot). The first POST is validated
 * as usual, then answered with "Are you sure?" instead of being applied; the page shows
 * that question (app/routes/staff/confirm-step.tsx) in a form that sends the same fields
 * again with `confirmed=yes` (Confirm) or `confirmed=no` (Cancel: back to the page with
 * what was typed). It is plain form posts, so it works with JavaScript off.
 */
import { data } from "react-router";

export const CONFIRM_FIELD = "confirmed";

export interface ConfirmPrompt {
  /** The question's heading, e.g. "Suspend Sam User?". */
  title: string;
  /** What will happen, in a sentence or two. */
  message: string;
  /** The Confirm button's words, e.g. "Yes, suspend". */
  confirmLabel: string;
}

export interface ConfirmState {
  status: "confirm" | "cancelled";
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
  values: Record<string, string | string[]>;
  confirm?: ConfirmPrompt;
}

/** What to answer before applying a destructive change: the question (first post), the
 * page again with what was typed (Cancel), or null when the person confirmed. */
export function confirmFirst(values: Record<string, string | string[]>, prompt: ConfirmPrompt) {
  const answer = values[CONFIRM_FIELD];
  if (answer === "yes") return null;
  const kept = Object.fromEntries(Object.entries(values).filter(([key]) => key !== CONFIRM_FIELD));
  const state: ConfirmState =
    answer === "no"
      ? { status: "cancelled", fieldErrors: {}, formErrors: [], values: kept }
      : { status: "confirm", fieldErrors: {}, formErrors: [], values: kept, confirm: prompt };
  return data(state, { status: 200 });
}

/** The question to show, when the last post asked one. */
export function confirmPromptOf(
  state: unknown,
): { prompt: ConfirmPrompt; values: Record<string, string | string[]> } | null {
  if (!state || typeof state !== "object") return null;
  const s = state as Partial<ConfirmState>;
  return s.status === "confirm" && s.confirm && s.values ? { prompt: s.confirm, values: s.values } : null;
}

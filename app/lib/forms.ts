/**
 * Form handling for actions: validate FormData with zod, and on failure answer 400 with
 * the field errors and everything the person typed, so the page can show both.
 */
import { data } from "react-router";
import { z } from "zod";

export type FieldErrors = Record<string, string[]>;

export interface InvalidSubmission {
  status: "invalid";
  fieldErrors: FieldErrors;
  formErrors: string[];
  /** What was typed, echoed back into the form (files are not echoed). */
  values: Record<string, string | string[]>;
}

export type Submission<T> =
  { status: "valid"; value: T; values: Record<string, string | string[]> } | InvalidSubmission;

export function formValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const strings = formData.getAll(key).filter((v): v is string => typeof v === "string");
    if (strings.length === 0) continue;
    values[key] = strings.length === 1 ? strings[0]! : strings;
  }
  return values;
}

/** Validate against a zod schema of the form's fields (FormData read as an object; a
 * repeated field becomes an array, a file stays a File). */
export function parseSubmission<S extends z.ZodType>(formData: FormData, schema: S): Submission<z.output<S>> {
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    raw[key] = all.length === 1 ? all[0]! : all;
  }
  const values = formValues(formData);
  const result = schema.safeParse(raw);
  if (result.success) return { status: "valid", value: result.data, values };
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".");
    if (!key) formErrors.push(issue.message);
    else (fieldErrors[key] ??= []).push(issue.message);
  }
  return { status: "invalid", fieldErrors, formErrors, values };
}

/** The 400 answer for an invalid submission. */
export function invalid(submission: InvalidSubmission | Omit<InvalidSubmission, "status">) {
  return data({ ...submission, status: "invalid" as const }, { status: 400 });
}

/** A form-level error (e.g. "that username is taken") as a 400 that keeps the input. */
export function invalidWith(
  values: Record<string, string | string[]>,
  fieldErrors: FieldErrors,
  formErrors: string[] = [],
) {
  return invalid({ fieldErrors, formErrors, values });
}

/** zod helpers for HTML form fields. */
export const formField = {
  /** A text input: trimmed; empty means missing. */
  text: (label: string, max = 200) =>
    z
      .string({ error: `${label} is required.` })
      .trim()
      .min(1, `${label} is required.`)
      .max(max, `${label} must be at most ${max} characters.`),
  /** An optional textarea or input: trimmed, empty becomes "". */
  optionalText: (label: string, max = 5000) =>
    z
      .string()
      .trim()
      .max(max, `${label} must be at most ${max} characters.`)
      .optional()
      .transform((v) => v ?? ""),
  /** A checkbox: present ("on") or absent. */
  checkbox: () =>
    z
      .union([z.literal("on"), z.literal("true"), z.literal("1")])
      .optional()
      .transform((v) => v !== undefined),
  email: () =>
    z
      .string({ error: "Email is required." })
      .trim()
      .toLowerCase()
      .min(1, "Email is required.")
      .max(254, "That email is too long.")
      .pipe(z.email("Enter an email address like name@example.com.")),
};

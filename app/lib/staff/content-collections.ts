/**
 * The collections a team edits at /staff/content/* — one description per collection
 * (its table, fields and their kinds), from which one generic editor builds the list, the
 * form, the zod validation and the preview. Adding a collection is adding an entry here.
 */
import { z } from "zod";
import { formField } from "../forms";

export type FieldKind =
  "text" | "textarea" | "markdown" | "integer" | "checkbox" | "select" | "lines" | "steps" | "date";

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  max?: number;
  options?: readonly string[];
  hint?: string;
}

export interface CollectionSpec {
  key: string;
  table: string;
  label: string;
  /** The column shown as each row's name in the list. */
  titleColumn: string;
  /** The column that publishes (is_published) or activates (is_active) a row. */
  publishColumn: "is_published" | "is_active";
  hasUpdatedAt: boolean;
  fields: FieldSpec[];
  /** More columns the list shows beside each title (e.g. a legal document's version). */
  listColumns?: string[];
  /** The list's order, when the title alone does not tell rows apart (default: title, id). */
  listOrder?: { column: string; direction: "asc" | "desc" }[];
}

const slug = {
  name: "slug",
  label: "Address (slug)",
  kind: "text",
  required: true,
  max: 100,
  hint: "Lowercase letters, numbers and hyphens, e.g. getting-started.",
} as const;

export const COLLECTIONS: CollectionSpec[] = [
  {
    key: "docs",
    table: "documentation",
    label: "Documentation",
    titleColumn: "title",
    publishColumn: "is_published",
    hasUpdatedAt: true,
    fields: [
      { name: "title", label: "Title", kind: "text", required: true, max: 200 },
      slug,
      {
        name: "category",
        label: "Category",
        kind: "select",
        options: ["getting-started", "features", "troubleshooting", "creators", "billing", "safety"],
      },
      { name: "order", label: "Order", kind: "integer", hint: "Smaller numbers come first." },
      { name: "is_featured", label: "Featured", kind: "checkbox" },
      { name: "content", label: "Content", kind: "markdown", max: 100_000 },
    ],
  },
  {
    key: "tutorials",
    table: "tutorials",
    label: "Tutorials",
    titleColumn: "title",
    publishColumn: "is_published",
    hasUpdatedAt: false,
    fields: [
      { name: "title", label: "Title", kind: "text", required: true, max: 200 },
      { name: "description", label: "Description", kind: "textarea", max: 2000 },
      {
        name: "category",
        label: "Category",
        kind: "select",
        options: ["getting-started", "bots", "knowledge", "chat", "creators", "wellbeing"],
      },
      { name: "difficulty", label: "Difficulty", kind: "select", options: ["beginner", "intermediate", "advanced"] },
      { name: "estimated_time", label: "Estimated minutes", kind: "integer" },
      {
        name: "steps",
        label: "Steps",
        kind: "steps",
        max: 50_000,
        hint: "Start each step with a line “## Step title”; Markdown below it is the step.",
      },
    ],
  },
  {
    key: "legal",
    table: "legal_documents",
    label: "Legal documents",
    titleColumn: "title",
    publishColumn: "is_active",
    hasUpdatedAt: true,
    // Every version of a document shares its title: the list tells them apart.
    listColumns: ["type", "version", "effective_date"],
    listOrder: [
      { column: "type", direction: "asc" },
      { column: "effective_date", direction: "desc" },
    ],
    fields: [
      { name: "title", label: "Title", kind: "text", required: true, max: 200 },
      {
        name: "type",
        label: "Type",
        kind: "select",
        options: ["terms", "privacy", "responsible_ai", "cookies", "community_guidelines", "acceptable_use"],
      },
      { name: "version", label: "Version", kind: "text", required: true, max: 20 },
      { name: "effective_date", label: "Effective date", kind: "date", required: true },
      { name: "content", label: "Content", kind: "markdown", max: 200_000 },
    ],
  },
  {
    key: "crisis",
    table: "crisis_support",
    label: "Crisis resources",
    titleColumn: "name",
    publishColumn: "is_active",
    hasUpdatedAt: false,
    fields: [
      { name: "name", label: "Name", kind: "text", required: true, max: 200 },
      { name: "description", label: "Description", kind: "textarea", max: 2000 },
      {
        name: "category",
        label: "Category",
        kind: "select",
        options: ["hotline", "chat", "text", "app", "organization"],
      },
      {
        name: "type",
        label: "Type",
        kind: "select",
        options: [
          "general",
          "lgbtq",
          "youth",
          "veterans",
          "domestic_violence",
          "substance_use",
          "eating_disorders",
          "suicide_prevention",
        ],
      },
      { name: "region", label: "Region", kind: "select", options: ["global", "us", "uk", "ca", "au", "eu", "in"] },
      { name: "contact_phone", label: "Phone", kind: "text", max: 50 },
      { name: "contact_text", label: "Text line", kind: "text", max: 50 },
      { name: "contact_chat", label: "Chat link", kind: "text", max: 300 },
      { name: "website", label: "Website", kind: "text", max: 300 },
      { name: "hours", label: "Hours", kind: "text", max: 100 },
      { name: "is_24_7", label: "Open 24/7", kind: "checkbox" },
      { name: "is_emergency", label: "Emergency service", kind: "checkbox" },
      { name: "source_url", label: "Source (where the details were checked)", kind: "text", max: 300 },
      {
        name: "last_checked",
        label: "Last checked",
        kind: "date",
        hint: "When someone last confirmed the number and hours.",
      },
    ],
  },
  {
    key: "tiers",
    table: "subscription_tiers",
    label: "Subscription tiers",
    titleColumn: "name",
    publishColumn: "is_active",
    hasUpdatedAt: false,
    fields: [
      { name: "name", label: "Name", kind: "text", required: true, max: 100 },
      { name: "description", label: "Description", kind: "textarea", max: 2000 },
      { name: "price_monthly", label: "Monthly price (cents)", kind: "integer" },
      { name: "price_yearly", label: "Yearly price (cents)", kind: "integer" },
      { name: "token_allowance", label: "Tokens a month", kind: "integer" },
      { name: "features", label: "Features", kind: "lines", max: 5000, hint: "One per line." },
      {
        name: "priority_support",
        label: "Priority support",
        kind: "checkbox",
        hint: "Tickets from subscribers start at high priority.",
      },
    ],
  },
  {
    key: "packages",
    table: "token_packages",
    label: "Token packages",
    titleColumn: "name",
    publishColumn: "is_active",
    hasUpdatedAt: false,
    fields: [
      { name: "name", label: "Name", kind: "text", required: true, max: 100 },
      { name: "amount", label: "Tokens", kind: "integer", required: true },
      { name: "bonus_amount", label: "Bonus tokens", kind: "integer" },
      { name: "price", label: "Price (cents)", kind: "integer" },
    ],
  },
  {
    key: "programs",
    table: "creator_programs",
    label: "Creator programs",
    titleColumn: "name",
    publishColumn: "is_active",
    hasUpdatedAt: false,
    fields: [
      { name: "name", label: "Name", kind: "text", required: true, max: 200 },
      { name: "description", label: "Description", kind: "textarea", max: 2000 },
      { name: "requirements", label: "Requirements (as shown to creators)", kind: "textarea", max: 2000 },
      {
        name: "min_public_bots",
        label: "Minimum public bots",
        kind: "integer",
        hint: "Checked against the applicant's real numbers at /staff/applications.",
      },
      { name: "min_followers", label: "Minimum followers", kind: "integer" },
      { name: "benefits", label: "Benefits", kind: "lines", max: 5000, hint: "One per line." },
    ],
  },
  {
    key: "saved-replies",
    table: "saved_replies",
    label: "Saved replies",
    titleColumn: "title",
    publishColumn: "is_active",
    hasUpdatedAt: true,
    fields: [
      { name: "title", label: "Title", kind: "text", required: true, max: 100 },
      { name: "body", label: "Reply text", kind: "textarea", required: true, max: 5000 },
    ],
  },
];

export function collectionByKey(key: string | undefined): CollectionSpec | undefined {
  return COLLECTIONS.find((c) => c.key === key);
}

export interface Step {
  title: string;
  content: string;
}

/** "## Title\nbody" blocks ⇄ [{title, content}] (the tutorials.steps JSON). */
export function parseSteps(text: string): Step[] {
  const steps: Step[] = [];
  for (const block of text.split(/^## /m)) {
    if (!block.trim()) continue;
    const [title = "", ...rest] = block.split("\n");
    steps.push({ title: title.trim(), content: rest.join("\n").trim() });
  }
  return steps;
}

export function stepsToText(json: string): string {
  try {
    const steps = JSON.parse(json) as unknown;
    if (!Array.isArray(steps)) return "";
    return steps.map((s: Partial<Step>) => `## ${s.title ?? ""}\n${s.content ?? ""}`).join("\n\n");
  } catch {
    return "";
  }
}

function linesToJson(text: string): string {
  return JSON.stringify(
    text
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
  );
}

function fieldSchema(field: FieldSpec): z.ZodType {
  switch (field.kind) {
    case "text":
      if (field.name === "slug")
        return formField
          .text(field.label, field.max)
          .pipe(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, numbers and single hyphens."));
      return field.required ? formField.text(field.label, field.max) : formField.optionalText(field.label, field.max);
    case "textarea":
    case "markdown":
      return field.required ? formField.text(field.label, field.max) : formField.optionalText(field.label, field.max);
    case "integer":
      return z
        .string({ error: `${field.label} is required.` })
        .trim()
        .regex(/^\d{1,9}$/, `${field.label} must be a whole number of 0 or more.`)
        .transform(Number)
        .refine((n) => !field.required || n > 0, `${field.label} must be more than 0.`);
    case "checkbox":
      return formField.checkbox().transform((on) => (on ? 1 : 0));
    case "select":
      return z.enum(field.options as [string, ...string[]], { error: `Pick a ${field.label.toLowerCase()}.` });
    case "date": {
      const date = z
        .string({ error: `${field.label} is required.` })
        .trim()
        .regex(/^\d{4}-\d{2}-\d{2}$/, `${field.label} must be a date like 2026-12-01.`);
      // An optional date may be left empty (stored as NULL).
      return field.required
        ? date
        : z
            .union([z.literal(""), date])
            .optional()
            .transform((v) => v || null);
    }
    case "lines":
      return formField.optionalText(field.label, field.max).transform(linesToJson);
    case "steps":
      return formField.optionalText(field.label, field.max).transform((text) => JSON.stringify(parseSteps(text)));
  }
}

/** The zod schema of one collection's form: its fields, validated per kind. */
export function collectionSchema(spec: CollectionSpec) {
  return z.object(Object.fromEntries(spec.fields.map((field) => [field.name, fieldSchema(field)])));
}

/** A stored value as the form shows it. */
export function toFormValue(field: FieldSpec, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (field.kind === "lines") {
    try {
      const list = JSON.parse(String(value)) as unknown;
      return Array.isArray(list) ? list.join("\n") : "";
    } catch {
      return "";
    }
  }
  if (field.kind === "steps") return stepsToText(String(value));
  return String(value);
}

/**
 * /staff/content/:collection/:id (admins; id "new" creates) — the one generic editor: the
 * collection's fields, validated by its zod schema; "Preview" re-renders the form with the
 * Markdown fields rendered by renderDocument (no JS); "Save" writes with an audit row.
 */
import { redirect } from "react-router";
import { Checkbox, FormErrors, SelectField, TextArea, TextField, type FormState } from "~/components/form";
import { notFound, requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { renderDocument } from "~/lib/markdown/render";
import {
  collectionByKey,
  collectionSchema,
  parseSteps,
  toFormValue,
  type CollectionSpec,
} from "~/lib/staff/content-collections";
import { findRow, saveRow } from "~/lib/staff/content-store";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/content-edit";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `${loaderData?.isNew ? "New" : "Edit"} · ${loaderData?.label ?? "Content"} · Staff · BotCafe` }];
}

async function load(context: Route.LoaderArgs["context"], params: Route.LoaderArgs["params"]) {
  const user = requireStaff({ context }, "admin");
  const spec = collectionByKey(params.collection) ?? notFound();
  const { db } = getApp(context);
  const isNew = params.id === "new";
  const row = isNew ? null : ((await findRow(db, spec, params.id)) ?? notFound());
  return { user, spec, row, isNew };
}

export async function loader({ context, params }: Route.LoaderArgs) {
  const { spec, row, isNew } = await load(context, params);
  return {
    key: spec.key,
    label: spec.label,
    isNew,
    fields: spec.fields,
    values: Object.fromEntries(
      spec.fields.map((f) => [
        f.name,
        row ? toFormValue(f, row[f.name]) : f.kind === "integer" ? "0" : (f.options?.[0] ?? ""),
      ]),
    ),
    checked: Object.fromEntries(
      spec.fields.filter((f) => f.kind === "checkbox").map((f) => [f.name, Number(row?.[f.name] ?? 0) === 1]),
    ),
    published: row ? Number(row[spec.publishColumn]) === 1 : false,
  };
}

/** The Markdown fields of a valid submission, rendered as the public pages will. */
function previews(spec: CollectionSpec, values: Record<string, string | string[]>) {
  const out: { label: string; html: string }[] = [];
  for (const field of spec.fields) {
    const text = typeof values[field.name] === "string" ? (values[field.name] as string) : "";
    if (field.kind === "markdown") out.push({ label: field.label, html: renderDocument(text).html });
    if (field.kind === "steps")
      for (const [i, step] of parseSteps(text).entries())
        out.push({ label: `Step ${i + 1}: ${step.title}`, html: renderDocument(step.content).html });
  }
  return out;
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, spec, row, isNew } = await load(context, params);
  const { db, env } = getApp(context);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const submission = parseSubmission(formData, collectionSchema(spec));
  if (submission.status === "invalid") return invalid(submission);
  if (intent === "preview")
    return {
      status: "preview" as const,
      fieldErrors: {},
      formErrors: [],
      values: submission.values,
      preview: previews(spec, submission.values),
    };
  if (intent !== "save") return invalidWith(submission.values, {}, ["Unknown action."]);
  const result = await saveRow(db, env.DB, spec, {
    id: isNew ? null : row!.id,
    values: submission.value as Record<string, unknown>,
    before: row,
    actorId: user.id,
  });
  if (!result.ok) {
    const field = spec.fields.find((f) => f.name === "slug" || f.name === "version")?.name ?? spec.titleColumn;
    return invalidWith(submission.values, { [field]: ["Another entry already uses this; choose a different one."] });
  }
  throw redirect(`/staff/content/${spec.key}?done=saved`, 303);
}

export default function ContentEdit({ loaderData, actionData }: Route.ComponentProps) {
  const { key, label, isNew, fields, values, checked, published } = loaderData;
  const state = actionData as (FormState & { preview?: { label: string; html: string }[] }) | undefined;
  return (
    <div className="max-w-3xl">
      <StaffNav isAdmin current="/staff/content" />
      <p className="text-sm">
        <a href={`/staff/content/${key}`} className="text-brand-700 underline">
          ← {label}
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">
        {isNew ? "New" : "Edit"}: {label}
      </h1>
      {!isNew ? (
        <p className="mt-1 text-sm text-stone-700">
          {published ? "Published." : "Draft: not shown to the public. Publish it from the list."}
        </p>
      ) : null}
      {state?.preview && state.preview.length > 0 ? (
        <section aria-labelledby="preview-heading" className="mt-4 rounded border-2 border-sky-300 bg-white p-4">
          <h2 id="preview-heading" className="text-lg font-semibold">
            Preview (not saved yet)
          </h2>
          {state.preview.map((p) => (
            <div key={p.label} className="mt-3">
              <h3 className="text-sm font-semibold text-stone-600">{p.label}</h3>
              {/* renderDocument is the app's one Markdown renderer, with raw HTML off. */}
              <div className="prose mt-1 max-w-none break-words" dangerouslySetInnerHTML={{ __html: p.html }} />
            </div>
          ))}
        </section>
      ) : null}
      <PostForm className="mt-4 rounded border border-stone-200 bg-white p-4" noValidate>
        <FormErrors state={state} />
        {fields.map((field) => {
          const defaultValue = values[field.name] ?? "";
          switch (field.kind) {
            case "checkbox":
              return (
                <Checkbox
                  key={field.name}
                  label={field.label}
                  name={field.name}
                  state={state}
                  defaultChecked={checked[field.name] ?? false}
                  hint={field.hint}
                />
              );
            case "select":
              return (
                <SelectField
                  key={field.name}
                  label={field.label}
                  name={field.name}
                  state={state}
                  defaultValue={defaultValue}
                  hint={field.hint}
                  options={(field.options ?? []).map((o) => ({ value: o, label: o }))}
                />
              );
            case "textarea":
            case "lines":
              return (
                <TextArea
                  key={field.name}
                  label={field.label}
                  name={field.name}
                  state={state}
                  defaultValue={defaultValue}
                  hint={field.hint}
                  maxLength={field.max}
                  rows={4}
                />
              );
            case "markdown":
            case "steps":
              return (
                <TextArea
                  key={field.name}
                  label={field.label}
                  name={field.name}
                  state={state}
                  defaultValue={defaultValue}
                  hint={field.hint ?? "Markdown. Use Preview to see it as readers will."}
                  maxLength={field.max}
                  rows={14}
                />
              );
            default:
              return (
                <TextField
                  key={field.name}
                  label={field.label}
                  name={field.name}
                  state={state}
                  defaultValue={defaultValue}
                  hint={field.hint}
                  maxLength={field.max}
                  type={field.kind === "date" ? "date" : field.kind === "integer" ? "number" : "text"}
                />
              );
          }
        })}
        <div className="flex flex-wrap gap-2">
          <button
            type="submit"
            name="intent"
            value="save"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900"
          >
            Save
          </button>
          <button
            type="submit"
            name="intent"
            value="preview"
            className="rounded border border-stone-300 bg-white px-4 py-2 font-medium hover:bg-stone-100"
          >
            Preview
          </button>
        </div>
      </PostForm>
    </div>
  );
}

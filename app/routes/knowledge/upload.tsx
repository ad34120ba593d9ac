/** /knowledge/upload — turn a .txt or .md file into a knowledge entry. */
import { redirect } from "react-router";
import { z } from "zod";
import { FileField, FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { MAX_DOCUMENT_BYTES, readTextDocument } from "~/lib/knowledge/document-upload";
import { checkOwnedChoices, createEntry } from "~/lib/knowledge/entries";
import { MAX_CONTENT_CHARS, PRIORITIES } from "~/lib/knowledge/entry-form";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import { batch } from "#db/batch";
import { ownBotsQuery, ownCollectionsQuery } from "#db/queries/knowledge";
import type { Route } from "./+types/upload";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Upload a document · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const [bots, collections] = await batch(env.DB, [ownBotsQuery(db, user.id), ownCollectionsQuery(db, user.id)]);
  return { bots, collections };
}

const optionalId = z
  .string()
  .trim()
  .max(64)
  .optional()
  .transform((v) => (v ? v : null));

const uploadSchema = z.object({
  title: formField.optionalText("Title", 200),
  priority: z.enum(["low", "normal", "high", "critical"], { error: "Pick a priority." }),
  bot_id: optionalId,
  collection_id: optionalId,
  document: z.unknown(),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const app = getApp(context);
  await enforceRateLimit({ request, context }, "knowledge_upload", user.id);
  // Refuse oversized bodies before reading them.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_DOCUMENT_BYTES + 64 * 1024) {
    return invalidWith({}, { document: [`The file is too large: at most ${MAX_DOCUMENT_BYTES / 1024} KB.`] });
  }
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    return invalidWith({}, { document: ["The upload could not be read. Try again."] });
  }
  const submission = parseSubmission(formData, uploadSchema);
  if (submission.status === "invalid") return invalid(submission);
  const value = submission.value;
  const document = await readTextDocument(value.document);
  if (!document.ok) return invalidWith(submission.values, { document: [document.error] });
  if (document.text.length > MAX_CONTENT_CHARS)
    return invalidWith(submission.values, {
      document: [`The document is too long: at most ${MAX_CONTENT_CHARS.toLocaleString("en")} characters.`],
    });
  const ownership = await checkOwnedChoices(app.db, app.env.DB, user.id, value);
  if (Object.keys(ownership).length > 0) return invalidWith(submission.values, ownership);
  const id = await createEntry({ ...app, d1: app.env.DB }, user.id, {
    title: value.title || document.title,
    content: document.text,
    content_type: "document",
    source_url: null,
    priority: value.priority,
    collection_id: value.collection_id,
    bot_id: value.bot_id,
    world_info: {},
  });
  throw redirect(`/knowledge/${id}`);
}

export default function Upload({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-2xl">
      <p>
        <a href="/knowledge" className="text-sm text-brand-700 underline">
          ← Knowledge
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">Upload a document</h1>
      <p className="mt-2 text-stone-700">
        A plain text (.txt) or Markdown (.md) file in UTF-8, up to {MAX_DOCUMENT_BYTES / 1024} KB. It becomes a
        knowledge entry and is embedded for retrieval.
      </p>
      <PostForm encType="multipart/form-data" className="mt-4 rounded border border-stone-200 bg-white p-4" noValidate>
        <FormErrors state={actionData} />
        <FileField
          label="Document"
          name="document"
          state={actionData}
          accept=".txt,.md,.markdown,text/plain,text/markdown"
        />
        <TextField
          label="Title"
          name="title"
          state={actionData}
          hint="Leave empty to use the file name."
          maxLength={200}
        />
        <SelectField label="Priority" name="priority" state={actionData} defaultValue="normal" options={PRIORITIES} />
        <SelectField
          label="Bot"
          name="bot_id"
          state={actionData}
          options={[{ value: "", label: "No bot" }, ...loaderData.bots.map((b) => ({ value: b.id, label: b.name }))]}
        />
        <SelectField
          label="Collection"
          name="collection_id"
          state={actionData}
          options={[
            { value: "", label: "No collection" },
            ...loaderData.collections.map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <SubmitButton>Upload</SubmitButton>
      </PostForm>
    </div>
  );
}

/** /support/new — open a ticket, optionally with one of my conversations as context. */
import { redirect } from "react-router";
import { z } from "zod";
import { FormErrors, SelectField, SubmitButton, TextArea, TextField } from "~/components/form";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { CATEGORY_LABELS, TICKET_CATEGORIES } from "~/lib/support/ticket-state";
import { CONTEXT_MESSAGE_LIMIT, openTicket } from "~/lib/support/tickets";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import type { Route } from "./+types/new";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Ask for help · Support · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db } = getApp(context);
  const conversations = await db
    .selectFrom("conversations")
    .select(["id", "title", "last_message_at"])
    .where("user_id", "=", user.id)
    .orderBy("updated_at", "desc")
    .limit(30)
    .execute();
  return { conversations };
}

export const newTicketSchema = z.object({
  subject: formField.text("Subject", 150),
  description: formField.text("Description", 5000),
  category: z.enum(TICKET_CATEGORIES, { error: "Pick what this is about." }),
  conversationId: z
    .string()
    .max(100, "Pick one of your conversations.")
    .optional()
    .transform((v) => v || undefined),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), newTicketSchema);
  if (submission.status === "invalid") return invalid(submission);
  await enforceRateLimit({ request, context }, "support_ticket", user.id);
  const result = await openTicket(db, env.DB, user.id, submission.value);
  if (!result.ok) return invalidWith(submission.values, { [result.field]: [result.message] });
  throw redirect(`/support/${result.id}?opened=1`, 303);
}

export default function NewTicket({ loaderData, actionData }: Route.ComponentProps) {
  const { conversations } = loaderData;
  return (
    <div className="max-w-2xl">
      <p className="text-sm">
        <a href="/support" className="text-brand-700 underline">
          ← Support
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">Ask for help</h1>
      <PostForm className="mt-4 rounded border border-stone-200 bg-white p-4" noValidate>
        <FormErrors state={actionData} />
        <TextField label="Subject" name="subject" state={actionData} required maxLength={150} />
        <SelectField
          label="What is it about?"
          name="category"
          state={actionData}
          defaultValue="other"
          options={TICKET_CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] }))}
        />
        <TextArea
          label="Description"
          name="description"
          state={actionData}
          required
          maxLength={5000}
          rows={6}
          hint="What happened, what you expected, and anything you already tried."
        />
        <SelectField
          label="Attach a conversation (optional)"
          name="conversationId"
          state={actionData}
          hint={`Staff will see its last ${CONTEXT_MESSAGE_LIMIT} messages. API keys, email addresses, card numbers and phone numbers in it are replaced with [redacted] before anyone sees it.`}
          options={[
            { value: "", label: "No conversation" },
            ...conversations.map((c) => ({ value: c.id, label: c.title || "Untitled chat" })),
          ]}
        />
        <SubmitButton>Send to support</SubmitButton>
      </PostForm>
    </div>
  );
}

/** /support/:ticketId — my ticket's thread (never staff's internal notes), reply, close. */
import { redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { FormErrors, TextArea, type FormState } from "~/components/form";
import { notFound, requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { CATEGORY_LABELS } from "~/lib/support/ticket-state";
import { closeAsUser, ownTicket, publicThread, replyAsUser } from "~/lib/support/tickets";
import { buttonClass, secondaryButtonClass, StatusBadge, When } from "./ticket-ui";
import type { Route } from "./+types/ticket";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData: data }: Route.MetaArgs) {
  return [{ title: `${data?.ticket.subject ?? "Ticket"} · Support · BotCafe` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const [tickets, messages] = await batch(env.DB, [
    ownTicket(db, user.id, params.ticketId),
    publicThread(db, params.ticketId),
  ]);
  const ticket = tickets[0];
  if (!ticket) notFound("We could not find that ticket.");
  const url = new URL(request.url);
  return {
    ticket,
    messages,
    userId: user.id,
    notice: (["opened", "replied", "closed"] as const).find((key) => url.searchParams.has(key)) ?? null,
  };
}

const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("reply"), body: formField.text("Your reply", 5000) }),
    z.object({ intent: z.literal("close") }),
  ],
  { error: "Unknown action." },
);

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const ticket = await ownTicket(db, user.id, params.ticketId).executeTakeFirst();
  if (!ticket) notFound("We could not find that ticket.");
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  const result =
    input.intent === "reply"
      ? await replyAsUser(db, env.DB, ticket, user.id, input.body)
      : await closeAsUser(db, ticket, user.id);
  if (!result.ok) return invalidWith(submission.values, {}, [result.error]);
  throw redirect(`/support/${ticket.id}?${input.intent === "reply" ? "replied" : "closed"}=1`, 303);
}

const NOTICES = {
  opened: "Your ticket is open. We will reply here and in your notifications.",
  replied: "Your reply was sent.",
  closed: "The ticket is closed.",
} as const;

export default function SupportTicket({ loaderData, actionData }: Route.ComponentProps) {
  const { ticket, messages, userId, notice } = loaderData;
  const state = actionData as FormState | undefined;
  return (
    <div className="max-w-3xl">
      <p className="text-sm">
        <a href="/support" className="text-brand-700 underline">
          ← My tickets
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold break-words">{ticket.subject}</h1>
      <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-stone-700">
        <StatusBadge status={ticket.status} />
        <span>{CATEGORY_LABELS[ticket.category]}</span>
        <span>
          opened <When at={ticket.created_at} />
        </span>
      </p>
      {notice ? (
        <p role="status" className="mt-3 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          {NOTICES[notice]}
        </p>
      ) : null}
      {ticket.resolution && (ticket.status === "resolved" || ticket.status === "closed") ? (
        <section aria-labelledby="resolution" className="mt-4 rounded border border-emerald-300 bg-emerald-50 p-3">
          <h2 id="resolution" className="font-semibold">
            Resolution
          </h2>
          <p className="whitespace-pre-line break-words">{ticket.resolution}</p>
        </section>
      ) : null}
      <ol className="mt-4 space-y-3" aria-label="Conversation">
        <li className="rounded border border-stone-200 bg-white p-3">
          <p className="text-sm font-semibold">You</p>
          <p className="whitespace-pre-line break-words">{ticket.description}</p>
        </li>
        {messages.map((message) => {
          const mine = message.author_id === userId;
          return (
            <li
              key={message.id}
              className={`rounded border p-3 ${mine ? "border-stone-200 bg-white" : "border-brand-100 bg-brand-50"}`}
            >
              <p className="text-sm font-semibold">
                {mine ? "You" : `${message.author_name ?? "BotCafe support"} (BotCafe support)`} ·{" "}
                <When at={message.created_at} />
              </p>
              <p className="whitespace-pre-line break-words">{message.body}</p>
            </li>
          );
        })}
      </ol>
      {ticket.status === "closed" ? (
        <p className="mt-6 rounded border border-stone-200 bg-stone-50 p-3">
          This ticket is closed.{" "}
          <a href="/support/new" className="text-brand-700 underline">
            Open a new ticket
          </a>{" "}
          if you still need help.
        </p>
      ) : (
        <>
          <PostForm className="mt-6 rounded border border-stone-200 bg-white p-4" noValidate>
            <FormErrors state={state} />
            <TextArea
              label="Reply"
              name="body"
              state={state}
              required
              maxLength={5000}
              rows={4}
              hint={ticket.status === "resolved" ? "Replying opens this ticket again." : undefined}
            />
            <button type="submit" name="intent" value="reply" className={buttonClass}>
              Send reply
            </button>
          </PostForm>
          <PostForm className="mt-3">
            <button type="submit" name="intent" value="close" className={secondaryButtonClass}>
              Close this ticket
            </button>
          </PostForm>
        </>
      )}
    </div>
  );
}

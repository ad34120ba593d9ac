/**
 * /staff/tickets/:ticketId — work one ticket: the thread with internal notes (visibly
 * different), a public reply with saved replies inserted without JS, an internal note,
 * assignment, status / priority / category, resolution. Beside it, the user's context and
 * the attached conversation (redacted when the ticket was opened).
 *
 * Collision check: every form carries the ticket's revision from when the page loaded; if
 * the ticket changed since, the post is refused with a 409 that shows what changed and
 * keeps what was typed (staff/ticket-collision in tests).
 */
import { data, redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { FormErrors, type FormState, SuccessNotice, TextArea } from "~/components/form";
import { notFound, requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalidWith, parseSubmission } from "~/lib/forms";
import { describeRedactions, type RedactionCounts } from "~/lib/support/redact";
import { staffMembers } from "~/lib/support/queue";
import { applyStaffChange, changesSince, staffTicketRow, type StaffChange } from "~/lib/support/staff-tickets";
import {
  CATEGORY_LABELS,
  STATUS_LABELS,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from "~/lib/support/ticket-state";
import type { ContextMessage } from "~/lib/support/tickets";
import { buttonClass, PriorityBadge, secondaryButtonClass, StatusBadge, When } from "../support/ticket-ui";
import { readerTimeZone } from "~/lib/staff/reader-time-zone";
import { AuditEntry, StaffTime } from "./audit-entry";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/ticket";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData: data }: Route.MetaArgs) {
  return [{ title: `${data?.ticket.subject ?? "Ticket"} · Staff · BotCafe` }];
}

function ticketQueries(db: ReturnType<typeof getApp>["db"], ticketId: string) {
  return [
    db
      .selectFrom("support_tickets")
      .innerJoin("users", "users.id", "support_tickets.user_id")
      .leftJoin("subscription_tiers", "subscription_tiers.id", "users.subscription_tier_id")
      .select([
        "support_tickets.id",
        "support_tickets.user_id",
        "support_tickets.subject",
        "support_tickets.description",
        "support_tickets.category",
        "support_tickets.priority",
        "support_tickets.status",
        "support_tickets.assigned_to_id",
        "support_tickets.resolution",
        "support_tickets.revision",
        "support_tickets.created_at",
        "support_tickets.updated_at",
        "support_tickets.awaiting_staff_since",
        "support_tickets.context_conversation_id",
        "support_tickets.context_messages",
        "support_tickets.context_redactions",
        "users.email as user_email",
        "users.display_name as user_name",
        "users.created_at as user_since",
        "users.token_balance as user_balance",
        "users.suspended_at as user_suspended_at",
        "subscription_tiers.name as tier_name",
      ])
      .where("support_tickets.id", "=", ticketId),
    db
      .selectFrom("ticket_messages")
      .leftJoin("users", "users.id", "ticket_messages.author_id")
      .select([
        "ticket_messages.id",
        "ticket_messages.body",
        "ticket_messages.is_internal",
        "ticket_messages.created_at",
        "ticket_messages.author_id",
        "users.display_name as author_name",
        "users.role as author_role",
      ])
      .where("ticket_messages.ticket_id", "=", ticketId)
      .orderBy("ticket_messages.created_at")
      .orderBy("ticket_messages.id")
      .limit(500),
    db
      .selectFrom("saved_replies")
      .select(["id", "title", "body"])
      .where("is_active", "=", 1)
      .orderBy("title")
      .limit(100),
    staffMembers(db),
  ] as const;
}

function parseContext(json: string): ContextMessage[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as ContextMessage[]) : [];
  } catch {
    return [];
  }
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const [tickets, messages, savedReplies, staff, zones] = await batch(env.DB, [
    ...ticketQueries(db, params.ticketId),
    readerTimeZone(db, user.id),
  ] as const);
  const ticket = tickets[0];
  if (!ticket) notFound("We could not find that ticket.");
  // The user's other tickets (support_tickets_user index), newest first.
  const otherTickets = await db
    .selectFrom("support_tickets")
    .select(["id", "subject", "status", "created_at"])
    .where("user_id", "=", ticket.user_id)
    .where("id", "!=", ticket.id)
    .orderBy("created_at", "desc")
    .limit(10)
    .execute();
  const url = new URL(request.url);
  return {
    isAdmin: user.role === "admin",
    me: user.id,
    ticket: { ...ticket, context_messages: undefined, context_redactions: undefined },
    contextMessages: parseContext(ticket.context_messages),
    redactions: describeRedactions(JSON.parse(ticket.context_redactions) as Partial<RedactionCounts>),
    messages,
    savedReplies,
    staff,
    timeZone: zones[0]?.time_zone ?? "UTC",
    otherTickets,
    done: url.searchParams.get("done"),
  };
}

const hidden = { revision: z.string().max(100), loadedAt: z.string().max(40) };
const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("insert-saved"),
      savedReplyId: z.string({ error: "Pick a saved reply." }).min(1, "Pick a saved reply.").max(100),
      body: formField.optionalText("Reply", 5000),
      ...hidden,
    }),
    z.object({ intent: z.literal("reply"), body: formField.text("Reply", 5000), ...hidden }),
    z.object({ intent: z.literal("note"), note: formField.text("Internal note", 5000), ...hidden }),
    z.object({ intent: z.literal("assign"), assignee: z.string().max(100), ...hidden }),
    z.object({
      intent: z.literal("update"),
      status: z.enum(TICKET_STATUSES, { error: "Pick a status." }),
      priority: z.enum(TICKET_PRIORITIES, { error: "Pick a priority." }),
      category: z.enum(TICKET_CATEGORIES, { error: "Pick a category." }),
      resolution: formField.optionalText("Resolution", 5000),
      ...hidden,
    }),
  ],
  { error: "Unknown action." },
);

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const ticket = await staffTicketRow(db, params.ticketId).executeTakeFirst();
  if (!ticket) notFound("We could not find that ticket.");
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return data({ ...submission, conflict: null }, { status: 400 });
  const input = submission.value;

  if (input.intent === "insert-saved") {
    // No change to the ticket: re-render the form with the saved text in the reply box.
    const saved = await db
      .selectFrom("saved_replies")
      .select("body")
      .where("id", "=", input.savedReplyId)
      .where("is_active", "=", 1)
      .executeTakeFirst();
    if (!saved) return invalidWith(submission.values, { savedReplyId: ["That saved reply no longer exists."] });
    const body = input.body ? `${input.body}\n\n${saved.body}` : saved.body;
    return {
      status: "inserted" as const,
      fieldErrors: {},
      formErrors: [],
      values: { ...submission.values, body },
      conflict: null,
    };
  }

  let change: StaffChange;
  if (input.intent === "reply") change = { kind: "reply", body: input.body };
  else if (input.intent === "note") change = { kind: "note", body: input.note };
  else if (input.intent === "assign") {
    const assigneeId =
      input.assignee === "me" ? user.id : input.assignee === "none" || input.assignee === "" ? null : input.assignee;
    if (assigneeId && assigneeId !== user.id) {
      const staff = await db
        .selectFrom("users")
        .select("id")
        .where("id", "=", assigneeId)
        .where("role", "in", ["support", "admin"])
        .executeTakeFirst();
      if (!staff) return invalidWith(submission.values, { assignee: ["Assign to a member of staff."] });
    }
    change = { kind: "assign", assigneeId };
  } else
    change = {
      kind: "update",
      status: input.status,
      priority: input.priority,
      category: input.category,
      resolution: input.resolution,
    };

  const result = await applyStaffChange(db, env.DB, {
    ticket,
    actorId: user.id,
    loadedRevision: input.revision,
    change,
  });
  if (result.ok) throw redirect(`/staff/tickets/${ticket.id}?done=${input.intent}`, 303);
  if (result.reason === "rule") return invalidWith(submission.values, { [result.field]: [result.error] });
  const [messages, changes] = await batch(env.DB, changesSince(db, ticket.id, input.loadedAt));
  return data(
    {
      status: "conflict" as const,
      fieldErrors: {},
      formErrors: [
        "Someone else changed this ticket after you opened it, so your change was not applied. Check what changed below; what you typed is kept.",
      ],
      values: submission.values,
      conflict: { messages, changes },
    },
    { status: 409 },
  );
}

const DONE: Record<string, string> = {
  reply: "Reply sent to the user.",
  note: "Internal note added.",
  assign: "Assignment saved.",
  update: "Ticket updated.",
};

type ActionState = FormState & {
  status?: string;
  conflict?: {
    messages: { id: string; body: string; is_internal: number; created_at: string; author_name: string | null }[];
    changes: {
      id: string;
      action: string;
      target_type: string;
      target_id: string;
      before_json: string;
      after_json: string;
      created_at: string;
      actor_name: string | null;
    }[];
  } | null;
};

const fieldClass = "mt-1 block w-full rounded border border-stone-300 bg-white px-2 py-1.5";

export default function StaffTicket({ loaderData, actionData }: Route.ComponentProps) {
  const {
    isAdmin,
    me,
    ticket,
    contextMessages,
    redactions,
    messages,
    savedReplies,
    staff,
    timeZone,
    otherTickets,
    done,
  } = loaderData;
  const staffNames = Object.fromEntries(staff.map((s) => [s.id, s.display_name ?? s.email]));
  const state = actionData as ActionState | undefined;
  const intent = typeof state?.values?.intent === "string" ? state.values.intent : null;
  const stateFor = (...intents: string[]) => (intent && intents.includes(intent) ? state : undefined);
  // After a refused (409) post the form takes the current revision, so a deliberate
  // resubmit goes through; otherwise it keeps the revision the page was first loaded at.
  const keepLoaded = state && !state.conflict && typeof state.values?.revision === "string";
  const revision = keepLoaded ? String(state.values!.revision) : ticket.revision;
  const loadedAt =
    keepLoaded && typeof state.values?.loadedAt === "string" ? String(state.values.loadedAt) : ticket.updated_at;
  const Hidden = () => (
    <>
      <input type="hidden" name="revision" value={revision} />
      <input type="hidden" name="loadedAt" value={loadedAt} />
    </>
  );
  const assigneeDefault =
    ticket.assigned_to_id === null ? "none" : ticket.assigned_to_id === me ? "me" : ticket.assigned_to_id;
  return (
    <div>
      <StaffNav isAdmin={isAdmin} current="/staff/tickets" />
      <p className="text-sm">
        <a href="/staff/tickets" className="text-brand-700 underline">
          ← Queue
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold break-words">{ticket.subject}</h1>
      <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
        <StatusBadge status={ticket.status} />
        <PriorityBadge priority={ticket.priority} />
        <span>{CATEGORY_LABELS[ticket.category]}</span>
        <span>
          opened <When at={ticket.created_at} />
        </span>
      </p>
      {done && DONE[done] ? <SuccessNotice>{DONE[done]}</SuccessNotice> : null}
      {state?.conflict ? (
        <section
          role="alert"
          aria-labelledby="conflict-heading"
          className="mt-3 rounded border-2 border-red-400 bg-red-50 p-3"
        >
          <h2 id="conflict-heading" className="font-semibold text-red-900">
            This ticket changed while you were working on it
          </h2>
          <p>
            Your change was not applied. Here is what happened since you opened the page; submit again if it still
            applies.
          </p>
          <ul className="mt-2 ml-5 list-disc text-sm">
            {state.conflict.changes.map((c) => (
              <li key={c.id}>
                <AuditEntry row={c} names={staffNames} timeZone={timeZone} />
              </li>
            ))}
            {state.conflict.messages.map((m) => (
              <li key={m.id}>
                {m.author_name ?? "Someone"} {m.is_internal ? "added a note" : "wrote"} at{" "}
                <StaffTime at={m.created_at} timeZone={timeZone} />: “{m.body.slice(0, 200)}”
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="mt-4 grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <ol className="space-y-3" aria-label="Thread">
            <li className="rounded border border-stone-200 bg-white p-3">
              <p className="text-sm font-semibold">{ticket.user_name ?? ticket.user_email} (user)</p>
              <p className="whitespace-pre-line break-words">{ticket.description}</p>
            </li>
            {messages.map((m) =>
              m.is_internal ? (
                <li key={m.id} className="rounded border-2 border-dashed border-amber-400 bg-amber-50 p-3">
                  <p className="text-sm font-semibold text-amber-900">
                    Internal note · {m.author_name ?? "staff"} · <When at={m.created_at} /> · not visible to the user
                  </p>
                  <p className="whitespace-pre-line break-words">{m.body}</p>
                </li>
              ) : (
                <li
                  key={m.id}
                  className={`rounded border p-3 ${m.author_id === ticket.user_id ? "border-stone-200 bg-white" : "border-brand-100 bg-brand-50"}`}
                >
                  <p className="text-sm font-semibold">
                    {m.author_id === ticket.user_id
                      ? `${ticket.user_name ?? ticket.user_email} (user)`
                      : `${m.author_name ?? "staff"} (staff reply)`}{" "}
                    · <When at={m.created_at} />
                  </p>
                  <p className="whitespace-pre-line break-words">{m.body}</p>
                </li>
              ),
            )}
          </ol>

          {ticket.status === "closed" ? (
            <p className="mt-4 rounded border border-stone-200 bg-stone-50 p-3">
              This ticket is closed; it takes no more replies or notes.
            </p>
          ) : (
            <>
              <PostForm className="mt-6 rounded border border-stone-200 bg-white p-4" noValidate>
                <h2 className="mb-2 text-lg font-semibold">Reply to the user</h2>
                <FormErrors state={stateFor("reply", "insert-saved")} />
                {state?.status === "inserted" ? (
                  <p role="status" className="mb-2 text-sm text-green-900">
                    Saved reply inserted. Edit it if you like, then send.
                  </p>
                ) : null}
                <Hidden />
                <div className="mb-3 flex flex-wrap items-end gap-2">
                  <label className="grow text-sm">
                    Saved reply
                    <select name="savedReplyId" defaultValue="" className={fieldClass}>
                      <option value="">Choose a saved reply…</option>
                      {savedReplies.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.title}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button
                    type="submit"
                    name="intent"
                    value="insert-saved"
                    formNoValidate
                    className={secondaryButtonClass}
                  >
                    Insert
                  </button>
                </div>
                <TextArea
                  key={String(state?.values?.body ?? "")}
                  label="Reply (the user sees this)"
                  name="body"
                  state={stateFor("reply", "insert-saved")}
                  maxLength={5000}
                  rows={6}
                />
                <button type="submit" name="intent" value="reply" className={buttonClass}>
                  Send reply
                </button>
              </PostForm>

              <PostForm className="mt-4 rounded border-2 border-dashed border-amber-400 bg-amber-50 p-4" noValidate>
                <h2 className="mb-2 text-lg font-semibold">Internal note</h2>
                <p className="mb-2 text-sm text-amber-900">Only staff see notes.</p>
                <FormErrors state={stateFor("note")} />
                <Hidden />
                <TextArea label="Note" name="note" state={stateFor("note")} maxLength={5000} rows={3} />
                <button type="submit" name="intent" value="note" className={secondaryButtonClass}>
                  Add internal note
                </button>
              </PostForm>
            </>
          )}
        </div>

        <aside className="min-w-0 space-y-4" aria-label="Ticket details">
          <PostForm className="rounded border border-stone-200 bg-white p-3" noValidate>
            <h2 className="font-semibold">Assignee</h2>
            <FormErrors state={stateFor("assign")} />
            <Hidden />
            <label className="mt-1 block text-sm">
              Assign to
              <select name="assignee" defaultValue={assigneeDefault} className={fieldClass}>
                <option value="none">Nobody</option>
                <option value="me">Me</option>
                {staff
                  .filter((s) => s.id !== me)
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.display_name ?? s.email}
                    </option>
                  ))}
              </select>
            </label>
            <button type="submit" name="intent" value="assign" className={`mt-2 ${secondaryButtonClass}`}>
              Save assignee
            </button>
          </PostForm>

          <PostForm className="rounded border border-stone-200 bg-white p-3" noValidate>
            <h2 className="font-semibold">Status</h2>
            <FormErrors state={stateFor("update")} />
            <Hidden />
            {(
              [
                ["status", "Status", TICKET_STATUSES.map((v) => [v, STATUS_LABELS[v]])],
                ["priority", "Priority", TICKET_PRIORITIES.map((v) => [v, v])],
                ["category", "Category", TICKET_CATEGORIES.map((v) => [v, CATEGORY_LABELS[v]])],
              ] as const
            ).map(([name, label, options]) => (
              <label key={name} className="mt-1 block text-sm">
                {label}
                <select
                  name={name}
                  defaultValue={String(stateFor("update")?.values?.[name] ?? ticket[name])}
                  className={fieldClass}
                >
                  {options.map(([value, text]) => (
                    <option key={value} value={value}>
                      {text}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <TextArea
              label="Resolution (needed to resolve; the user sees it)"
              name="resolution"
              state={stateFor("update")}
              defaultValue={ticket.resolution ?? ""}
              maxLength={5000}
              rows={3}
            />
            <button type="submit" name="intent" value="update" className={secondaryButtonClass}>
              Save
            </button>
          </PostForm>

          <section className="rounded border border-stone-200 bg-white p-3 text-sm" aria-labelledby="user-heading">
            <h2 id="user-heading" className="font-semibold">
              The user
            </h2>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-stone-600">Email</dt>
              <dd className="break-all">{ticket.user_email}</dd>
              <dt className="text-stone-600">Member since</dt>
              <dd>{ticket.user_since.slice(0, 10)}</dd>
              <dt className="text-stone-600">Tier</dt>
              <dd>{ticket.tier_name ?? "Free"}</dd>
              <dt className="text-stone-600">Tokens</dt>
              <dd>{ticket.user_balance}</dd>
              {ticket.user_suspended_at ? (
                <>
                  <dt className="text-stone-600">Suspended</dt>
                  <dd>{ticket.user_suspended_at.slice(0, 10)}</dd>
                </>
              ) : null}
            </dl>
            <h3 className="mt-3 font-semibold">Other tickets</h3>
            {otherTickets.length === 0 ? (
              <p className="text-stone-600">None.</p>
            ) : (
              <ul className="mt-1 space-y-1">
                {otherTickets.map((t) => (
                  <li key={t.id}>
                    <a href={`/staff/tickets/${t.id}`} className="text-brand-700 underline">
                      {t.subject}
                    </a>{" "}
                    <span className="text-stone-600">({STATUS_LABELS[t.status]})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="rounded border border-stone-200 bg-white p-3 text-sm" aria-labelledby="context-heading">
            <h2 id="context-heading" className="font-semibold">
              Attached conversation
            </h2>
            {contextMessages.length === 0 ? (
              <p className="text-stone-600">
                {ticket.context_conversation_id ? "The conversation had no messages." : "None attached."}
              </p>
            ) : (
              <>
                <p className="text-stone-700">
                  Last {contextMessages.length} messages. Redacted: {redactions}.
                </p>
                <ol className="mt-2 max-h-96 space-y-2 overflow-y-auto">
                  {contextMessages.map((m, i) => (
                    <li key={i} className="rounded bg-stone-50 p-2">
                      <p className="text-xs font-semibold uppercase text-stone-600">{m.role}</p>
                      <p className="whitespace-pre-line break-words">{m.content}</p>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

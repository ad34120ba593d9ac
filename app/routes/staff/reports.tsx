/** /staff/reports — the moderation queue (open first): the reported bot with its public and
 * hidden fields, the reporter's reason, how many reports it has; dismiss, unpublish, mark
 * NSFW or delete, each with a note. Unpublishing and deleting ask first. */
import { redirect } from "react-router";
import { sql } from "kysely";
import { z } from "zod";
import { batch } from "#db/batch";
import { FormErrors, type FormState, SuccessNotice } from "~/components/form";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { notFound, requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { confirmFirst, confirmPromptOf } from "~/lib/staff/confirm-step";
import { actOnReport, OUTCOME_LABELS, REPORT_OUTCOMES } from "~/lib/staff/moderation";
import { When } from "../support/ticket-ui";
import { ConfirmStep } from "./confirm-step";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/reports";
import { PostForm } from "~/components/post-form";

const PAGE_SIZE = 10;
const VIEWS = { open: ["open", "reviewing"], closed: ["actioned", "dismissed"] } as const;

export function meta() {
  return [{ title: "Reports · Staff · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const view = url.searchParams.get("view") === "closed" ? "closed" : "open";
  const page = parsePage(url.searchParams.get("page"));
  // moderation_reports_queue (status, created_at) for the list; moderation_reports_bot for
  // each row's report count (a correlated count on the page's rows only).
  const [reports, [counted]] = await batch(env.DB, [
    db
      .selectFrom("moderation_reports as r")
      .innerJoin("bots", "bots.id", "r.bot_id")
      .leftJoin("users as reporter", "reporter.id", "r.reporter_id")
      .leftJoin("users as creator", "creator.id", "bots.created_by_id")
      .select([
        "r.id",
        "r.reason",
        "r.details",
        "r.status",
        "r.outcome",
        "r.outcome_note",
        "r.created_at",
        "bots.name as bot_name",
        "bots.slug as bot_slug",
        "bots.description as bot_description",
        "bots.personality as bot_personality",
        "bots.system_prompt as bot_system_prompt",
        "bots.is_public as bot_is_public",
        "bots.is_nsfw as bot_is_nsfw",
        "reporter.email as reporter_email",
        "creator.email as creator_email",
        sql<number>`(SELECT count(*) FROM moderation_reports m WHERE m.bot_id = r.bot_id)`.as("report_count"),
      ])
      .where("r.status", "in", [...VIEWS[view]])
      .orderBy("r.created_at", view === "open" ? "asc" : "desc")
      .orderBy("r.id")
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db
      .selectFrom("moderation_reports")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where("status", "in", [...VIEWS[view]]),
  ]);
  return {
    isAdmin: user.role === "admin",
    reports,
    view,
    page,
    totalPages: totalPagesFor(Number(counted?.total ?? 0), PAGE_SIZE),
    done: url.searchParams.get("done"),
  };
}

const schema = z.object({
  intent: z.enum(REPORT_OUTCOMES, { error: "Pick an action." }),
  reportId: z.string().min(1).max(100),
  note: formField.text("A note", 1000),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireStaff({ context });
  const { db, env, services, waitUntil } = getApp(context);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const { intent, reportId, note } = submission.value;
  if (intent === "unpublish" || intent === "delete") {
    const report = await db
      .selectFrom("moderation_reports")
      .innerJoin("bots", "bots.id", "moderation_reports.bot_id")
      .select(["bots.name", "moderation_reports.status"])
      .where("moderation_reports.id", "=", reportId)
      .executeTakeFirst();
    if (!report) notFound("That report does not exist.");
    // Only an open report can still be acted on; a handled one falls through to its error.
    if (report.status === "open" || report.status === "reviewing") {
      const ask = confirmFirst(
        submission.values,
        intent === "delete"
          ? {
              title: `Delete the bot ${report.name}?`,
              message: `This deletes ${report.name} with its knowledge and avatar for good; it cannot be undone. The creator and the reporters are told, with your note: “${note}”`,
              confirmLabel: "Yes, delete it",
            }
          : {
              title: `Unpublish the bot ${report.name}?`,
              message: `This hides ${report.name} from Explore and its public page until its creator publishes it again. The creator and the reporters are told, with your note: “${note}”`,
              confirmLabel: "Yes, unpublish",
            },
      );
      if (ask) return ask;
    }
  }
  const result = await actOnReport(
    { db, d1: env.DB, bucket: env.MEDIA, services, waitUntil },
    { reportId, actorId: user.id, outcome: intent, note },
  );
  if (!result.ok && result.reason === "not-found") notFound("That report does not exist.");
  if (!result.ok) return invalidWith(submission.values, {}, ["Someone already handled this report."]);
  throw redirect(`/staff/reports?done=${intent}`, 303);
}

export default function StaffReports({ loaderData, actionData }: Route.ComponentProps) {
  const { isAdmin, reports, view, page, totalPages, done } = loaderData;
  const state = actionData as FormState | undefined;
  const failedId = typeof state?.values?.reportId === "string" ? state.values.reportId : null;
  if (confirmPromptOf(actionData)) {
    return (
      <div className="max-w-3xl">
        <StaffNav isAdmin={isAdmin} current="/staff/reports" />
        <h1 className="text-2xl font-bold">Moderation reports</h1>
        <ConfirmStep state={actionData} />
      </div>
    );
  }
  return (
    <div>
      <StaffNav isAdmin={isAdmin} current="/staff/reports" />
      <h1 className="text-2xl font-bold">Moderation reports</h1>
      <p className="mt-1 flex gap-4 text-sm">
        <a
          href="/staff/reports"
          aria-current={view === "open" ? "page" : undefined}
          className={view === "open" ? "font-semibold" : "text-brand-700 underline"}
        >
          Open
        </a>
        <a
          href="/staff/reports?view=closed"
          aria-current={view === "closed" ? "page" : undefined}
          className={view === "closed" ? "font-semibold" : "text-brand-700 underline"}
        >
          Handled
        </a>
      </p>
      {done ? (
        <SuccessNotice>
          Done: {OUTCOME_LABELS[done as keyof typeof OUTCOME_LABELS] ?? done}. The creator and the reporter were
          notified.
        </SuccessNotice>
      ) : null}
      {reports.length === 0 ? (
        <p className="mt-4 rounded border border-dashed border-stone-300 bg-white p-4">No reports here.</p>
      ) : null}
      <ul className="mt-4 space-y-4">
        {reports.map((r) => (
          <li key={r.id} className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 className="text-lg font-semibold break-words">
              <a href={`/bots/${r.bot_slug}`} className="text-brand-700 underline">
                {r.bot_name}
              </a>{" "}
              <span className="text-sm font-normal text-stone-600">
                by {r.creator_email ?? "unknown"} · {r.bot_is_public ? "public" : "private"}
                {r.bot_is_nsfw ? " · NSFW" : ""} · {r.report_count} report{r.report_count === 1 ? "" : "s"}
              </span>
            </h2>
            <p className="mt-1 text-sm">
              <strong>{r.reason}</strong> from {r.reporter_email ?? "a deleted account"} · <When at={r.created_at} />
            </p>
            {r.details ? <p className="mt-1 whitespace-pre-line break-words">{r.details}</p> : null}
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-brand-700 underline">
                The bot's fields (including hidden ones)
              </summary>
              <dl className="mt-2 space-y-2">
                <dt className="font-semibold">Description</dt>
                <dd className="whitespace-pre-line break-words">{r.bot_description || "—"}</dd>
                <dt className="font-semibold">Personality (hidden)</dt>
                <dd className="whitespace-pre-line break-words">{r.bot_personality || "—"}</dd>
                <dt className="font-semibold">System prompt (hidden)</dt>
                <dd className="whitespace-pre-line break-words">{r.bot_system_prompt || "—"}</dd>
              </dl>
            </details>
            {view === "open" ? (
              <PostForm className="mt-3 border-t border-stone-200 pt-3" noValidate>
                <FormErrors state={failedId === r.id ? state : undefined} />
                <input type="hidden" name="reportId" value={r.id} />
                <label htmlFor={`note-${r.id}`} className="block font-medium">
                  Note (the creator sees it)
                </label>
                <textarea
                  id={`note-${r.id}`}
                  name="note"
                  rows={2}
                  maxLength={1000}
                  defaultValue={failedId === r.id && typeof state?.values?.note === "string" ? state.values.note : ""}
                  className="mt-1 block w-full rounded border border-stone-300 px-3 py-2"
                />
                <div className="mt-2 flex flex-wrap gap-2">
                  {REPORT_OUTCOMES.map((outcome) => (
                    <button
                      key={outcome}
                      type="submit"
                      name="intent"
                      value={outcome}
                      className={
                        outcome === "delete"
                          ? "rounded bg-red-700 px-3 py-1.5 text-white hover:bg-red-900"
                          : "rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-100"
                      }
                    >
                      {OUTCOME_LABELS[outcome]}
                    </button>
                  ))}
                </div>
              </PostForm>
            ) : (
              <p className="mt-2 text-sm">
                Outcome: <strong>{r.outcome ? OUTCOME_LABELS[r.outcome] : r.status}</strong>
                {r.outcome_note ? ` — ${r.outcome_note}` : ""}
              </p>
            )}
          </li>
        ))}
      </ul>
      <Pagination
        path="/staff/reports"
        params={{ view: view === "closed" ? "closed" : undefined }}
        page={page}
        totalPages={totalPages}
        label="Report pages"
      />
    </div>
  );
}

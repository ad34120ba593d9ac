/** /staff/applications — creator program applications, requirements checked against the
 * applicant's real numbers; accept or reject with a reason. */
import { redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { FormErrors, type FormState, SuccessNotice } from "~/components/form";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { notFound, requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import {
  APPLICATION_PAGE_SIZE,
  applicationCount,
  applicationQueue,
  checkRequirements,
  decideApplication,
} from "~/lib/staff/applications";
import { When } from "../support/ticket-ui";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/applications";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Applications · Staff · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const view = url.searchParams.get("view") === "decided" ? "decided" : "pending";
  const page = parsePage(url.searchParams.get("page"));
  const [rows, [counted]] = await batch(env.DB, [applicationQueue(db, view, page), applicationCount(db, view)]);
  return {
    isAdmin: user.role === "admin",
    view,
    page,
    totalPages: totalPagesFor(Number(counted?.total ?? 0), APPLICATION_PAGE_SIZE),
    applications: rows.map((row) => ({ ...row, checks: checkRequirements(row) })),
    done: url.searchParams.get("done"),
  };
}

const schema = z.object({
  intent: z.enum(["approve", "reject"], { error: "Pick accept or reject." }),
  applicationId: z.string().min(1).max(100),
  reason: formField.text("A reason", 1000),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const { intent, applicationId, reason } = submission.value;
  const result = await decideApplication(db, env.DB, {
    applicationId,
    actorId: user.id,
    decision: intent === "approve" ? "approved" : "rejected",
    reason,
  });
  if (!result.ok && result.reason === "not-found") notFound("That application does not exist.");
  if (!result.ok) return invalidWith(submission.values, {}, ["This application was already decided."]);
  throw redirect(`/staff/applications?done=${intent}`, 303);
}

export default function StaffApplications({ loaderData, actionData }: Route.ComponentProps) {
  const { isAdmin, view, page, totalPages, applications, done } = loaderData;
  const state = actionData as FormState | undefined;
  const failedId = typeof state?.values?.applicationId === "string" ? state.values.applicationId : null;
  return (
    <div>
      <StaffNav isAdmin={isAdmin} current="/staff/applications" />
      <h1 className="text-2xl font-bold">Program applications</h1>
      <p className="mt-1 flex gap-4 text-sm">
        <a
          href="/staff/applications"
          aria-current={view === "pending" ? "page" : undefined}
          className={view === "pending" ? "font-semibold" : "text-brand-700 underline"}
        >
          Pending
        </a>
        <a
          href="/staff/applications?view=decided"
          aria-current={view === "decided" ? "page" : undefined}
          className={view === "decided" ? "font-semibold" : "text-brand-700 underline"}
        >
          Decided
        </a>
      </p>
      {done ? (
        <SuccessNotice>
          Application {done === "approve" ? "accepted" : "rejected"}. The creator was notified.
        </SuccessNotice>
      ) : null}
      {applications.length === 0 ? (
        <p className="mt-4 rounded border border-dashed border-stone-300 bg-white p-4">No applications here.</p>
      ) : null}
      <ul className="mt-4 space-y-4">
        {applications.map((a) => (
          <li key={a.id} className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 className="text-lg font-semibold break-words">
              {a.username ? (
                <a href={`/creators/${a.username}`} className="text-brand-700 underline">
                  @{a.username}
                </a>
              ) : (
                a.applicant_email
              )}{" "}
              → {a.program_name}
            </h2>
            <p className="text-sm text-stone-600">
              {a.applicant_email} · applied <When at={a.created_at} />
            </p>
            <p className="mt-2 whitespace-pre-line break-words">{a.message}</p>
            <h3 className="mt-3 font-semibold">Requirements</h3>
            {a.requirements ? <p className="text-sm whitespace-pre-line text-stone-700">{a.requirements}</p> : null}
            <ul className="mt-1 text-sm">
              {a.checks.map((c) => (
                <li key={c.label} className={c.met ? "text-emerald-800" : "text-red-800"}>
                  {c.met ? "✓ Meets" : "✗ Does not meet"}: {c.label} — has {c.actual}, needs {c.required}
                </li>
              ))}
            </ul>
            {view === "pending" ? (
              <PostForm className="mt-3 border-t border-stone-200 pt-3" noValidate>
                <FormErrors state={failedId === a.id ? state : undefined} />
                <input type="hidden" name="applicationId" value={a.id} />
                <label htmlFor={`reason-${a.id}`} className="block font-medium">
                  Reason (the creator sees it)
                </label>
                <textarea
                  id={`reason-${a.id}`}
                  name="reason"
                  rows={2}
                  maxLength={1000}
                  defaultValue={
                    failedId === a.id && typeof state?.values?.reason === "string" ? state.values.reason : ""
                  }
                  className="mt-1 block w-full rounded border border-stone-300 px-3 py-2"
                />
                <div className="mt-2 flex flex-wrap gap-2">
                  <button
                    type="submit"
                    name="intent"
                    value="approve"
                    className="rounded bg-brand-700 px-3 py-1.5 text-white hover:bg-brand-900"
                  >
                    Accept
                  </button>
                  <button
                    type="submit"
                    name="intent"
                    value="reject"
                    className="rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-100"
                  >
                    Reject
                  </button>
                </div>
              </PostForm>
            ) : (
              <p className="mt-2 text-sm">
                Decision: <strong>{a.status}</strong>
                {a.decision_reason ? ` — ${a.decision_reason}` : ""}
              </p>
            )}
          </li>
        ))}
      </ul>
      <Pagination
        path="/staff/applications"
        params={{ view: view === "decided" ? "decided" : undefined }}
        page={page}
        totalPages={totalPages}
        label="Application pages"
      />
    </div>
  );
}

/**
 * /legal/accept?redirectTo=… — accept the terms and privacy policy in force (and, on the
 * first sign-in, give a date of birth). Accepting returns the person where they were;
 * declining leaves them able to read, export their data and delete their account.
 */
import { MinorsNotice } from "~/components/minors-notice";
import { data, redirect } from "react-router";
import { z } from "zod";
import { Checkbox, FormErrors, SubmitButton, TextField } from "~/components/form";
import { requireUser, safeRedirectPath } from "~/lib/auth/guards";
import { clearSessionCookie } from "~/lib/auth/session";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { ageOutcome, isPlausibleBirthDate, MINIMUM_AGE } from "~/lib/legal/age";
import { recordAcceptance, refuseUnderAgeAccount } from "~/lib/legal/accept";
import { pendingAgreements } from "~/lib/legal/documents";
import { acceptKeepingForm, keptFormOf } from "~/lib/legal/pending-form";
import { AcceptKeepingForm } from "./accept-kept-form";
import type { Route } from "./+types/accept";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Accept the terms · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  const pending = await pendingAgreements(getApp(context).db, user.id);
  const needsAge = !user.ageGroup;
  if (pending.length === 0 && !needsAge) throw redirect(redirectTo);
  return { redirectTo, pending, needsAge, firstTime: needsAge };
}

const acceptSchema = z.object({
  redirectTo: z.string().max(2000).optional(),
  accept: formField.checkbox().refine((v) => v, "Tick the box to accept the documents, or leave this page to decline."),
  documentIds: z.union([z.string().max(64), z.array(z.string().max(64)).max(10)]).optional(),
  birthDate: z.string().max(20).optional(),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const formData = await request.formData();
  // A form post the gate held back comes with it: accepting sends it on (pending-form.ts).
  const kept = user.ageGroup ? keptFormOf(request.url, formData) : null;
  if (kept) return acceptKeepingForm({ d1: env.DB, db, userId: user.id, request, form: formData, kept });
  const submission = parseSubmission(formData, acceptSchema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  const redirectTo = safeRedirectPath(input.redirectTo);
  const pending = await pendingAgreements(db, user.id);
  // The person accepts what they were shown; if a new version landed meanwhile, show it.
  const shown = new Set(typeof input.documentIds === "string" ? [input.documentIds] : (input.documentIds ?? []));
  if (pending.some((doc) => !shown.has(doc.id))) {
    return invalidWith(submission.values, {}, [
      "A document changed while you were reading. Please read the versions below and accept again.",
    ]);
  }
  let ageGroup: "adult" | "minor" | undefined;
  if (!user.ageGroup) {
    const birthDate = input.birthDate?.trim() ?? "";
    if (!isPlausibleBirthDate(birthDate))
      return invalidWith(submission.values, { birthDate: ["Enter your date of birth, like 2001-04-23."] });
    const outcome = ageOutcome(birthDate);
    if (outcome === "too_young") {
      await refuseUnderAgeAccount(db, user.id);
      return data({ tooYoung: true as const }, { headers: { "Set-Cookie": clearSessionCookie(request) } });
    }
    ageGroup = outcome;
  }
  await recordAcceptance(env.DB, db, { userId: user.id, documentIds: pending.map((doc) => doc.id), ageGroup, request });
  throw redirect(redirectTo, 303);
}

export default function Accept({ loaderData, actionData }: Route.ComponentProps) {
  if (actionData && "tooYoung" in actionData) {
    return (
      <div className="mx-auto max-w-xl">
        <h1 className="text-2xl font-bold">Sorry, BotCafe is not for you yet</h1>
        <p className="mt-3 text-stone-700">
          You need to be at least {MINIMUM_AGE} years old to have a BotCafe account. We did not keep your account or
          your date of birth.
        </p>
        <p className="mt-3">
          <a href="/crisis" className="text-brand-700 underline">
            If you need someone to talk to, these services can help.
          </a>
        </p>
      </div>
    );
  }
  const { redirectTo, pending, needsAge, firstTime } = loaderData;
  if (actionData && "kept" in actionData) return <AcceptKeepingForm pending={pending} state={actionData} />;
  const state = actionData && "values" in actionData ? actionData : undefined;
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">{firstTime ? "Welcome to BotCafe" : "Our terms have changed"}</h1>
      <p className="mt-2 text-stone-700">
        {firstTime
          ? "Before you start, please read and accept these documents."
          : "A new version of the documents below is now in effect. Read what changed, then accept to go on where you were."}
      </p>
      <div className="mt-2">
        <MinorsNotice />
      </div>
      <ul className="mt-4 space-y-2">
        {pending.map((doc) => (
          <li key={doc.id} className="rounded border border-stone-200 bg-white p-3">
            <a
              href={`/legal/${doc.type}/versions/${encodeURIComponent(doc.version)}`}
              className="font-medium text-brand-700 underline"
            >
              {doc.title}, version {doc.version}
            </a>{" "}
            <span className="text-sm text-stone-600">(in effect from {doc.effective_date.slice(0, 10)})</span>
          </li>
        ))}
      </ul>
      <PostForm noValidate className="mt-4 rounded-lg border border-stone-200 bg-white p-4">
        <FormErrors state={state} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {pending.map((doc) => (
          <input key={doc.id} type="hidden" name="documentIds" value={doc.id} />
        ))}
        {needsAge ? (
          <TextField
            label="Date of birth"
            name="birthDate"
            type="date"
            required
            state={state}
            hint={`We keep only whether you are over 18, never the date. You must be ${MINIMUM_AGE} or older to have an account.`}
          />
        ) : null}
        <Checkbox
          label={
            pending.length > 0 ? "I have read and accept these documents" : "I confirm my date of birth is correct"
          }
          name="accept"
          state={state}
        />
        <SubmitButton>{firstTime ? "Accept and continue" : "Accept and go back"}</SubmitButton>
      </PostForm>
      <section aria-labelledby="decline" className="mt-6 text-sm text-stone-700">
        <h2 id="decline" className="font-semibold">
          If you do not accept
        </h2>
        <p className="mt-1">
          You can still read public pages,{" "}
          <a href="/account/export" className="text-brand-700 underline">
            download your data
          </a>{" "}
          or{" "}
          <a href="/account/delete" className="text-brand-700 underline">
            delete your account
          </a>
          , but you cannot change anything until you accept.
        </p>
      </section>
    </div>
  );
}

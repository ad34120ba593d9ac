/** /programs — active creator programs with requirements and benefits; a creator applies
 * with a message and sees the status of their applications. */
import { redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { FormErrors, SelectField, SubmitButton, TextArea } from "~/components/form";
import { getOptionalUser, notFound, requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { activePrograms, applicationsOf, applyToProgram } from "~/lib/creators/programs";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { parseJsonArray } from "~/lib/json";
import { CreatorToolsNav } from "./creator-card";
import type { Route } from "./+types/programs";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Creator programs · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { env, db } = getApp(context);
  const user = getOptionalUser({ context });
  const [programs, applications, profiles] = await batch(env.DB, [
    activePrograms(db),
    applicationsOf(db, user?.id ?? ""),
    db
      .selectFrom("creator_profiles")
      .select("username")
      .where("user_id", "=", user?.id ?? ""),
  ]);
  return {
    programs: programs.map((program) => ({ ...program, benefits: parseJsonArray(program.benefits) })),
    applications,
    signedIn: user !== null,
    hasProfile: profiles.length > 0,
    applied: new URL(request.url).searchParams.get("applied"),
  };
}

const applySchema = z.object({
  intent: z.literal("apply", { error: "Unknown action." }),
  programId: z.string({ error: "Choose a program." }).min(1, "Choose a program.").max(100, "Choose a program."),
  message: formField.text("Your message", 2000),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db } = getApp(context);
  const submission = parseSubmission(await request.formData(), applySchema);
  if (submission.status === "invalid") return invalid(submission);
  const { programId, message } = submission.value;
  const result = await applyToProgram(db, { programId, userId: user.id, message });
  if (result.ok) throw redirect(`/programs?applied=${encodeURIComponent(programId)}`, 303);
  if (result.reason === "no-program") notFound("That program does not exist or is not open for applications.");
  if (result.reason === "no-profile")
    return invalidWith(submission.values, {}, ["Create your creator profile before applying to a program."]);
  return invalidWith(submission.values, {
    programId: ["You have already applied to this program. Its status is shown on this page."],
  });
}

const STATUS_STYLES = {
  pending: "bg-amber-100 text-amber-900",
  approved: "bg-emerald-100 text-emerald-900",
  rejected: "bg-red-100 text-red-900",
  withdrawn: "bg-stone-200 text-stone-800",
} as const;

export default function Programs({ loaderData, actionData }: Route.ComponentProps) {
  const { programs, applications, signedIn, hasProfile, applied } = loaderData;
  const byProgram = new Map(applications.map((application) => [application.program_id, application]));
  const open = programs.filter((program) => !byProgram.has(program.id));
  return (
    <div className="max-w-3xl">
      <CreatorToolsNav />
      <h1 className="text-2xl font-bold">Creator programs</h1>
      <p className="mt-1 text-stone-700">
        Programs that help creators grow. Apply with a short message; staff review every application.
      </p>
      {programs.length === 0 ? (
        <p className="mt-4 rounded border border-stone-200 bg-white p-4">
          No programs are open right now. Check back soon.
        </p>
      ) : null}
      <ul className="mt-6 space-y-6">
        {programs.map((program) => {
          const application = byProgram.get(program.id);
          const headingId = `program-${program.id}`;
          return (
            <li key={program.id}>
              <section aria-labelledby={headingId} className="rounded-lg border border-stone-200 bg-white p-4">
                <h2 id={headingId} className="text-xl font-semibold">
                  {program.name}
                </h2>
                {program.description ? <p className="mt-1">{program.description}</p> : null}
                {program.requirements ? (
                  <>
                    <h3 className="mt-3 font-semibold">Requirements</h3>
                    <p className="whitespace-pre-line text-stone-800">{program.requirements}</p>
                  </>
                ) : null}
                {program.benefits.length > 0 ? (
                  <>
                    <h3 className="mt-3 font-semibold">Benefits</h3>
                    <ul className="ml-5 list-disc">
                      {program.benefits.map((benefit) => (
                        <li key={benefit}>{benefit}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {application ? (
                  <div
                    className="mt-4 rounded border border-stone-200 bg-stone-50 p-3"
                    role={applied === program.id ? "status" : undefined}
                  >
                    {applied === program.id ? <p className="font-medium">Thanks — your application is in.</p> : null}
                    <p>
                      Your application:{" "}
                      <span
                        className={`rounded-full px-2 py-0.5 text-sm font-semibold ${STATUS_STYLES[application.status]}`}
                      >
                        {application.status}
                      </span>{" "}
                      <span className="text-sm text-stone-600">
                        (sent <time dateTime={application.created_at}>{application.created_at.slice(0, 10)}</time>)
                      </span>
                    </p>
                    {application.decision_reason && application.status !== "pending" ? (
                      <p className="mt-1 text-sm">Our team: {application.decision_reason}</p>
                    ) : null}
                  </div>
                ) : null}
              </section>
            </li>
          );
        })}
      </ul>

      <section aria-labelledby="apply-heading" className="mt-8">
        <h2 id="apply-heading" className="text-xl font-semibold">
          Apply to a program
        </h2>
        {!signedIn ? (
          <p className="mt-2">
            <a href="/sign-in?redirectTo=%2Fprograms" className="text-brand-700 underline">
              Sign in
            </a>{" "}
            to apply.
          </p>
        ) : !hasProfile ? (
          <p className="mt-2 rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
            Programs are for creators.{" "}
            <a href="/my/profile" className="underline">
              Create your creator profile
            </a>{" "}
            first, then come back to apply.
          </p>
        ) : open.length === 0 && !actionData ? (
          <p className="mt-2 text-stone-700">You have applied to every open program. Their status is shown above.</p>
        ) : (
          <PostForm className="mt-3 rounded border border-stone-200 bg-white p-4" noValidate>
            <FormErrors state={actionData} />
            <SelectField
              label="Program"
              name="programId"
              state={actionData}
              defaultValue={open[0]?.id ?? ""}
              options={(open.length > 0 ? open : programs).map((program) => ({
                value: program.id,
                label: program.name,
              }))}
            />
            <TextArea
              label="Why you'd like to join"
              name="message"
              state={actionData}
              required
              maxLength={2000}
              rows={4}
              hint="A few sentences about you and your bots."
            />
            <SubmitButton name="intent" value="apply">
              Send application
            </SubmitButton>
          </PostForm>
        )}
      </section>
    </div>
  );
}

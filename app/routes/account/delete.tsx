/**
 * /account/delete — says exactly what goes and what stays, and asks for the account's
 * email typed out (a forged or mistaken POST cannot delete anyone). Deleting ends every
 * session: the person lands on the home page signed out.
 */
import { redirect } from "react-router";
import { z } from "zod";
import { FormErrors, SubmitButton, TextField } from "~/components/form";
import { deleteAccount, StaffAccountError } from "~/lib/account/delete-account";
import { requireUser } from "~/lib/auth/guards";
import { clearSessionCookie } from "~/lib/auth/session";
import { getApp } from "~/lib/context";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import type { Route } from "./+types/delete";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Delete my account · BotCafe" }];
}

export function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  return { email: user.email, isStaff: user.role === "admin" || user.role === "support" };
}

const confirmSchema = z.object({
  intent: z.literal("delete"),
  confirmEmail: z
    .string({ error: "Type your email address to confirm." })
    .trim()
    .toLowerCase()
    .min(1, "Type your email address to confirm.")
    .max(254),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const submission = parseSubmission(await request.formData(), confirmSchema);
  if (submission.status === "invalid") return invalid(submission);
  if (submission.value.confirmEmail !== user.email) {
    return invalidWith(submission.values, {
      confirmEmail: ["That is not this account's email address. Nothing was deleted."],
    });
  }
  const { env, db, services } = getApp(context);
  try {
    await deleteAccount({ d1: env.DB, db, bucket: env.MEDIA, services }, user.id);
  } catch (error) {
    if (error instanceof StaffAccountError) return invalidWith(submission.values, {}, [error.message]);
    throw error;
  }
  throw redirect("/?deleted=1", { status: 303, headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export default function DeleteAccount({ loaderData, actionData }: Route.ComponentProps) {
  const { email, isStaff } = loaderData;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Delete my account</h1>
      <p className="text-stone-700">
        This cannot be undone. You may want to{" "}
        <a href="/account/export" className="text-brand-700 underline">
          download your data
        </a>{" "}
        first.
      </p>
      <section aria-labelledby="goes" className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="goes" className="font-semibold">
          What is deleted
        </h2>
        <ul className="ml-5 mt-2 list-disc text-stone-700">
          <li>your account, profile, creator page and followers;</li>
          <li>
            all your bots, <strong>public ones too</strong> — with the conversations other people had with them — and
            their knowledge and lorebooks;
          </li>
          <li>your conversations, memories, personas, knowledge, and their search vectors;</li>
          <li>the images you uploaded (from storage, not just hidden);</li>
          <li>
            your API keys, likes, ratings, follows, support tickets, wellbeing settings, notifications and legal
            acceptances;
          </li>
          <li>every sign-in session: you are signed out everywhere at once.</li>
        </ul>
        <h2 className="mt-4 font-semibold">What stays, without your name or email</h2>
        <ul className="ml-5 mt-2 list-disc text-stone-700">
          <li>
            token history and payment records, which accounting must keep: they move to an anonymous “Deleted account”;
          </li>
          <li>
            reports you made about bots (the reporter is removed) and gifts you sent or received (the sender or
            recipient is removed);
          </li>
          <li>records of staff actions that concerned your account (the staff audit log cannot be changed).</li>
        </ul>
      </section>
      {isStaff ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          Staff accounts are closed by an admin, not deleted from here.
        </p>
      ) : (
        <PostForm noValidate className="rounded-lg border border-red-200 bg-white p-4">
          <FormErrors state={actionData} />
          <input type="hidden" name="intent" value="delete" />
          <TextField
            label="Type your email address to confirm"
            name="confirmEmail"
            type="email"
            autoComplete="off"
            required
            state={actionData}
            hint={`This account's email is ${email}.`}
          />
          <SubmitButton>Delete my account forever</SubmitButton>
        </PostForm>
      )}
    </div>
  );
}

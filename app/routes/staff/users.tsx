/** /staff/users (admins only) — find a user by email, change their role, suspend them. */
import { redirect } from "react-router";
import { z } from "zod";
import { FormErrors, type FormState, SuccessNotice } from "~/components/form";
import { notFound, requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { changeRole, ROLES, setSuspended, userByEmail } from "~/lib/staff/users";
import { When } from "../support/ticket-ui";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/users";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Users · Staff · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  requireStaff({ context }, "admin");
  const { db } = getApp(context);
  const url = new URL(request.url);
  const email = (url.searchParams.get("email") ?? "").trim().toLowerCase().slice(0, 254);
  // Found by exact email (the unique index), never a pattern.
  const found = email ? ((await userByEmail(db, email).executeTakeFirst()) ?? null) : null;
  return { email, found, done: url.searchParams.get("done") };
}

const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("role"), userId: z.string().min(1).max(100), role: z.enum(ROLES, { error: "Pick a role." }), note: formField.optionalText("Note", 1000) }),
    z.object({ intent: z.literal("suspend"), userId: z.string().min(1).max(100), note: formField.text("A reason", 1000) }),
    z.object({ intent: z.literal("unsuspend"), userId: z.string().min(1).max(100), note: formField.optionalText("Note", 1000) }),
  ],
  { error: "Unknown action." },
);

export async function action({ request, context }: Route.ActionArgs) {
  const admin = requireStaff({ context }, "admin");
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  const user = await db.selectFrom("users").select(["id", "email", "role", "suspended_at"]).where("id", "=", input.userId).executeTakeFirst();
  if (!user) notFound("That user does not exist.");
  // An admin cannot lock themselves out.
  if (user.id === admin.id) return invalidWith(submission.values, {}, ["You cannot change your own role or suspend yourself. Ask another admin."]);
  if (input.intent === "role") await changeRole(db, env.DB, { actorId: admin.id, user, role: input.role, note: input.note });
  else await setSuspended(db, env.DB, { actorId: admin.id, user, suspend: input.intent === "suspend", note: input.note });
  throw redirect(`/staff/users?email=${encodeURIComponent(user.email)}&done=${input.intent}`, 303);
}

const DONE: Record<string, string> = { role: "Role saved.", suspend: "The user is suspended and their public bots are hidden.", unsuspend: "The suspension is lifted and their bots are public again." };

export default function StaffUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { email, found, done } = loaderData;
  const state = actionData as FormState | undefined;
  return (
    <div className="max-w-3xl">
      <StaffNav isAdmin current="/staff/users" />
      <h1 className="text-2xl font-bold">Users</h1>
      <form method="get" className="mt-3 flex flex-wrap items-end gap-2">
        <label className="grow text-sm">
          Email address
          <input type="email" name="email" defaultValue={email} maxLength={254} className="mt-1 block w-full rounded border border-stone-300 px-2 py-1.5" />
        </label>
        <button type="submit" className="rounded bg-brand-700 px-4 py-1.5 font-medium text-white">
          Find
        </button>
      </form>
      {done && DONE[done] ? (
        <SuccessNotice>
          {DONE[done]}
        </SuccessNotice>
      ) : null}
      {email && !found ? <p className="mt-4">No account uses {email}.</p> : null}
      {found ? (
        <section className="mt-4 rounded-lg border border-stone-200 bg-white p-4" aria-labelledby="user-heading">
          <FormErrors state={state} />
          <h2 id="user-heading" className="text-lg font-semibold break-all">
            {found.display_name ?? found.email}
          </h2>
          <p className="text-sm text-stone-700 break-all">
            {found.email} · {found.role} · joined <When at={found.created_at} /> · {found.token_balance} tokens
          </p>
          {found.suspended_at ? (
            <p className="mt-2 rounded border border-red-300 bg-red-50 p-2 text-red-900">
              Suspended since <When at={found.suspended_at} />.
            </p>
          ) : null}
          <PostForm className="mt-4 flex flex-wrap items-end gap-2">
            <input type="hidden" name="userId" value={found.id} />
            <label className="text-sm">
              Role
              <select name="role" defaultValue={found.role} className="mt-1 block rounded border border-stone-300 px-2 py-1.5">
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
            </label>
            <label className="grow text-sm">
              Note (optional)
              <input name="note" maxLength={1000} className="mt-1 block w-full rounded border border-stone-300 px-2 py-1.5" />
            </label>
            <button type="submit" name="intent" value="role" className="rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-100">
              Change role
            </button>
          </PostForm>
          <PostForm className="mt-4 border-t border-stone-200 pt-3">
            <input type="hidden" name="userId" value={found.id} />
            <label className="block text-sm">
              {found.suspended_at ? "Note (optional)" : "Reason for suspending (required)"}
              <textarea name="note" rows={2} maxLength={1000} className="mt-1 block w-full rounded border border-stone-300 px-2 py-1.5" />
            </label>
            {found.suspended_at ? (
              <button type="submit" name="intent" value="unsuspend" className="mt-2 rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-100">
                Lift suspension
              </button>
            ) : (
              <button type="submit" name="intent" value="suspend" className="mt-2 rounded bg-red-700 px-3 py-1.5 text-white hover:bg-red-900">
                Suspend: sign-in off, public bots hidden
              </button>
            )}
          </PostForm>
        </section>
      ) : null}
    </div>
  );
}

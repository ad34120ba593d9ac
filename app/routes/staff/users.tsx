/** /staff/users (admins only) — find users by part of their email or name (pages of 20),
 * change a role, suspend. Suspending and a role change to or from admin ask first. */
import { data, redirect } from "react-router";
import { z } from "zod";
import { FormErrors, type FormState, SuccessNotice, valueOf } from "~/components/form";
import { parsePage } from "~/components/pagination";
import { notFound, requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { confirmFirst, confirmPromptOf } from "~/lib/staff/confirm-step";
import {
  changeRole,
  ROLES,
  searchUsers,
  setSuspended,
  USER_SEARCH_MAX,
  userByEmail,
  userById,
} from "~/lib/staff/users";
import { When } from "../support/ticket-ui";
import { ConfirmStep } from "./confirm-step";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/users";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Users · Staff · BotCafe" }];
}

/** The page's query: what to search for, and whose card to show. */
const querySchema = z.object({
  q: z.string().trim().max(USER_SEARCH_MAX, `Search for at most ${USER_SEARCH_MAX} characters.`),
  user: z.string().trim().max(100).optional(),
  email: z.string().trim().toLowerCase().max(254).optional(),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  requireStaff({ context }, "admin");
  const { db } = getApp(context);
  const url = new URL(request.url);
  const page = parsePage(url.searchParams.get("page"));
  const done = url.searchParams.get("done");
  const parsed = querySchema.safeParse({
    q: url.searchParams.get("q") ?? "",
    user: url.searchParams.get("user") ?? undefined,
    email: url.searchParams.get("email") ?? undefined,
  });
  if (!parsed.success) {
    // Too long to search: say so and keep what was typed (a 400, like a bad form post).
    const q = (url.searchParams.get("q") ?? "").slice(0, USER_SEARCH_MAX * 2);
    return data(
      {
        q,
        page: 1,
        results: [],
        hasNext: false,
        found: null,
        done: null,
        error: parsed.error.issues[0]?.message ?? "That search did not look right.",
      },
      { status: 400 },
    );
  }
  const { q, user, email } = parsed.data;
  const results = q ? await searchUsers(db, q, page) : { users: [], hasNext: false };
  // One user's card: by id (a result clicked, or after a change), or by exact email.
  const found = user
    ? ((await userById(db, user).executeTakeFirst()) ?? null)
    : email
      ? ((await userByEmail(db, email).executeTakeFirst()) ?? null)
      : null;
  return { q, page, results: results.users, hasNext: results.hasNext, found, done, error: null };
}

const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("role"),
      userId: z.string().min(1).max(100),
      role: z.enum(ROLES, { error: "Pick a role." }),
      note: formField.optionalText("Note", 1000),
    }),
    z.object({
      intent: z.literal("suspend"),
      userId: z.string().min(1).max(100),
      note: formField.text("A reason", 1000),
    }),
    z.object({
      intent: z.literal("unsuspend"),
      userId: z.string().min(1).max(100),
      note: formField.optionalText("Note", 1000),
    }),
  ],
  { error: "Unknown action." },
);

export async function action({ request, context }: Route.ActionArgs) {
  const admin = requireStaff({ context }, "admin");
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "display_name", "role", "suspended_at"])
    .where("id", "=", input.userId)
    .executeTakeFirst();
  if (!user) notFound("That user does not exist.");
  // An admin cannot lock themselves out.
  if (user.id === admin.id)
    return invalidWith(submission.values, {}, [
      "You cannot change your own role or suspend yourself. Ask another admin.",
    ]);
  const name = user.display_name ?? user.email;
  if (input.intent === "role") {
    // Granting or taking away admin is the change that matters: it asks first.
    if (input.role !== user.role && (input.role === "admin" || user.role === "admin")) {
      const prompt =
        input.role === "admin"
          ? {
              title: `Make ${name} an admin?`,
              message: `${name} will be able to change anyone's role, suspend accounts and edit legal documents and prices.`,
              confirmLabel: "Yes, make them an admin",
            }
          : {
              title: `Take away ${name}'s admin role?`,
              message: `${name} will become ${input.role} and lose the admin pages at once.`,
              confirmLabel: `Yes, make them ${input.role}`,
            };
      const ask = confirmFirst(submission.values, prompt);
      if (ask) return ask;
    }
    await changeRole(db, env.DB, { actorId: admin.id, user, role: input.role, note: input.note });
  } else {
    if (input.intent === "suspend" && !user.suspended_at) {
      const bots = await db
        .selectFrom("bots")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("created_by_id", "=", user.id)
        .where("is_public", "=", 1)
        .executeTakeFirst();
      const publicBots = Number(bots?.n ?? 0);
      const ask = confirmFirst(submission.values, {
        title: `Suspend ${name}?`,
        message: `${name} will be signed out everywhere and unable to sign in, and ${publicBots === 1 ? "their 1 public bot" : `their ${publicBots} public bots`} will be hidden until you lift the suspension. Reason: “${input.note}”`,
        confirmLabel: "Yes, suspend",
      });
      if (ask) return ask;
    }
    await setSuspended(db, env.DB, { actorId: admin.id, user, suspend: input.intent === "suspend", note: input.note });
  }
  throw redirect(`/staff/users?user=${encodeURIComponent(user.id)}&done=${input.intent}`, 303);
}

const DONE: Record<string, string> = {
  role: "Role saved.",
  suspend: "The user is suspended and their public bots are hidden.",
  unsuspend: "The suspension is lifted and their bots are public again.",
};

const inputClass = "mt-1 block w-full rounded border border-stone-300 px-2 py-1.5";

export default function StaffUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { q, page, results, hasNext, found, done, error } = loaderData;
  const state = actionData as FormState | undefined;
  const intent = typeof state?.values?.intent === "string" ? state.values.intent : null;
  const stateFor = (...intents: string[]) => (intent && intents.includes(intent) ? state : undefined);
  const pageLink = (n: number) =>
    `/staff/users?${new URLSearchParams({ q, ...(n > 1 ? { page: String(n) } : {}) }).toString()}`;
  const asking = confirmPromptOf(state) !== null;
  return (
    <div className="max-w-3xl">
      <StaffNav isAdmin current="/staff/users" />
      <h1 className="text-2xl font-bold">Users</h1>
      <form method="get" className="mt-3 flex flex-wrap items-end gap-2">
        <label className="grow text-sm">
          Part of an email or name
          <input
            type="search"
            name="q"
            defaultValue={q}
            maxLength={USER_SEARCH_MAX}
            aria-invalid={error ? true : undefined}
            className={inputClass}
          />
        </label>
        <button type="submit" className="rounded bg-brand-700 px-4 py-1.5 font-medium text-white">
          Find
        </button>
      </form>
      {error ? (
        <p role="alert" className="mt-3 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      ) : null}
      {done && DONE[done] ? <SuccessNotice>{DONE[done]}</SuccessNotice> : null}
      {q && !error ? (
        <section aria-labelledby="results-heading" className="mt-4">
          <h2 id="results-heading" className="text-lg font-semibold break-words">
            {results.length === 0
              ? `No users match “${q}”`
              : `Users matching “${q}”${page > 1 ? `, page ${page}` : ""}`}
          </h2>
          {results.length > 0 ? (
            <ul className="mt-2 divide-y divide-stone-200 rounded border border-stone-200 bg-white">
              {results.map((u) => (
                <li key={u.id} className="flex flex-wrap items-baseline gap-x-3 p-2">
                  <a
                    href={`/staff/users?${new URLSearchParams({ q, ...(page > 1 ? { page: String(page) } : {}), user: u.id }).toString()}`}
                    className="font-medium text-brand-700 underline break-all"
                  >
                    {u.display_name ?? u.email}
                  </a>
                  <span className="text-sm text-stone-700 break-all">{u.email}</span>
                  <span className="text-sm text-stone-700">
                    {u.role}
                    {u.suspended_at ? " · suspended" : ""}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          {page > 1 || hasNext ? (
            <nav aria-label="Result pages" className="mt-3 flex gap-2 text-sm">
              {page > 1 ? (
                <a
                  href={pageLink(page - 1)}
                  rel="prev"
                  className="rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-brand-50"
                >
                  ← Previous
                </a>
              ) : null}
              {hasNext ? (
                <a
                  href={pageLink(page + 1)}
                  rel="next"
                  className="rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-brand-50"
                >
                  Next →
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      ) : null}
      {found ? (
        <section className="mt-4 rounded-lg border border-stone-200 bg-white p-4" aria-labelledby="user-heading">
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
          <ConfirmStep state={state} />
          {asking ? null : (
            <>
              <FormErrors state={state} />
              <PostForm className="mt-4 flex flex-wrap items-end gap-2">
                <input type="hidden" name="userId" value={found.id} />
                <label className="text-sm">
                  Role
                  <select
                    name="role"
                    defaultValue={valueOf(stateFor("role"), "role", found.role)}
                    className="mt-1 block rounded border border-stone-300 px-2 py-1.5"
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="grow text-sm">
                  Note (optional)
                  <input
                    name="note"
                    maxLength={1000}
                    defaultValue={valueOf(stateFor("role"), "note")}
                    className={inputClass}
                  />
                </label>
                <button
                  type="submit"
                  name="intent"
                  value="role"
                  className="rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-100"
                >
                  Change role
                </button>
              </PostForm>
              <PostForm className="mt-4 border-t border-stone-200 pt-3">
                <input type="hidden" name="userId" value={found.id} />
                <label className="block text-sm">
                  {found.suspended_at ? "Note (optional)" : "Reason for suspending (required)"}
                  <textarea
                    name="note"
                    rows={2}
                    maxLength={1000}
                    defaultValue={valueOf(stateFor("suspend", "unsuspend"), "note")}
                    className={inputClass}
                  />
                </label>
                {found.suspended_at ? (
                  <button
                    type="submit"
                    name="intent"
                    value="unsuspend"
                    className="mt-2 rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-100"
                  >
                    Lift suspension
                  </button>
                ) : (
                  <button
                    type="submit"
                    name="intent"
                    value="suspend"
                    className="mt-2 rounded bg-red-700 px-3 py-1.5 text-white hover:bg-red-900"
                  >
                    Suspend: sign-in off, public bots hidden
                  </button>
                )}
              </PostForm>
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}

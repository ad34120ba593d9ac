/**
 * Sign in. With Clerk configured this hands over to Clerk's hosted sign-in page. Without
 * it (the local default) a person types an email — or picks a demo user — and gets a
 * signed session cookie. The local page runs only in local mode (a developer's machine,
 * app/lib/runtime/local-mode.ts) and never beside Clerk keys; elsewhere sign-in is a 503.
 */
import { data, redirect } from "react-router";
import { z } from "zod";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { DEMO_ACCOUNTS } from "~/lib/auth/demo-accounts";
import { isClerkConfigured, isLocalSignInAllowed, SIGN_IN_SETTINGS } from "~/lib/auth/config";
import { getOptionalUser, safeRedirectPath } from "~/lib/auth/guards";
import { sessionCookie, sessionSecret, signSession } from "~/lib/auth/session";
import { createSession } from "~/lib/auth/sessions";
import { findOrCreateUserByEmail } from "~/lib/auth/user";
import { getApp } from "~/lib/context";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { logNotConfigured, notConfiguredMessage } from "~/lib/runtime/local-mode";
import type { Route } from "./+types/sign-in";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Sign in · BotCafe" }];
}

/** Local sign-in only in local mode; any other deployment without Clerk refuses (503)
 * and says what to set, rather than letting anyone in. Returns the secret to sign with. */
function guardLocalSignIn(env: Env): string {
  const secret = sessionSecret(env);
  if (!isLocalSignInAllowed(env) || !secret) {
    const message = notConfiguredMessage(SIGN_IN_SETTINGS);
    logNotConfigured(message);
    throw data({ message }, { status: 503 });
  }
  return secret;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { env, db } = getApp(context);
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (getOptionalUser({ context })) throw redirect(redirectTo);
  if (isClerkConfigured(env)) {
    const clerkSignIn = env.CLERK_SIGN_IN_URL;
    if (!clerkSignIn)
      throw data({ message: "Sign-in is not configured (CLERK_SIGN_IN_URL is missing)." }, { status: 503 });
    const target = new URL(clerkSignIn);
    target.searchParams.set("redirect_url", new URL(redirectTo, request.url).toString());
    throw redirect(target.toString());
  }
  guardLocalSignIn(env);
  const demoUsers = await db
    .selectFrom("users")
    .select(["email", "display_name", "role"])
    .where(
      "email",
      "in",
      DEMO_ACCOUNTS.map((account) => account.email),
    )
    .orderBy("email")
    .execute();
  return { redirectTo, demoUsers };
}

const roleChoices = ["user", "creator", "support", "admin"] as const;

const signInSchema = z.object({
  email: formField.email(),
  role: z.enum(roleChoices, { error: "Pick one of the listed roles." }).default("user"),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: Route.ActionArgs) {
  const { env, db } = getApp(context);
  const secret = guardLocalSignIn(env);
  const submission = parseSubmission(await request.formData(), signInSchema);
  if (submission.status === "invalid") return invalid(submission);
  const { email, role, redirectTo } = submission.value;
  await enforceRateLimit({ request, context }, "sign_in", email.toLowerCase());
  // A new email becomes a user with the chosen role; an existing user keeps theirs.
  const user = await findOrCreateUserByEmail(db, env, email, { role });
  if (user.suspendedAt) return invalidWith(submission.values, {}, ["This account is suspended, so it cannot sign in."]);
  // A server-side session row: signing out revokes it, so the cookie dies with it.
  const sessionId = await createSession(db, user.id, request);
  const cookie = sessionCookie(await signSession(sessionId, secret), request);
  throw redirect(safeRedirectPath(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const { redirectTo, demoUsers } = loaderData;
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">Sign in</h1>
      <p className="mt-2 text-stone-700">
        This is BotCafe's local sign-in, for running the app on your own machine. Type any email: a new one creates an
        account.
      </p>

      {demoUsers.length > 0 ? (
        <section aria-labelledby="demo-users" className="mt-6">
          <h2 id="demo-users" className="text-lg font-semibold">
            Use a demo account
          </h2>
          <ul className="mt-2 space-y-2">
            {demoUsers.map((user) => (
              <li key={user.email}>
                <PostForm className="flex items-center justify-between gap-3 rounded border border-stone-200 bg-white p-3">
                  <input type="hidden" name="email" value={user.email} />
                  <input type="hidden" name="redirectTo" value={redirectTo} />
                  <span>
                    <strong>{user.display_name ?? user.email}</strong>{" "}
                    <span className="text-sm text-stone-600">({user.role})</span>
                  </span>
                  <button
                    type="submit"
                    className="rounded border border-brand-700 px-3 py-1 text-brand-700 hover:bg-brand-50"
                  >
                    Sign in as {user.display_name ?? user.email}
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="email-sign-in" className="mt-8">
        <h2 id="email-sign-in" className="text-lg font-semibold">
          Or sign in with an email
        </h2>
        <PostForm className="mt-2 rounded border border-stone-200 bg-white p-4" noValidate>
          <FormErrors state={actionData} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextField label="Email" name="email" type="email" autoComplete="email" required state={actionData} />
          <SelectField
            label="Role for a new account"
            name="role"
            state={actionData}
            defaultValue="user"
            hint="Used only when this email has no account yet."
            options={roleChoices.map((role) => ({ value: role, label: role }))}
          />
          <SubmitButton>Sign in</SubmitButton>
        </PostForm>
      </section>
    </div>
  );
}

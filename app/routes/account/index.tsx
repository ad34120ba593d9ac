/**
 * /account — one place for the signed-in person: profile, links to every other setting,
 * legal acceptances, sign-in sessions (end one, or all), data export and deletion.
 */
import { redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { FormErrors, ImageField, SubmitButton, TextArea, TextField } from "~/components/form";
import { requireUser } from "~/lib/auth/guards";
import { sessionIdContext } from "~/lib/auth/middleware";
import { clearSessionCookie } from "~/lib/auth/session";
import { liveSessionsQuery, revokeAllSessionsQuery, revokeSessionQuery } from "~/lib/auth/sessions";
import { getApp } from "~/lib/context";
import { avatarFromForm } from "~/lib/chat/personas";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { assertUploadSize, deleteMedia } from "~/lib/media/upload";
import type { Route } from "./+types/index";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Account · BotCafe" }];
}

const SETTINGS_LINKS = [
  { href: "/settings/content", label: "Content settings", hint: "NSFW and what you see" },
  { href: "/personas", label: "Personas", hint: "who you are in a chat" },
  { href: "/settings/keys", label: "API keys", hint: "your own provider or local model" },
  { href: "/wellbeing", label: "Wellbeing", hint: "limits, breaks, mood, activity" },
  { href: "/billing", label: "Billing", hint: "plan and tokens" },
  { href: "/memories", label: "Memories", hint: "what bots remember" },
  { href: "/support", label: "Support", hint: "ask us for help; your tickets" },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const [profiles, agreements, sessions] = await batch(env.DB, [
    db
      .selectFrom("users")
      .leftJoin("media", "media.id", "users.avatar_id")
      .select([
        "users.email",
        "users.display_name",
        "users.bio",
        "users.location",
        "users.created_at",
        "media.url as avatar_url",
      ])
      .where("users.id", "=", user.id),
    db
      .selectFrom("user_agreements")
      .innerJoin("legal_documents", "legal_documents.id", "user_agreements.document_id")
      .select([
        "legal_documents.type",
        "legal_documents.title",
        "legal_documents.version",
        "user_agreements.accepted_at",
      ])
      .where("user_agreements.user_id", "=", user.id)
      .orderBy("user_agreements.accepted_at", "desc")
      .limit(50),
    liveSessionsQuery(db, user.id),
  ]);
  const profile = profiles[0]!;
  const saved = new URL(request.url).searchParams.get("saved") === "1";
  return { profile, agreements, sessions, saved, currentSessionId: context.get(sessionIdContext) };
}

const profileSchema = z.object({
  intent: z.literal("profile"),
  displayName: formField.text("Display name", 60),
  bio: formField.optionalText("Bio", 1000),
  location: formField.optionalText("Location", 100),
});
const sessionSchema = z.object({ intent: z.literal("end-session"), sessionId: z.string().min(1).max(80) });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  assertUploadSize(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "sign-out-everywhere") {
    await revokeAllSessionsQuery(db, user.id).execute();
    throw redirect("/", { status: 303, headers: { "Set-Cookie": clearSessionCookie(request) } });
  }
  if (intent === "end-session") {
    const submission = parseSubmission(formData, sessionSchema);
    if (submission.status === "invalid") return invalid(submission);
    // Someone else's session id matches no row of this user: nothing changes.
    await revokeSessionQuery(db, user.id, submission.value.sessionId).execute();
    throw redirect("/account#sessions", 303);
  }
  const submission = parseSubmission(formData, profileSchema);
  if (submission.status === "invalid") return invalid(submission);
  const { displayName, bio, location } = submission.value;
  // Same avatar handling as personas: checked by content, size and dimensions, stored in R2.
  const avatar = await avatarFromForm({ db, bucket: env.MEDIA }, formData, user.id);
  if (!avatar.ok) return invalidWith(submission.values, { avatar: [avatar.error] });
  const previous = await db.selectFrom("users").select("avatar_id").where("id", "=", user.id).executeTakeFirst();
  await db
    .updateTable("users")
    .set({
      display_name: displayName,
      bio: bio || null,
      location: location || null,
      updated_at: new Date().toISOString(),
      ...(avatar.avatarId !== undefined ? { avatar_id: avatar.avatarId } : {}),
    })
    .where("id", "=", user.id)
    .execute();
  // A replaced or removed avatar is no longer anyone's: remove it from storage too.
  if (previous?.avatar_id && avatar.avatarId !== undefined && avatar.avatarId !== previous.avatar_id)
    await deleteMedia({ db, bucket: env.MEDIA }, previous.avatar_id);
  throw redirect("/account?saved=1", 303);
}

function describeAgent(userAgent: string): string {
  if (!userAgent) return "Unknown browser";
  const browser = /Firefox\//.test(userAgent)
    ? "Firefox"
    : /Edg\//.test(userAgent)
      ? "Edge"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "Browser";
  const os = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}

export default function Account({ loaderData, actionData }: Route.ComponentProps) {
  const { profile, agreements, sessions, saved, currentSessionId } = loaderData;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <header>
        <h1 className="text-2xl font-bold">Your account</h1>
        <p className="mt-1 text-stone-700">
          Signed in as {profile.email} · member since {profile.created_at.slice(0, 10)}
        </p>
      </header>

      <section aria-labelledby="profile">
        <h2 id="profile" className="text-xl font-semibold">
          Profile
        </h2>
        {saved ? (
          <p role="status" className="mt-2 text-green-800">
            Profile saved.
          </p>
        ) : null}
        <PostForm
          encType="multipart/form-data"
          noValidate
          className="mt-3 rounded-lg border border-stone-200 bg-white p-4"
        >
          <FormErrors state={actionData} />
          <input type="hidden" name="intent" value="profile" />
          <TextField
            label="Display name"
            name="displayName"
            required
            maxLength={60}
            state={actionData}
            defaultValue={profile.display_name ?? ""}
          />
          <TextArea
            label="Bio (optional)"
            name="bio"
            maxLength={1000}
            state={actionData}
            defaultValue={profile.bio ?? ""}
          />
          <TextField
            label="Location (optional)"
            name="location"
            maxLength={100}
            state={actionData}
            defaultValue={profile.location ?? ""}
          />
          <ImageField
            label="Avatar (optional)"
            name="avatar"
            state={actionData}
            currentUrl={profile.avatar_url}
            removeName="remove_avatar"
          />
          <SubmitButton>Save profile</SubmitButton>
        </PostForm>
      </section>

      <section aria-labelledby="settings">
        <h2 id="settings" className="text-xl font-semibold">
          Settings
        </h2>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {SETTINGS_LINKS.map((link) => (
            <li key={link.href} className="rounded border border-stone-200 bg-white p-3">
              <a href={link.href} className="font-medium text-brand-700 underline">
                {link.label}
              </a>
              <span className="block text-sm text-stone-600">{link.hint}</span>
            </li>
          ))}
        </ul>
      </section>

      <section id="sessions" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="text-xl font-semibold">
          Where you are signed in
        </h2>
        <ul className="mt-2 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <span>
                {describeAgent(s.user_agent)}
                {s.id === currentSessionId ? <strong className="ml-2 text-sm">(this device)</strong> : null}
                <span className="block text-sm text-stone-600">
                  signed in {s.created_at.slice(0, 10)} · last active {s.last_seen_at.slice(0, 16).replace("T", " ")}
                </span>
              </span>
              {s.id === currentSessionId ? null : (
                <PostForm>
                  <input type="hidden" name="intent" value="end-session" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button
                    type="submit"
                    className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100"
                  >
                    Sign out this device
                  </button>
                </PostForm>
              )}
            </li>
          ))}
        </ul>
        <PostForm className="mt-3">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button type="submit" className="rounded border border-red-300 px-3 py-1.5 text-red-800 hover:bg-red-50">
            Sign out everywhere
          </button>
        </PostForm>
      </section>

      <section aria-labelledby="agreements">
        <h2 id="agreements" className="text-xl font-semibold">
          Legal documents you accepted
        </h2>
        {agreements.length === 0 ? (
          <p className="mt-2 text-stone-700">None yet.</p>
        ) : (
          <div className="mt-2 overflow-x-auto">
            <table className="w-full min-w-[28rem] border border-stone-200 bg-white text-sm">
              <thead>
                <tr className="bg-stone-100 text-left">
                  <th className="p-2">Document</th>
                  <th className="p-2">Version</th>
                  <th className="p-2">Accepted</th>
                </tr>
              </thead>
              <tbody>
                {agreements.map((a) => (
                  <tr key={`${a.type}-${a.version}`} className="border-t border-stone-200">
                    <td className="p-2">
                      <a
                        href={`/legal/${a.type}/versions/${encodeURIComponent(a.version)}`}
                        className="text-brand-700 underline"
                      >
                        {a.title}
                      </a>
                    </td>
                    <td className="p-2">{a.version}</td>
                    <td className="p-2">{a.accepted_at.slice(0, 16).replace("T", " ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="your-data">
        <h2 id="your-data" className="text-xl font-semibold">
          Your data
        </h2>
        <ul className="mt-2 space-y-1">
          <li>
            <a href="/account/export" className="text-brand-700 underline">
              Download my data
            </a>
          </li>
          <li>
            <a href="/account/delete" className="text-red-800 underline">
              Delete my account
            </a>
          </li>
        </ul>
      </section>
    </div>
  );
}

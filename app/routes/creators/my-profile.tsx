/**
 * /my/profile — create or edit my creator profile (every field the creator owns, plus
 * avatar and cover uploads), and ?preview=1 to see it as the public does. Badges and
 * counts are not editable here: staff set badges, counts come from the follows table.
 */
import { sql } from "kysely";
import { data, redirect } from "react-router";
import { batch } from "#db/batch";
import { creatorBotsQuery, creatorProfileQuery } from "#db/queries/creators";
import { BotCard } from "~/components/bot-card";
import {
  Checkbox,
  FormErrors,
  ImageField,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  type FormState,
} from "~/components/form";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { newId } from "~/lib/ids";
import { profileColumns, profileFormDefaults, profileFormSchema, SOCIAL_NETWORKS } from "~/lib/creators/profile-form";
import { isUsernameTakenError, USERNAME_MAX, USERNAME_MIN } from "~/lib/creators/username";
import { VISIBILITY_CHOICES } from "~/lib/creators/visibility";
import { formValues, invalidWith, parseSubmission, type FieldErrors } from "~/lib/forms";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import {
  assertUploadSize,
  deleteMedia,
  inspectImage,
  isEmptyFile,
  MAX_IMAGE_BYTES,
  storeImageBytes,
} from "~/lib/media/upload";
import { CreatorToolsNav } from "./creator-card";
import { ProfileView } from "./profile-view";
import type { Route } from "./+types/my-profile";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "My creator profile · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { env, db } = getApp(context);
  const url = new URL(request.url);
  const preview = url.searchParams.get("preview") === "1";
  const profile = await creatorProfileQuery(db).where("p.user_id", "=", user.id).executeTakeFirst();
  // The preview shows the first bots exactly as the public profile would.
  const bots =
    preview && profile
      ? (
          await batch(env.DB, [
            creatorBotsQuery(db, profile.username, { includeNsfw: false })
              .orderBy("bots.created_at", "desc")
              .orderBy("bots.id")
              .limit(12),
          ])
        )[0]
      : [];
  return {
    profile: profile ?? null,
    preview: preview && profile !== undefined,
    bots,
    saved: url.searchParams.get("saved") === "1",
    suggestedName: user.displayName ?? "",
  };
}

type ImageSlot = "avatar" | "cover";

/** An empty file input: workerd hands it over as "" (a string), browsers' tests as an
 * empty nameless File; isEmptyFile covers the latter only. */
function noFileChosen(value: FormDataEntryValue | null): boolean {
  return value === "" || isEmptyFile(value);
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { env, db } = getApp(context);
  assertUploadSize(request, MAX_IMAGE_BYTES, 2);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw data({ message: "That form could not be read. Please try again." }, { status: 400 });
  }
  const submission = parseSubmission(formData, profileFormSchema);
  const fieldErrors: FieldErrors = submission.status === "invalid" ? { ...submission.fieldErrors } : {};
  const formErrors = submission.status === "invalid" ? [...submission.formErrors] : [];

  // Check both images before storing either, so a bad cover never leaves an orphan avatar.
  const images: Partial<Record<ImageSlot, { bytes: Uint8Array; filename: string }>> = {};
  for (const field of ["avatar", "cover"] as const) {
    const value = formData.get(field);
    if (noFileChosen(value)) continue;
    const checked = await inspectImage(value);
    if (checked.ok) images[field] = { bytes: checked.bytes, filename: checked.filename };
    else
      fieldErrors[field] = [
        `${field === "avatar" ? "Avatar" : "Cover image"}: ${checked.error} Choose the file again.`,
      ];
  }

  const existing = await db
    .selectFrom("creator_profiles")
    .select(["id", "avatar_id", "cover_image_id"])
    .where("user_id", "=", user.id)
    .executeTakeFirst();
  if (submission.status === "valid") {
    const taken = await db
      .selectFrom("creator_profiles")
      .select("id")
      .where("username", "=", submission.value.username)
      .where("user_id", "!=", user.id)
      .executeTakeFirst();
    if (taken) fieldErrors.username = ["That username is taken. Please pick another."];
  }
  if (submission.status === "invalid" || Object.keys(fieldErrors).length > 0) {
    return invalidWith(formValues(formData), fieldErrors, formErrors);
  }
  const form = submission.value;

  if (Object.keys(images).length > 0) await enforceRateLimit({ request, context }, "image_upload", user.id);
  const stored: Partial<Record<ImageSlot, string>> = {};
  for (const field of ["avatar", "cover"] as const) {
    const image = images[field];
    if (!image) continue;
    const result = await storeImageBytes({ db, bucket: env.MEDIA }, image.bytes, {
      uploadedBy: user.id,
      filename: image.filename,
      alt: field === "avatar" ? `${form.display_name}'s avatar` : `${form.display_name}'s cover image`,
    });
    if (result.ok) stored[field] = result.media.id;
  }
  const avatarId = stored.avatar ?? (form.remove_avatar ? null : (existing?.avatar_id ?? null));
  const coverId = stored.cover ?? (form.remove_cover ? null : (existing?.cover_image_id ?? null));
  const columns = { ...profileColumns(form), avatar_id: avatarId, cover_image_id: coverId };

  try {
    if (existing) {
      await db
        .updateTable("creator_profiles")
        .set({ ...columns, updated_at: new Date().toISOString() })
        .where("id", "=", existing.id)
        .execute();
    } else {
      await batch(env.DB, [
        // An upsert, so a double-submitted "Create" (two tabs) updates instead of failing
        // on the one-profile-per-user constraint.
        db
          .insertInto("creator_profiles")
          // Someone who followed creators before having a profile starts with the right count.
          .values({
            id: newId(),
            user_id: user.id,
            ...columns,
            following_count: sql<number>`(SELECT COUNT(*) FROM follows WHERE follower_id = ${user.id})`,
          })
          .onConflict((oc) => oc.column("user_id").doUpdateSet({ ...columns, updated_at: new Date().toISOString() })),
        // Having a creator profile makes a plain user a creator (staff keep their role).
        db.updateTable("users").set({ role: "creator" }).where("id", "=", user.id).where("role", "=", "user"),
      ]);
    }
  } catch (error) {
    // Two people racing for one username: the unique index decides, and we say so.
    for (const id of Object.values(stored)) await deleteMedia({ db, bucket: env.MEDIA }, id);
    if (isUsernameTakenError(error))
      return invalidWith(formValues(formData), { username: ["That username is taken. Please pick another."] });
    throw error;
  }

  // Replaced or removed images are deleted, so R2 holds only what a profile shows.
  const replaced = [
    existing?.avatar_id !== avatarId ? existing?.avatar_id : null,
    existing?.cover_image_id !== coverId ? existing?.cover_image_id : null,
  ];
  for (const id of replaced) if (id) await deleteMedia({ db, bucket: env.MEDIA }, id);

  throw redirect("/my/profile?saved=1", 303);
}

export default function MyProfile({ loaderData, actionData }: Route.ComponentProps) {
  const { profile, preview, bots, saved, suggestedName } = loaderData;
  if (profile && preview) {
    return (
      <div>
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded border border-sky-300 bg-sky-50 p-3 text-sky-950">
          <p>
            <strong>Preview.</strong>{" "}
            {profile.visibility === "private"
              ? "Your profile is private: everyone except you and BotCafe staff sees “Page not found”."
              : profile.visibility === "unlisted"
                ? "Your profile is unlisted: this is what people with the link see. It is not in the directory."
                : "This is what everyone sees at your public address."}
          </p>
          <a href="/my/profile" className="font-medium underline">
            Back to editing
          </a>
        </div>
        <ProfileView
          profile={profile}
          followSlot={
            <span className="rounded bg-stone-200 px-4 py-2 font-medium text-stone-700" aria-hidden="true">
              Follow
            </span>
          }
        >
          <section aria-labelledby="preview-bots">
            <h2 id="preview-bots" className="text-lg font-semibold">
              Public bots
            </h2>
            {bots.length === 0 ? (
              <p className="mt-2 text-stone-700">You have not published any public bots yet.</p>
            ) : (
              <ul className="mt-3 grid gap-3 lg:grid-cols-2">
                {bots.map((bot) => (
                  <li key={bot.id}>
                    <BotCard bot={bot} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </ProfileView>
      </div>
    );
  }

  const state: FormState = actionData ?? {
    values: profile ? profileFormDefaults(profile) : { display_name: suggestedName, visibility: "public" },
  };
  return (
    <div className="max-w-2xl">
      <CreatorToolsNav />
      <h1 className="text-2xl font-bold">{profile ? "My creator profile" : "Create your creator profile"}</h1>
      {saved && !actionData ? (
        <p role="status" className="mt-3 rounded border border-emerald-300 bg-emerald-50 p-3 text-emerald-900">
          Your profile is saved.
        </p>
      ) : null}
      {profile ? (
        <p className="mt-2 text-stone-700">
          Your public address is{" "}
          <a href={`/creators/${profile.username}`} className="text-brand-700 underline">
            /creators/{profile.username}
          </a>
          .{" "}
          <a href="/my/profile?preview=1" className="font-medium text-brand-700 underline">
            Preview as the public sees it
          </a>
        </p>
      ) : (
        <p className="mt-2 text-stone-700">
          A creator profile gives you a public page for your bots, followers, and access to creator programs.
        </p>
      )}

      <PostForm encType="multipart/form-data" noValidate className="mt-6 rounded border border-stone-200 bg-white p-4">
        <FormErrors state={actionData ?? undefined} />
        <fieldset className="mb-2">
          <legend className="mb-2 text-lg font-semibold">About you</legend>
          <TextField
            label="Username"
            name="username"
            state={state}
            required
            maxLength={USERNAME_MAX}
            autoComplete="username"
            hint={`${USERNAME_MIN}–${USERNAME_MAX} characters: lowercase letters, digits, _ and -. It is your address: /creators/your-name.`}
          />
          <TextField label="Display name" name="display_name" state={state} required maxLength={60} />
          <TextArea label="Bio" name="bio" state={state} maxLength={2000} rows={5} />
          <TextField
            label="Specialties"
            name="specialties"
            state={state}
            hint="Separate with commas, e.g. fantasy, mystery, language learning."
            maxLength={600}
          />
          <SelectField
            label="Experience level"
            name="experience_level"
            state={state}
            options={[
              { value: "", label: "Prefer not to say" },
              { value: "beginner", label: "Beginner" },
              { value: "intermediate", label: "Intermediate" },
              { value: "expert", label: "Expert" },
            ]}
          />
          <SelectField label="Who can see your profile" name="visibility" state={state} options={VISIBILITY_CHOICES} />
        </fieldset>

        <fieldset className="mb-2">
          <legend className="mb-2 text-lg font-semibold">Pictures</legend>
          <ImageField
            label="Avatar"
            name="avatar"
            currentUrl={profile?.avatar_url ?? null}
            state={actionData ?? undefined}
            removeName="remove_avatar"
            checkboxState={state}
          />
          <ImageField
            label="Cover image"
            name="cover"
            currentUrl={profile?.cover_url ?? null}
            state={actionData ?? undefined}
            removeName="remove_cover"
            checkboxState={state}
          />
        </fieldset>

        <fieldset className="mb-2">
          <legend className="mb-2 text-lg font-semibold">Links</legend>
          {SOCIAL_NETWORKS.map((network) => (
            <TextField
              key={network.key}
              label={network.label}
              name={`social_${network.key}`}
              type="url"
              state={state}
              placeholder="https://"
              maxLength={300}
            />
          ))}
        </fieldset>

        <fieldset className="mb-2">
          <legend className="mb-2 text-lg font-semibold">Commissions</legend>
          <Checkbox label="I accept commissions" name="accepts_commissions" state={state} />
          <TextArea
            label="Commission details"
            name="commission_info"
            state={state}
            hint="What you make, prices, how to reach you."
            maxLength={2000}
          />
        </fieldset>

        <p className="mb-4 text-sm text-stone-600">
          Verified, premium and featured badges are given by BotCafe staff; follower counts update by themselves.
        </p>
        <SubmitButton name="intent" value="save">
          {profile ? "Save profile" : "Create profile"}
        </SubmitButton>
      </PostForm>
    </div>
  );
}

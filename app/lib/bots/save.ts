/**
 * The create and edit actions share this: validate the form, check the avatar by its
 * bytes, settle the slug (generated from the name when left empty, unique), then write.
 * Bad input comes back as a 400 with field errors and everything typed.
 */
import { redirect } from "react-router";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { usageAnalyticsIncrement } from "~/lib/analytics/usage";
import type { CurrentUser } from "~/lib/auth/user";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { newId } from "~/lib/ids";
import { assertUploadSize, deleteMedia, inspectImage, isEmptyFile, storeImageBytes } from "~/lib/media/upload";
import { botFormSchema } from "./form";
import { isSlugConflict, slugify, uniqueSlug } from "./slug";

/** A checkbox as the 0/1 the INTEGER flag columns hold. */
const flag = (on: boolean): 0 | 1 => (on ? 1 : 0);

interface SaveDeps {
  db: DB;
  d1: D1Database;
  bucket: R2Bucket;
  /** Called before an avatar is stored (the route's rate limit); may throw a 429. */
  beforeImageUpload?: () => Promise<void>;
}

interface ExistingBot {
  id: string;
  avatar_id: string | null;
}

export async function saveBotFromForm(
  deps: SaveDeps,
  request: Request,
  user: CurrentUser,
  existing: ExistingBot | null,
) {
  const { db, d1, bucket } = deps;
  assertUploadSize(request);
  const formData = await request.formData();
  const submission = parseSubmission(formData, botFormSchema);
  if (submission.status === "invalid") return invalid(submission);
  const { values } = submission;
  const { slug: typedSlug, remove_avatar, tags, is_public, is_nsfw, ...text } = submission.value;

  const avatarFile = formData.get("avatar");
  const avatar = isEmptyFile(avatarFile) ? null : await inspectImage(avatarFile);
  if (avatar && !avatar.ok) return invalidWith(values, { avatar: [avatar.error] });

  let slug: string;
  if (typedSlug) {
    const taken = await db
      .selectFrom("bots")
      .select("id")
      .where("slug", "=", typedSlug)
      .$if(existing !== null, (q) => q.where("id", "!=", existing!.id))
      .executeTakeFirst();
    if (taken) return invalidWith(values, { slug: ["That address is already taken; try another."] });
    slug = typedSlug;
  } else {
    slug = await uniqueSlug(db, slugify(text.name), existing?.id);
  }

  let newAvatarId: string | null = null;
  if (avatar?.ok) {
    await deps.beforeImageUpload?.();
    const stored = await storeImageBytes({ db, bucket }, avatar.bytes, {
      uploadedBy: user.id,
      alt: `${text.name}'s avatar`,
      filename: avatar.filename,
    });
    if (!stored.ok) return invalidWith(values, { avatar: [stored.error] });
    newAvatarId = stored.media.id;
  }
  const avatarId = newAvatarId ?? (remove_avatar ? null : (existing?.avatar_id ?? null));
  const columns = {
    ...text,
    slug,
    tags: JSON.stringify(tags),
    is_public: flag(is_public),
    is_nsfw: flag(is_nsfw),
    avatar_id: avatarId,
  };

  try {
    if (existing) {
      await db
        .updateTable("bots")
        .set({ ...columns, updated_at: new Date().toISOString() })
        .where("id", "=", existing.id)
        .execute();
    } else {
      await batch(d1, [
        db.insertInto("bots").values({ id: newId(), ...columns, created_by_id: user.id }),
        usageAnalyticsIncrement(db, { userId: user.id, now: new Date(), botsCreated: 1 }),
      ]);
    }
  } catch (error) {
    if (newAvatarId) await deleteMedia({ db, bucket }, newAvatarId);
    // Someone took the slug between our check and the write.
    if (isSlugConflict(error)) return invalidWith(values, { slug: ["That address was just taken; try another."] });
    throw error;
  }
  // The replaced (or removed) avatar is no longer anyone's.
  if (existing?.avatar_id && existing.avatar_id !== avatarId) await deleteMedia({ db, bucket }, existing.avatar_id);
  throw redirect(`/bots/${slug}`);
}

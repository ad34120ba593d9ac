/** The follow / unfollow form handling shared by the profile page and /following. */
import { data, redirect, type RouterContextProvider } from "react-router";
import { z } from "zod";
import { profileByUsername } from "#db/queries/creators";
import { notFound, requireUser, safeRedirectPath } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { setFollow } from "~/lib/creators/follows";
import { canViewProfile } from "~/lib/creators/visibility";
import { parseSubmission } from "~/lib/forms";

const followSchema = z.object({
  intent: z.enum(["follow", "unfollow"], { error: "Choose follow or unfollow." }),
  /** Forms on pages other than the profile name the creator in a field. */
  username: z.string().max(60).optional(),
  redirectTo: z.string().max(500).optional(),
});

export async function handleFollowAction(
  { request, context }: { request: Request; context: Readonly<RouterContextProvider> },
  /** The creator from the URL; null to take it from the form's `username` field. */
  usernameFromUrl: string | null,
  fallbackRedirect: string,
) {
  const user = requireUser({ request, context });
  const { env, db } = getApp(context);
  const submission = parseSubmission(await request.formData(), followSchema);
  if (submission.status === "invalid")
    throw data({ message: "That form did not say whether to follow or unfollow." }, { status: 400 });
  const username = usernameFromUrl ?? submission.value.username ?? "";
  const profile =
    username && username.length <= 60 ? await profileByUsername(db, username).executeTakeFirst() : undefined;
  if (!profile || !canViewProfile(profile, user)) notFound("We could not find that creator.");
  if (profile.user_id === user.id) {
    return data({ followError: "You can't follow yourself." }, { status: 400 });
  }
  await setFollow(env.DB, db, { followerId: user.id, creatorId: profile.id }, submission.value.intent);
  throw redirect(safeRedirectPath(submission.value.redirectTo, fallbackRedirect), 303);
}

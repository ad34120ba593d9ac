/** /staff/creators — grant or remove the verified / featured / premium badges. */
import { SuccessNotice } from "~/components/form";
import { redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { notFound, requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalid, parseSubmission } from "~/lib/forms";
import { auditInsert } from "~/lib/staff/audit";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/creators";
import { PostForm } from "~/components/post-form";

const PAGE_SIZE = 25;
const BADGES = [
  ["is_verified", "Verified"],
  ["is_featured", "Featured"],
  ["is_premium", "Premium"],
] as const;

export function meta() {
  return [{ title: "Creator badges · Staff · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const username = (url.searchParams.get("username") ?? "").trim().replace(/^@/, "").slice(0, 50);
  const page = parsePage(url.searchParams.get("page"));
  // Exact username (its unique index) or every profile in username order (same index).
  let list = db
    .selectFrom("creator_profiles")
    .select(["id", "username", "display_name", "is_verified", "is_featured", "is_premium", "follower_count"]);
  let total = db.selectFrom("creator_profiles").select((eb) => eb.fn.countAll<number>().as("total"));
  if (username) {
    list = list.where("username", "=", username);
    total = total.where("username", "=", username);
  }
  const [creators, [counted]] = await batch(env.DB, [
    list
      .orderBy("username")
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    total,
  ]);
  return {
    isAdmin: user.role === "admin",
    creators,
    username,
    page,
    totalPages: totalPagesFor(Number(counted?.total ?? 0), PAGE_SIZE),
    saved: url.searchParams.get("saved"),
  };
}

const schema = z.object({
  intent: z.literal("badges", { error: "Unknown action." }),
  profileId: z.string().min(1).max(100),
  is_verified: formField.checkbox(),
  is_featured: formField.checkbox(),
  is_premium: formField.checkbox(),
  back: z.string().max(300).optional(),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireStaff({ context });
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  const profile = await db
    .selectFrom("creator_profiles")
    .select(["id", "username", "is_verified", "is_featured", "is_premium"])
    .where("id", "=", input.profileId)
    .executeTakeFirst();
  if (!profile) notFound("That creator does not exist.");
  const after = {
    is_verified: input.is_verified ? 1 : 0,
    is_featured: input.is_featured ? 1 : 0,
    is_premium: input.is_premium ? 1 : 0,
  } as const;
  const before = { is_verified: profile.is_verified, is_featured: profile.is_featured, is_premium: profile.is_premium };
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    await batch(env.DB, [
      db
        .updateTable("creator_profiles")
        .set({ ...after, updated_at: new Date().toISOString() })
        .where("id", "=", profile.id),
      auditInsert(db, {
        actorId: user.id,
        action: "creator.badges",
        targetType: "creator_profile",
        targetId: profile.id,
        before,
        after,
      }),
    ]);
  }
  throw redirect(`/staff/creators?username=${encodeURIComponent(profile.username)}&saved=1`, 303);
}

export default function StaffCreators({ loaderData }: Route.ComponentProps) {
  const { isAdmin, creators, username, page, totalPages, saved } = loaderData;
  return (
    <div>
      <StaffNav isAdmin={isAdmin} current="/staff/creators" />
      <h1 className="text-2xl font-bold">Creator badges</h1>
      <form method="get" className="mt-3 flex flex-wrap items-end gap-2">
        <label className="text-sm">
          Username
          <input
            name="username"
            defaultValue={username}
            maxLength={50}
            className="mt-1 block rounded border border-stone-300 px-2 py-1.5"
          />
        </label>
        <button type="submit" className="rounded bg-brand-700 px-4 py-1.5 font-medium text-white">
          Find
        </button>
        {username ? (
          <a href="/staff/creators" className="text-brand-700 underline">
            Show all
          </a>
        ) : null}
      </form>
      {saved ? <SuccessNotice>Badges saved.</SuccessNotice> : null}
      <ul className="mt-4 space-y-2">
        {creators.map((c) => (
          <li key={c.id} className="rounded border border-stone-200 bg-white p-3">
            <PostForm className="flex flex-wrap items-center gap-x-4 gap-y-2">
              <input type="hidden" name="profileId" value={c.id} />
              <a href={`/creators/${c.username}`} className="mr-auto font-medium text-brand-700 underline">
                @{c.username}{" "}
                <span className="text-sm font-normal text-stone-600">
                  {c.display_name} · {c.follower_count} followers
                </span>
              </a>
              {BADGES.map(([name, label]) => (
                <label key={name} className="flex items-center gap-1 text-sm">
                  <input type="checkbox" name={name} defaultChecked={c[name] === 1} /> {label}
                </label>
              ))}
              <button
                type="submit"
                name="intent"
                value="badges"
                className="rounded border border-stone-300 bg-white px-3 py-1 text-sm hover:bg-stone-100"
              >
                Save badges
              </button>
            </PostForm>
          </li>
        ))}
      </ul>
      {creators.length === 0 ? <p className="mt-4">No creator with that username.</p> : null}
      <Pagination
        path="/staff/creators"
        params={{ username }}
        page={page}
        totalPages={totalPages}
        label="Creator pages"
      />
    </div>
  );
}

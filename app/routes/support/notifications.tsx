/** /notifications — my inbox: newest first, paged; mark one or all as read. */
import { redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { notFound, requireUser, safeRedirectPath } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { invalid, parseSubmission } from "~/lib/forms";
import { unreadNotificationCount } from "~/lib/notifications/notify";
import { When } from "./ticket-ui";
import type { Route } from "./+types/notifications";
import { PostForm } from "~/components/post-form";

const PAGE_SIZE = 25;

export function meta() {
  return [{ title: "Notifications · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  const [items, [counted], [unread]] = await batch(env.DB, [
    db
      .selectFrom("notifications")
      .select(["id", "kind", "title", "body", "link", "read_at", "created_at"])
      .where("user_id", "=", user.id)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db
      .selectFrom("notifications")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where("user_id", "=", user.id),
    unreadNotificationCount(db, user.id),
  ]);
  return {
    items,
    page,
    totalPages: totalPagesFor(Number(counted?.total ?? 0), PAGE_SIZE),
    unread: Number(unread?.count ?? 0),
  };
}

const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("read"), id: z.string().min(1).max(100), page: z.string().max(10).optional() }),
    z.object({ intent: z.literal("read-all"), page: z.string().max(10).optional() }),
  ],
  { error: "Unknown action." },
);

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db } = getApp(context);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  const now = new Date().toISOString();
  // Someone else's (or no) notification is a 404, as everywhere else; the update below is
  // scoped to the signed-in user too.
  if (input.intent === "read") {
    const own = await db
      .selectFrom("notifications")
      .select("id")
      .where("id", "=", input.id)
      .where("user_id", "=", user.id)
      .executeTakeFirst();
    if (!own) notFound("We could not find that notification.");
  }
  let query = db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("user_id", "=", user.id)
    .where("read_at", "is", null);
  if (input.intent === "read") query = query.where("id", "=", input.id);
  await query.execute();
  const page = parsePage(input.page);
  throw redirect(safeRedirectPath(page > 1 ? `/notifications?page=${page}` : "/notifications"), 303);
}

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const { items, page, totalPages, unread } = loaderData;
  return (
    <div className="max-w-3xl">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">Notifications</h1>
        {unread > 0 ? (
          <PostForm>
            <input type="hidden" name="page" value={page} />
            <button
              type="submit"
              name="intent"
              value="read-all"
              className="rounded border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-100"
            >
              Mark all as read
            </button>
          </PostForm>
        ) : null}
      </div>
      <p className="mt-1 text-stone-700">{unread === 0 ? "Nothing unread." : `${unread} unread.`}</p>
      {items.length === 0 ? (
        <p className="mt-4 rounded border border-dashed border-stone-300 bg-white p-4">
          No notifications yet. Replies to your tickets, report outcomes and shared items will appear here.
        </p>
      ) : (
        <ul className="mt-4 space-y-2">
          {items.map((item) => (
            <li
              key={item.id}
              className={`rounded border p-3 ${item.read_at ? "border-stone-200 bg-white" : "border-brand-600 bg-brand-50"}`}
            >
              <p className="font-medium break-words">
                {item.read_at ? null : (
                  <span className="mr-2 rounded bg-brand-700 px-1.5 py-0.5 text-xs text-white">New</span>
                )}
                {item.link ? (
                  <a href={safeRedirectPath(item.link)} className="text-brand-700 underline">
                    {item.title}
                  </a>
                ) : (
                  item.title
                )}
              </p>
              {item.body ? <p className="mt-1 whitespace-pre-line break-words text-stone-800">{item.body}</p> : null}
              <div className="mt-1 flex flex-wrap items-center gap-3 text-sm text-stone-600">
                <When at={item.created_at} />
                {item.read_at ? null : (
                  <PostForm>
                    <input type="hidden" name="id" value={item.id} />
                    <input type="hidden" name="page" value={page} />
                    <button type="submit" name="intent" value="read" className="text-brand-700 underline">
                      Mark as read
                    </button>
                  </PostForm>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination path="/notifications" page={page} totalPages={totalPages} label="Notification pages" />
    </div>
  );
}

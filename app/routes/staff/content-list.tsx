/** /staff/content/:collection (admins) — the rows of one collection, paged, with
 * publish / unpublish. */
import { SuccessNotice } from "~/components/form";
import { redirect } from "react-router";
import { z } from "zod";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { notFound, requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { invalid, parseSubmission } from "~/lib/forms";
import { collectionByKey } from "~/lib/staff/content-collections";
import { CONTENT_PAGE_SIZE, findRow, listRows, setPublished } from "~/lib/staff/content-store";
import { StaffNav } from "./staff-nav";
import type { Route } from "./+types/content-list";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `${loaderData?.label ?? "Content"} · Staff · BotCafe` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireStaff({ context }, "admin");
  const spec = collectionByKey(params.collection) ?? notFound();
  const { db, env } = getApp(context);
  const url = new URL(request.url);
  const page = parsePage(url.searchParams.get("page"));
  const { rows, total } = await listRows(db, env.DB, spec, page);
  return {
    isAdmin: user.role === "admin",
    key: spec.key,
    label: spec.label,
    publishWord: spec.publishColumn === "is_published" ? "Published" : "Active",
    rows: rows.map((row) => ({ id: row.id, title: String(row[spec.titleColumn] ?? ""), published: Number(row[spec.publishColumn]) === 1 })),
    page,
    totalPages: totalPagesFor(total, CONTENT_PAGE_SIZE),
    done: url.searchParams.get("done"),
  };
}

const schema = z.object({ intent: z.enum(["publish", "unpublish"], { error: "Unknown action." }), id: z.string().min(1).max(100) });

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireStaff({ context }, "admin");
  const spec = collectionByKey(params.collection) ?? notFound();
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const row = (await findRow(db, spec, submission.value.id)) ?? notFound();
  await setPublished(db, env.DB, spec, { row, published: submission.value.intent === "publish", actorId: user.id });
  throw redirect(`/staff/content/${spec.key}?done=${submission.value.intent}`, 303);
}

export default function ContentList({ loaderData }: Route.ComponentProps) {
  const { key, label, publishWord, rows, page, totalPages, done } = loaderData;
  return (
    <div className="max-w-3xl">
      <StaffNav isAdmin current="/staff/content" />
      <p className="text-sm">
        <a href="/staff/content" className="text-brand-700 underline">
          ← Content
        </a>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">{label}</h1>
        <a href={`/staff/content/${key}/new`} className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-900">
          New
        </a>
      </div>
      {done ? (
        <SuccessNotice>
          {done === "publish" ? "Published." : done === "unpublish" ? "Unpublished." : "Saved."}
        </SuccessNotice>
      ) : null}
      {rows.length === 0 ? <p className="mt-4 rounded border border-dashed border-stone-300 bg-white p-4">Nothing here yet.</p> : null}
      <ul className="mt-4 divide-y divide-stone-200 rounded border border-stone-200 bg-white">
        {rows.map((row) => (
          <li key={row.id} className="flex flex-wrap items-center gap-3 p-3">
            <a href={`/staff/content/${key}/${row.id}`} className="mr-auto font-medium text-brand-700 underline break-words">
              {row.title || "(untitled)"}
            </a>
            <span className={row.published ? "text-sm text-emerald-800" : "text-sm text-stone-600"}>{row.published ? publishWord : "Draft"}</span>
            <PostForm>
              <input type="hidden" name="id" value={row.id} />
              <button type="submit" name="intent" value={row.published ? "unpublish" : "publish"} className="rounded border border-stone-300 bg-white px-3 py-1 text-sm hover:bg-stone-100">
                {row.published ? "Unpublish" : "Publish"} <span className="sr-only">{row.title}</span>
              </button>
            </PostForm>
          </li>
        ))}
      </ul>
      <Pagination path={`/staff/content/${key}`} page={page} totalPages={totalPages} label="Content pages" />
    </div>
  );
}

/** /staff/content/:collection (admins) — the rows of one collection, paged, with
 * publish / unpublish (which asks first). Legal documents show their version, effective
 * date and status, since every version of a document shares its title. */
import { SuccessNotice } from "~/components/form";
import { redirect } from "react-router";
import { z } from "zod";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { notFound, requireStaff } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { invalid, parseSubmission } from "~/lib/forms";
import { confirmFirst, confirmPromptOf } from "~/lib/staff/confirm-step";
import { collectionByKey, type CollectionSpec } from "~/lib/staff/content-collections";
import { CONTENT_PAGE_SIZE, findRow, listRows, setPublished } from "~/lib/staff/content-store";
import {
  inForceLegalIds,
  LEGAL_STATUS_LABELS,
  legalStatus,
  legalTypeLabel,
  versionInForceWithout,
  type LegalStatus,
} from "~/lib/staff/legal-status";
import { ConfirmStep } from "./confirm-step";
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
  const isLegal = spec.table === "legal_documents";
  const now = new Date().toISOString();
  const inForce = isLegal ? await inForceLegalIds(db, now) : new Set<string>();
  return {
    isAdmin: user.role === "admin",
    key: spec.key,
    label: spec.label,
    publishWord: spec.publishColumn === "is_published" ? "Published" : "Active",
    rows: rows.map((row) => ({
      id: row.id,
      title: String(row[spec.titleColumn] ?? ""),
      published: Number(row[spec.publishColumn]) === 1,
      details: isLegal
        ? [
            legalTypeLabel(row.type),
            `version ${String(row.version ?? "")}`,
            `effective ${String(row.effective_date ?? "").slice(0, 10)}`,
          ]
        : (spec.listColumns ?? []).map((c) => String(row[c] ?? "")),
      legalStatus: isLegal ? legalStatus(row, inForce, now) : null,
    })),
    page,
    totalPages: totalPagesFor(total, CONTENT_PAGE_SIZE),
    done: url.searchParams.get("done"),
  };
}

const schema = z.object({
  intent: z.enum(["publish", "unpublish"], { error: "Unknown action." }),
  id: z.string().min(1).max(100),
});

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireStaff({ context }, "admin");
  const spec = collectionByKey(params.collection) ?? notFound();
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const row = (await findRow(db, spec, submission.value.id)) ?? notFound();
  if (submission.value.intent === "unpublish" && Number(row[spec.publishColumn]) === 1) {
    const ask = confirmFirst(submission.values, await unpublishPrompt(db, spec, row));
    if (ask) return ask;
  }
  await setPublished(db, env.DB, spec, { row, published: submission.value.intent === "publish", actorId: user.id });
  throw redirect(`/staff/content/${spec.key}?done=${submission.value.intent}`, 303);
}

/** What unpublishing this row does, in words: for a legal document, which version of
 * which document disappears and which one is in force instead. */
async function unpublishPrompt(
  db: ReturnType<typeof getApp>["db"],
  spec: CollectionSpec,
  row: Record<string, unknown> & { id: string },
) {
  const title = String(row[spec.titleColumn] ?? "") || "(untitled)";
  if (spec.table !== "legal_documents") {
    return {
      title: `Unpublish “${title}”?`,
      message: `This hides “${title}” from everyone until it is published again.`,
      confirmLabel: "Yes, unpublish",
    };
  }
  const now = new Date().toISOString();
  const doc = legalTypeLabel(row.type);
  const effective = String(row.effective_date ?? "").slice(0, 10);
  const status = legalStatus(row, await inForceLegalIds(db, now), now);
  let after = "";
  if (status === "published") {
    const previous = await versionInForceWithout(db, String(row.type ?? ""), row.id, now);
    after = previous
      ? ` Version ${previous.version} (effective ${previous.effective_date.slice(0, 10)}) will be the one in force again.`
      : ` No other version is published, so there will be no ${doc} in force.`;
  } else if (status === "scheduled") {
    after = " It will not come into force.";
  }
  return {
    title: `Unpublish version ${String(row.version ?? "")} of the ${doc}?`,
    message: `Are you sure? This hides version ${String(row.version ?? "")} of the ${doc} (effective ${effective}) from everyone.${after}`,
    confirmLabel: "Yes, unpublish",
  };
}

const STATUS_STYLES: Record<LegalStatus, string> = {
  published: "bg-emerald-100 text-emerald-900",
  scheduled: "bg-sky-100 text-sky-900",
  superseded: "bg-stone-200 text-stone-800",
  draft: "bg-amber-100 text-amber-900",
};

export default function ContentList({ loaderData, actionData }: Route.ComponentProps) {
  const { key, label, publishWord, rows, page, totalPages, done } = loaderData;
  if (confirmPromptOf(actionData)) {
    return (
      <div className="max-w-3xl">
        <StaffNav isAdmin current="/staff/content" />
        <h1 className="text-2xl font-bold">{label}</h1>
        <ConfirmStep state={actionData} />
      </div>
    );
  }
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
        <a
          href={`/staff/content/${key}/new`}
          className="rounded bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-900"
        >
          New
        </a>
      </div>
      {done ? (
        <SuccessNotice>
          {done === "publish" ? "Published." : done === "unpublish" ? "Unpublished." : "Saved."}
        </SuccessNotice>
      ) : null}
      {rows.length === 0 ? (
        <p className="mt-4 rounded border border-dashed border-stone-300 bg-white p-4">Nothing here yet.</p>
      ) : null}
      <ul className="mt-4 divide-y divide-stone-200 rounded border border-stone-200 bg-white">
        {rows.map((row) => (
          <li key={row.id} className="flex flex-wrap items-center gap-3 p-3">
            <span className="mr-auto min-w-0">
              <a href={`/staff/content/${key}/${row.id}`} className="font-medium text-brand-700 underline break-words">
                {row.title || "(untitled)"}
              </a>
              {row.details.length > 0 ? (
                <span className="block text-sm text-stone-700 break-words">
                  {row.details.filter(Boolean).join(" · ")}
                </span>
              ) : null}
            </span>
            {row.legalStatus ? (
              <span
                className={`rounded-full px-2 py-0.5 text-sm font-semibold whitespace-nowrap ${STATUS_STYLES[row.legalStatus]}`}
              >
                {LEGAL_STATUS_LABELS[row.legalStatus]}
              </span>
            ) : (
              <span className={row.published ? "text-sm text-emerald-800" : "text-sm text-stone-600"}>
                {row.published ? publishWord : "Draft"}
              </span>
            )}
            <PostForm>
              <input type="hidden" name="id" value={row.id} />
              <button
                type="submit"
                name="intent"
                value={row.published ? "unpublish" : "publish"}
                className="rounded border border-stone-300 bg-white px-3 py-1 text-sm hover:bg-stone-100"
              >
                {row.published ? "Unpublish" : "Publish"}{" "}
                <span className="sr-only">{[row.title, ...row.details].filter(Boolean).join(", ")}</span>
              </button>
            </PostForm>
          </li>
        ))}
      </ul>
      <Pagination path={`/staff/content/${key}`} page={page} totalPages={totalPages} label="Content pages" />
    </div>
  );
}

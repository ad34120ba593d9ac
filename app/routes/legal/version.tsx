/** /legal/:type/versions/:version — one published version and what changed since the one before. */
import { MarkdownArticle } from "~/components/markdown-article";
import { notFound } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { diffParagraphs } from "~/lib/legal/diff";
import { isLegalType } from "~/lib/legal/documents";
import { markdownToPlainText, renderDocument } from "~/lib/markdown/render";
import type { Route } from "./+types/version";

export function meta({ loaderData: data }: Route.MetaArgs) {
  return [{ title: `${data?.document.title ?? "Legal"} version ${data?.document.version ?? ""} · BotCafe` }];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  if (!isLegalType(params.type) || params.version.length > 40) notFound();
  const now = new Date().toISOString();
  const { db } = getApp(context);
  const document = await db
    .selectFrom("legal_documents")
    .select(["title", "type", "version", "effective_date", "content"])
    .where("type", "=", params.type)
    .where("version", "=", params.version)
    .where("is_active", "=", 1)
    .where("effective_date", "<=", now)
    .executeTakeFirst();
  if (!document) notFound("We could not find that version.");
  const previous = await db
    .selectFrom("legal_documents")
    .select(["version", "content"])
    .where("type", "=", params.type)
    .where("is_active", "=", 1)
    .where("effective_date", "<", document.effective_date)
    .orderBy("effective_date", "desc")
    .limit(1)
    .executeTakeFirst();
  return {
    document: {
      title: document.title,
      type: document.type,
      version: document.version,
      effective_date: document.effective_date,
    },
    html: renderDocument(document.content).html,
    previousVersion: previous?.version ?? null,
    // Shown as plain text: a changed heading reads "6. Ending your account", not "## 6. …".
    changes: previous
      ? diffParagraphs(previous.content, document.content)
          .filter((part) => part.kind !== "same")
          .map((part) => ({ kind: part.kind, text: markdownToPlainText(part.text) }))
      : [],
  };
}

export default function LegalVersion({ loaderData }: Route.ComponentProps) {
  const { document, html, previousVersion, changes } = loaderData;
  return (
    <article className="mx-auto max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold">
          {document.title} — version {document.version}
        </h1>
        <p className="mt-1 text-sm text-stone-600">
          In effect from {document.effective_date.slice(0, 10)} ·{" "}
          <a href={`/legal/${document.type}/versions`} className="text-brand-700 underline">
            All versions
          </a>
        </p>
      </header>
      <section aria-labelledby="changes" className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="changes" className="text-lg font-semibold">
          {previousVersion ? `What changed since version ${previousVersion}` : "First published version"}
        </h2>
        {previousVersion && changes.length === 0 ? <p className="mt-2 text-stone-700">No paragraph changed.</p> : null}
        <ul className="mt-2 space-y-2">
          {changes.map((part, i) => (
            <li
              key={i}
              className={
                part.kind === "added"
                  ? "border-l-4 border-green-600 bg-green-50 p-2"
                  : "border-l-4 border-red-600 bg-red-50 p-2 line-through decoration-red-400"
              }
            >
              <span className="mr-1 font-semibold no-underline">{part.kind === "added" ? "Added:" : "Removed:"}</span>
              <span className="whitespace-pre-wrap">{part.text}</span>
            </li>
          ))}
        </ul>
      </section>
      <MarkdownArticle html={html} />
    </article>
  );
}

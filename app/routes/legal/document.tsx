/** /legal/:type — the version in force, with its version and effective date. */
import { MarkdownArticle, TableOfContents } from "~/components/markdown-article";
import { notFound } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { currentDocumentQuery, isLegalType } from "~/lib/legal/documents";
import { renderDocument } from "~/lib/markdown/render";
import type { Route } from "./+types/document";

export function meta({ loaderData: data }: Route.MetaArgs) {
  return [{ title: `${data?.document.title ?? "Legal"} · BotCafe` }];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  if (!isLegalType(params.type)) notFound();
  const document = await currentDocumentQuery(
    getApp(context).db,
    params.type,
    new Date().toISOString(),
  ).executeTakeFirst();
  if (!document) notFound("This document has not been published yet.");
  const { html, toc } = renderDocument(document.content);
  return {
    document: {
      type: document.type,
      title: document.title,
      version: document.version,
      effective_date: document.effective_date,
    },
    html,
    toc,
  };
}

export default function LegalDocument({ loaderData }: Route.ComponentProps) {
  const { document, html, toc } = loaderData;
  return (
    <article className="mx-auto max-w-3xl space-y-4">
      <header>
        <h1 className="text-2xl font-bold">{document.title}</h1>
        <p className="mt-1 text-sm text-stone-600">
          Version {document.version} · in effect since {document.effective_date.slice(0, 10)} ·{" "}
          <a href={`/legal/${document.type}/versions`} className="text-brand-700 underline">
            Past versions and changes
          </a>
        </p>
      </header>
      <TableOfContents toc={toc} />
      <MarkdownArticle html={html} />
    </article>
  );
}

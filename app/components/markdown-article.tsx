/** A rendered Markdown document (help article, legal text) and its table of contents. The
 * HTML comes only from app/lib/markdown/render.ts (raw HTML off, links checked). */
import type { TocEntry } from "~/lib/markdown/render";

const ARTICLE_STYLES =
  "max-w-none break-words leading-relaxed [&_a]:text-brand-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-stone-300 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-stone-100 [&_code]:px-1 [&_h2]:mt-6 [&_h2]:text-xl [&_h2]:font-semibold [&_h3]:mt-4 [&_h3]:font-semibold [&_li]:mt-1 [&_ol]:mt-3 [&_ol]:list-decimal [&_ol]:pl-6 [&_p]:mt-3 [&_pre]:mt-3 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-stone-100 [&_pre]:p-3 [&_table]:mt-3 [&_td]:border [&_td]:p-1 [&_th]:border [&_th]:p-1 [&_ul]:mt-3 [&_ul]:list-disc [&_ul]:pl-6";

export function MarkdownArticle({ html }: { html: string }) {
  return <div className={ARTICLE_STYLES} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function TableOfContents({ toc }: { toc: TocEntry[] }) {
  const entries = toc.filter((entry) => entry.level <= 3);
  if (entries.length < 2) return null;
  return (
    <nav aria-label="On this page" className="rounded-lg border border-stone-200 bg-white p-3 text-sm">
      <p className="font-semibold">On this page</p>
      <ul className="mt-2 space-y-1">
        {entries.map((entry) => (
          <li key={entry.id} className={entry.level === 3 ? "pl-3" : undefined}>
            <a href={`#${entry.id}`} className="text-brand-700 hover:underline">
              {entry.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

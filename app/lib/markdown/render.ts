/**
 * The app's one Markdown renderer: help articles, legal documents, staff previews and chat
 * messages all go through here. markdown-it with raw HTML off (so `<script>` is text),
 * its link validator (javascript:, vbscript:, file: and non-image data: URLs are refused),
 * and links to other sites opened with rel="nofollow noopener noreferrer".
 *
 * Two presets: `document` (headings get stable anchors and feed a table of contents) and
 * `chat` (no headings or images; a single newline is a line break, as people type).
 */
import MarkdownIt from "markdown-it";
import type { MarkdownIt as MarkdownItInstance } from "markdown-it";

export interface TocEntry {
  level: number;
  text: string;
  id: string;
}

export interface RenderedMarkdown {
  html: string;
  toc: TocEntry[];
}

/** A heading's anchor: lower-case words joined by hyphens (unicode letters kept). */
export function slugifyHeading(text: string): string {
  const slug = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "section";
}

function configure(md: MarkdownItInstance): MarkdownItInstance {
  const defaultLinkOpen =
    md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const href = String(token.attrGet("href") ?? "");
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) {
      token.attrSet("rel", "nofollow noopener noreferrer");
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

const documentMd = configure(new MarkdownIt({ html: false, linkify: true, typographer: false }));
documentMd.core.ruler.push("heading_anchors", (state) => {
  const seen = new Map<string, number>();
  const toc: TocEntry[] = [];
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== "heading_open") continue;
    const inline = tokens[i + 1];
    const text =
      inline?.children
        ?.filter((child) => child.type === "text" || child.type === "code_inline")
        .map((child) => child.content)
        .join("") ?? "";
    const base = slugifyHeading(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    const id = count === 0 ? base : `${base}-${count + 1}`;
    token.attrSet("id", id);
    const level = Number(token.tag.slice(1));
    if (level >= 2 && level <= 3) toc.push({ level, text, id });
  }
  (state.env as { toc?: TocEntry[] }).toc = toc;
  return true;
});

const chatMd = configure(new MarkdownIt("default", { html: false, linkify: true, breaks: true, typographer: false }));
chatMd.disable(["heading", "lheading", "image", "table", "hr"]);

/** A help article or legal document: HTML plus its table of contents (h2 and h3). */
export function renderDocument(markdown: string): RenderedMarkdown {
  const env: { toc?: TocEntry[] } = {};
  const html = documentMd.render(markdown, env);
  return { html, toc: env.toc ?? [] };
}

/** A chat message: `*actions*` become italics, the usual inline Markdown, lists, quotes
 * and code; no headings or images. */
export function renderChatMessage(markdown: string): string {
  return chatMd.render(markdown);
}

/** Plain text of a Markdown document (for search snippets and meta descriptions). */
export function markdownToPlainText(markdown: string): string {
  const html = documentMd.render(markdown, {});
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

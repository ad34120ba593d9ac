/**
 * Help search over FTS5 (`help_fts`, kept in step with `documentation` by triggers). What
 * a person types never reaches FTS5's query syntax: it is cut into words, each quoted and
 * made a prefix (`memo` → `"memo"*`, so it finds "memories"), all required.
 */
import { sql } from "kysely";
import type { DB } from "#db/schema";
import { buildDictionary, correctSearch, type Dictionary } from "./spelling";

const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 40;
/** Control characters mark the match in FTS5's snippet; they cannot occur in articles. */
const MARK_START = "\u0001";
const MARK_END = "\u0002";

export function ftsQuery(text: string): string | null {
  const words =
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words.map((w) => w.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_TERMS);
  return terms.length > 0 ? terms.map((t) => `"${t}"*`).join(" ") : null;
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

/** FTS5's snippet as parts to render as text (React escapes them); Markdown marks dropped. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [i, chunk] of snippet.split(MARK_START).entries()) {
    const [inside, after] = i === 0 ? [null, chunk] : (chunk.split(MARK_END) as [string, string?]);
    if (inside) parts.push({ text: inside, match: true });
    const plain = (after ?? "")
      .replace(/[#*_`|]+/g, "")
      .replace(/(^|\s)>\s/g, "$1")
      .replace(/\s+/g, " ");
    if (plain) parts.push({ text: plain, match: false });
  }
  return parts;
}

export interface HelpHit {
  slug: string;
  title: string;
  category: string;
  snippet: SnippetPart[];
}

export async function searchHelp(db: DB, text: string, limit = 20): Promise<HelpHit[]> {
  const match = ftsQuery(text);
  if (!match) return [];
  const { rows } = await sql<{ slug: string; title: string; category: string; snippet: string }>`
    SELECT d.slug, d.title, d.category, snippet(help_fts, 1, ${MARK_START}, ${MARK_END}, '…', 16) AS snippet
    FROM help_fts JOIN documentation d ON d.rowid = help_fts.rowid
    WHERE help_fts MATCH ${match} AND d.is_published = 1
    ORDER BY bm25(help_fts, 5.0, 1.0)
    LIMIT ${limit}`.execute(db);
  return rows.map((row) => ({
    slug: row.slug,
    title: row.title,
    category: row.category,
    snippet: snippetParts(row.snippet),
  }));
}

/** The dictionary of published help words, rebuilt when the articles change (per isolate). */
let dictionaryCache: { version: string; dictionary: Dictionary } | null = null;

async function helpDictionary(db: DB): Promise<Dictionary> {
  // A cheap fingerprint of the published articles decides whether the cached words still hold.
  const fingerprint = await db
    .selectFrom("documentation")
    .select((eb) => [
      eb.fn.countAll<number>().as("n"),
      eb.fn.max("updated_at").as("latest"),
      eb.fn.sum<number>(sql`length(title) + length(content)`).as("size"),
    ])
    .where("is_published", "=", 1)
    .executeTakeFirst();
  const version = `${fingerprint?.n}:${fingerprint?.latest}:${fingerprint?.size}`;
  if (dictionaryCache?.version === version) return dictionaryCache.dictionary;
  const articles = await db
    .selectFrom("documentation")
    .select(["title", "content"])
    .where("is_published", "=", 1)
    .execute();
  const dictionary = buildDictionary(articles.map((a) => `${a.title} ${a.content}`));
  dictionaryCache = { version, dictionary };
  return dictionary;
}

export interface ForgivingResults {
  results: HelpHit[];
  /** The corrected search when the typed one found nothing and a near spelling did. */
  corrected: string | null;
}

/** Help search that forgives typos: only when the words as typed find nothing, it tries
 * their nearest spellings from the articles' own words (app/lib/help/spelling.ts). */
export async function searchHelpForgiving(db: DB, text: string): Promise<ForgivingResults> {
  const results = await searchHelp(db, text);
  if (results.length > 0) return { results, corrected: null };
  const corrected = correctSearch(text, await helpDictionary(db));
  if (!corrected) return { results, corrected: null };
  const retried = await searchHelp(db, corrected);
  return retried.length > 0 ? { results: retried, corrected } : { results, corrected: null };
}

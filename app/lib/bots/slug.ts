/** Bot slugs: lowercase words joined by hyphens, unique across all bots (the URL). */
import type { DB } from "#db/schema";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 80;
/** Paths under /bots/ that are pages, not bots. */
export const RESERVED_SLUGS = new Set(["new", "import", "export", "edit", "delete", "page"]);

/** "Dr. Élise — the Healer!" → "dr-elise-the-healer" ("bot" when nothing is left). */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX - 6)
    .replace(/-+$/g, "");
  return slug && !RESERVED_SLUGS.has(slug) ? slug : slug ? `${slug}-bot` : "bot";
}

/** How many candidates one lookup checks (bound parameters; D1 allows 100 per query). */
const CANDIDATES_PER_QUERY = 50;

/** The first free slug among `base`, `base-2`, `base-3`… Looked up by equality on the
 * unique index, a page of candidates per query — never a LIKE pattern built from the name
 * (D1 refuses patterns over 50 bytes, which a 49-character name reached). Almost always
 * one query; the unique index still has the last word if two people race for a slug. */
export async function uniqueSlug(db: DB, base: string, exceptBotId?: string): Promise<string> {
  for (let first = 1; ; first += CANDIDATES_PER_QUERY) {
    const candidates = Array.from({ length: CANDIDATES_PER_QUERY }, (_, i) =>
      first + i === 1 ? base : `${base}-${first + i}`,
    );
    let query = db.selectFrom("bots").select("slug").where("slug", "in", candidates);
    if (exceptBotId) query = query.where("id", "!=", exceptBotId);
    const taken = new Set((await query.execute()).map((row) => row.slug));
    const free = candidates.find((candidate) => !taken.has(candidate));
    if (free) return free;
  }
}

/** A SQLite UNIQUE failure on bots.slug (the race the pre-check cannot see). */
export function isSlugConflict(error: unknown): boolean {
  return (
    error instanceof Error &&
    /UNIQUE constraint failed: bots\.slug/.test(`${error.message} ${(error as { cause?: Error }).cause?.message ?? ""}`)
  );
}

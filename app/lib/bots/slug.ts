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

/** The first free slug among `base`, `base-2`, `base-3`… (one query; `base` matches
 * SLUG_PATTERN, so it holds no LIKE wildcards). The unique index
 * still has the last word if two people race for the same slug. */
export async function uniqueSlug(db: DB, base: string, exceptBotId?: string): Promise<string> {
  let query = db
    .selectFrom("bots")
    .select("slug")
    .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)]));
  if (exceptBotId) query = query.where("id", "!=", exceptBotId);
  const taken = new Set((await query.execute()).map((row) => row.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A SQLite UNIQUE failure on bots.slug (the race the pre-check cannot see). */
export function isSlugConflict(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: bots\.slug/.test(`${error.message} ${(error as { cause?: Error }).cause?.message ?? ""}`);
}

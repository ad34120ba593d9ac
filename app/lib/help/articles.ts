/** Help articles: categories, the index listing, one article with its neighbours, votes. */
import type { DB } from "#db/schema";

export const HELP_CATEGORIES = {
  "getting-started": "Getting started",
  features: "Features",
  troubleshooting: "Troubleshooting",
  creators: "For creators",
  billing: "Billing and tokens",
  safety: "Safety and privacy",
} as const;

export type HelpCategory = keyof typeof HELP_CATEGORIES;

export function categoryLabel(category: string): string {
  return HELP_CATEGORIES[category as HelpCategory] ?? category;
}

/** Published articles, featured first, then by `order` (uses documentation_featured). */
export function helpIndexQuery(db: DB) {
  return db
    .selectFrom("documentation")
    .select(["slug", "title", "category", "is_featured"])
    .where("is_published", "=", 1)
    .orderBy("is_featured", "desc")
    .orderBy("order")
    .orderBy("title")
    .limit(500);
}

export function articleQuery(db: DB, slug: string) {
  return db
    .selectFrom("documentation")
    .select(["id", "slug", "title", "content", "category", "updated_at", "view_count"])
    .where("slug", "=", slug)
    .where("is_published", "=", 1);
}

/** Up to five other articles in the same category, in one query with the article's. */
export function relatedArticlesQuery(db: DB, slug: string) {
  return db
    .selectFrom("documentation")
    .select(["slug", "title"])
    .where("is_published", "=", 1)
    .where("slug", "!=", slug)
    .where("category", "=", (eb) => eb.selectFrom("documentation as d").select("d.category").where("d.slug", "=", slug))
    .orderBy("order")
    .limit(5);
}

export function voteCountsQuery(db: DB, slug: string) {
  return db
    .selectFrom("help_votes")
    .innerJoin("documentation", "documentation.id", "help_votes.document_id")
    .select((eb) => [eb.fn.countAll<number>().as("total"), eb.fn.sum<number>("help_votes.helpful").as("helpful")])
    .where("documentation.slug", "=", slug);
}

/** Count a view after the response (never a write in front of the page). */
export function countView(db: DB, documentId: string) {
  return db
    .updateTable("documentation")
    .set((eb) => ({ view_count: eb("view_count", "+", 1) }))
    .where("id", "=", documentId)
    .execute();
}

/** One vote per voter per article: a second vote replaces the first. */
export function recordVote(
  db: DB,
  vote: { documentId: string; voterKey: string; userId: string | null; helpful: boolean },
) {
  return db
    .insertInto("help_votes")
    .values({
      document_id: vote.documentId,
      voter_key: vote.voterKey,
      user_id: vote.userId,
      helpful: vote.helpful ? 1 : 0,
    })
    .onConflict((oc) => oc.columns(["document_id", "voter_key"]).doUpdateSet({ helpful: vote.helpful ? 1 : 0 }))
    .execute();
}

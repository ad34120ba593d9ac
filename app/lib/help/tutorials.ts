/** Tutorials: steps stored as JSON on the row, progress per person in `tutorial_progress`. */
import type { DB } from "#db/schema";

export interface TutorialStep {
  title: string;
  body: string;
  /** Where in the app the step is done (a same-site path). */
  link?: string;
  linkLabel?: string;
}

export function parseSteps(json: string): TutorialStep[] {
  try {
    const value = JSON.parse(json) as unknown;
    if (!Array.isArray(value)) return [];
    return value
      .filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null)
      .map((s) => ({
        title: String(s.title ?? ""),
        body: String(s.body ?? ""),
        link: typeof s.link === "string" && s.link.startsWith("/") && !s.link.startsWith("//") ? s.link : undefined,
        linkLabel: typeof s.linkLabel === "string" ? s.linkLabel : undefined,
      }));
  } catch {
    return [];
  }
}

export function tutorialListQuery(db: DB) {
  return db
    .selectFrom("tutorials")
    .select(["id", "title", "description", "category", "difficulty", "estimated_time", "steps"])
    .where("is_published", "=", 1)
    .orderBy("category")
    .orderBy("created_at")
    .limit(200);
}

export function tutorialQuery(db: DB, id: string) {
  return db
    .selectFrom("tutorials")
    .select(["id", "title", "description", "category", "difficulty", "estimated_time", "steps"])
    .where("id", "=", id)
    .where("is_published", "=", 1);
}

export function progressQuery(db: DB, userId: string, tutorialId: string) {
  return db
    .selectFrom("tutorial_progress")
    .select(["step"])
    .where("user_id", "=", userId)
    .where("tutorial_id", "=", tutorialId)
    .orderBy("step");
}

export function markStepQuery(db: DB, userId: string, tutorialId: string, step: number) {
  return db
    .insertInto("tutorial_progress")
    .values({ user_id: userId, tutorial_id: tutorialId, step })
    .onConflict((oc) => oc.columns(["user_id", "tutorial_id", "step"]).doNothing());
}

export function unmarkStepQuery(db: DB, userId: string, tutorialId: string, step: number) {
  return db
    .deleteFrom("tutorial_progress")
    .where("user_id", "=", userId)
    .where("tutorial_id", "=", tutorialId)
    .where("step", "=", step);
}

/**
 * Legal documents: which version is in force, and which ones a person still has to accept.
 * A version is in force when it is active and its effective date has come; of those, the
 * one with the latest effective date wins. Dates are ISO strings, so they compare as text.
 */
import type { DB } from "#db/schema";

export const LEGAL_TYPES = {
  terms: "Terms of Service",
  privacy: "Privacy Policy",
  responsible_ai: "Responsible AI and crisis protocol",
  cookies: "Cookie Policy",
  community_guidelines: "Community Guidelines",
  acceptable_use: "Acceptable Use Policy",
} as const;

export type LegalType = keyof typeof LEGAL_TYPES;

/** What signing up, and staying able to change anything, requires accepting. */
export const REQUIRED_TYPES = ["terms", "privacy"] as const satisfies readonly LegalType[];

export function isLegalType(value: string): value is LegalType {
  return Object.hasOwn(LEGAL_TYPES, value);
}

const documentColumns = ["id", "type", "title", "version", "effective_date", "content", "updated_at"] as const;

/** The version of `type` in force at `now`. */
export function currentDocumentQuery(db: DB, type: LegalType, now: string) {
  return db
    .selectFrom("legal_documents")
    .select(documentColumns)
    .where("type", "=", type)
    .where("is_active", "=", 1)
    .where("effective_date", "<=", now)
    .orderBy("effective_date", "desc")
    .limit(1);
}

/** Every version published so far (active, effective by now), newest first. */
export function publishedVersionsQuery(db: DB, type: LegalType, now: string) {
  return db
    .selectFrom("legal_documents")
    .select(["id", "title", "version", "effective_date"])
    .where("type", "=", type)
    .where("is_active", "=", 1)
    .where("effective_date", "<=", now)
    .orderBy("effective_date", "desc")
    .limit(100);
}

export interface PendingDocument {
  id: string;
  type: string;
  title: string;
  version: string;
  effective_date: string;
}

/**
 * The required documents in force at `now` that the user has not accepted — one query:
 * for each required type, the in-force version, unless an agreement row for it exists.
 * Empty means the person may go on.
 */
export function pendingAgreementsQuery(db: DB, userId: string, now: string) {
  return db
    .selectFrom("legal_documents as d")
    .select(["d.id", "d.type", "d.title", "d.version", "d.effective_date"])
    .where("d.type", "in", [...REQUIRED_TYPES])
    .where("d.is_active", "=", 1)
    .where("d.effective_date", "<=", now)
    .where((eb) =>
      eb(
        "d.effective_date",
        "=",
        eb
          .selectFrom("legal_documents as x")
          .select((x) => x.fn.max("x.effective_date").as("latest"))
          .whereRef("x.type", "=", "d.type")
          .where("x.is_active", "=", 1)
          .where("x.effective_date", "<=", now),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("user_agreements as a")
            .select("a.id")
            .whereRef("a.document_id", "=", "d.id")
            .where("a.user_id", "=", userId),
        ),
      ),
    )
    .orderBy("d.type");
}

export async function pendingAgreements(
  db: DB,
  userId: string,
  now = new Date().toISOString(),
): Promise<PendingDocument[]> {
  return pendingAgreementsQuery(db, userId, now).execute();
}

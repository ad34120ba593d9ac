/**
 * Where a legal document version stands, for the staff list and the unpublish question:
 *  - draft: not active (nobody sees it);
 *  - scheduled: active, its effective date still to come;
 *  - published: the version in force for its type (active, effective, the latest such);
 *  - superseded: active and effective, but a later version of the same type is in force.
 * The rule for "in force" is the one the site uses (app/lib/legal/documents.ts).
 */
import type { DB } from "#db/schema";
import { LEGAL_TYPES, isLegalType } from "../legal/documents";

export type LegalStatus = "published" | "scheduled" | "superseded" | "draft";

export const LEGAL_STATUS_LABELS: Record<LegalStatus, string> = {
  published: "Published (in force)",
  scheduled: "Scheduled",
  superseded: "Superseded",
  draft: "Draft",
};

export function legalStatus(
  row: { id: string } & Record<string, unknown>,
  inForce: ReadonlySet<string>,
  now: string,
): LegalStatus {
  if (Number(row.is_active) !== 1) return "draft";
  if (String(row.effective_date ?? "") > now) return "scheduled";
  return inForce.has(row.id) ? "published" : "superseded";
}

/** The ids of the versions in force now, one per type (one query over a small table). */
export async function inForceLegalIds(db: DB, now: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("legal_documents as d")
    .select("d.id")
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
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** "Terms of Service" for "terms"; the type itself if it is not one we know. */
export function legalTypeLabel(type: unknown): string {
  const value = String(type ?? "");
  return isLegalType(value) ? LEGAL_TYPES[value] : value;
}

/** The version that would be in force if `id` were unpublished (null: none would be). */
export async function versionInForceWithout(
  db: DB,
  type: string,
  id: string,
  now: string,
): Promise<{ version: string; effective_date: string } | null> {
  return (
    (await db
      .selectFrom("legal_documents")
      .select(["version", "effective_date"])
      .where("type", "=", type)
      .where("is_active", "=", 1)
      .where("effective_date", "<=", now)
      .where("id", "!=", id)
      .orderBy("effective_date", "desc")
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

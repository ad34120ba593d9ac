/** Creator programs and applications to them: one application per program and user
 * (the table's unique pair), so applying twice is answered, never a crash. */
import type { DB } from "#db/schema";
import { newId } from "../ids";

export type ApplyResult =
  { ok: true; id: string } | { ok: false; reason: "no-program" | "no-profile" | "already-applied" };

export function activePrograms(db: DB) {
  return db
    .selectFrom("creator_programs")
    .select(["id", "name", "description", "requirements", "benefits", "created_at"])
    .where("is_active", "=", 1)
    .orderBy("created_at")
    .orderBy("name");
}

export function applicationsOf(db: DB, userId: string) {
  return db
    .selectFrom("creator_program_applications")
    .select(["id", "program_id", "status", "message", "decision_reason", "created_at", "updated_at"])
    .where("user_id", "=", userId);
}

/** Apply to an active program. Only creators with a profile may apply. Every application
 * starts pending and is decided by staff at /staff/applications (app/lib/staff/applications.ts). The insert itself
 * decides "already applied" (ON CONFLICT DO NOTHING), so two racing submits give one row
 * and one clear answer rather than a constraint error. */
export async function applyToProgram(
  db: DB,
  { programId, userId, message }: { programId: string; userId: string; message: string },
): Promise<ApplyResult> {
  const [program, profile] = await Promise.all([
    db
      .selectFrom("creator_programs")
      .select("id")
      .where("id", "=", programId)
      .where("is_active", "=", 1)
      .executeTakeFirst(),
    db.selectFrom("creator_profiles").select("id").where("user_id", "=", userId).executeTakeFirst(),
  ]);
  if (!program) return { ok: false, reason: "no-program" };
  if (!profile) return { ok: false, reason: "no-profile" };
  const inserted = await db
    .insertInto("creator_program_applications")
    .values({ id: newId(), program_id: programId, user_id: userId, message })
    .onConflict((oc) => oc.columns(["program_id", "user_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted ? { ok: true, id: inserted.id } : { ok: false, reason: "already-applied" };
}

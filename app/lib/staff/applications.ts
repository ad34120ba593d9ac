/**
 * Reviewing creator program applications: each shown with the program's numeric
 * requirements checked against the applicant's real numbers, and decided (approved or
 * rejected) with a reason the creator sees on /programs. The decision, the creator's
 * notification and the audit row land in one batch, the last two only if this decision
 * is the one that took the application out of "pending".
 */
import { sql } from "kysely";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { notificationInsert } from "../notifications/notify";
import { onlyIfRow } from "../support/guarded";
import { auditInsert } from "./audit";

export const APPLICATION_PAGE_SIZE = 20;

export function applicationQueue(db: DB, status: "pending" | "decided", page: number) {
  return db
    .selectFrom("creator_program_applications as a")
    .innerJoin("creator_programs as p", "p.id", "a.program_id")
    .innerJoin("users as u", "u.id", "a.user_id")
    .leftJoin("creator_profiles as cp", "cp.user_id", "a.user_id")
    .select([
      "a.id",
      "a.message",
      "a.status",
      "a.decision_reason",
      "a.created_at",
      "p.name as program_name",
      "p.requirements",
      "p.min_public_bots",
      "p.min_followers",
      "u.email as applicant_email",
      "cp.username",
      "cp.follower_count",
      // bots_created_by index; counted for this page's rows only.
      sql<number>`(SELECT count(*) FROM bots b WHERE b.created_by_id = a.user_id AND b.is_public = 1)`.as(
        "public_bots",
      ),
    ])
    .where("a.status", status === "pending" ? "=" : "in", status === "pending" ? "pending" : ["approved", "rejected"])
    .orderBy("a.created_at", status === "pending" ? "asc" : "desc")
    .orderBy("a.id")
    .limit(APPLICATION_PAGE_SIZE)
    .offset((page - 1) * APPLICATION_PAGE_SIZE);
}

export function applicationCount(db: DB, status: "pending" | "decided") {
  return db
    .selectFrom("creator_program_applications")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("status", status === "pending" ? "=" : "in", status === "pending" ? "pending" : ["approved", "rejected"]);
}

export interface RequirementCheck {
  label: string;
  required: number;
  actual: number;
  met: boolean;
}

export function checkRequirements(row: {
  min_public_bots: number;
  min_followers: number;
  public_bots: number;
  follower_count: number | null;
}): RequirementCheck[] {
  const checks = [
    { label: "Public bots", required: row.min_public_bots, actual: Number(row.public_bots) },
    { label: "Followers", required: row.min_followers, actual: Number(row.follower_count ?? 0) },
  ];
  return checks.map((c) => ({ ...c, met: c.actual >= c.required }));
}

export type DecideResult = { ok: true } | { ok: false; reason: "not-found" | "already-decided" };

export async function decideApplication(
  db: DB,
  d1: D1Database,
  input: { applicationId: string; actorId: string; decision: "approved" | "rejected"; reason: string },
): Promise<DecideResult> {
  const application = await db
    .selectFrom("creator_program_applications as a")
    .innerJoin("creator_programs as p", "p.id", "a.program_id")
    .select(["a.id", "a.user_id", "a.status", "p.name as program_name"])
    .where("a.id", "=", input.applicationId)
    .executeTakeFirst();
  if (!application) return { ok: false, reason: "not-found" };
  if (application.status !== "pending") return { ok: false, reason: "already-decided" };
  const stamp = new Date().toISOString();
  const guarded = <Q extends Parameters<typeof onlyIfRow>[0]>(q: Q) =>
    onlyIfRow(q, "creator_program_applications", application.id, "updated_at", stamp);
  const [updated] = await batch(d1, [
    db
      .updateTable("creator_program_applications")
      .set({ status: input.decision, decision_reason: input.reason, decided_by_id: input.actorId, updated_at: stamp })
      .where("id", "=", application.id)
      .where("status", "=", "pending")
      .returning("id"),
    guarded(
      notificationInsert(db, {
        userId: application.user_id,
        kind: "application_decision",
        title: `Your application to ${application.program_name} was ${input.decision === "approved" ? "accepted" : "not accepted"}`,
        body: input.reason,
        link: "/programs",
      }),
    ),
    guarded(
      auditInsert(db, {
        actorId: input.actorId,
        action: `application.${input.decision === "approved" ? "accept" : "reject"}`,
        targetType: "application",
        targetId: application.id,
        before: { status: "pending" },
        after: { status: input.decision },
        note: input.reason,
      }),
    ),
  ]);
  return updated.length === 1 ? { ok: true } : { ok: false, reason: "already-decided" };
}

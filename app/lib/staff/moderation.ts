/**
 * Acting on a moderation report. One outcome settles every open report of the same bot
 * (they are about the same thing); the bot change, the reports' status, a notification to
 * the creator and to each reporter, and the audit row go in one D1 batch.
 */
import { batch } from "#db/batch";
import type { DB, ReportOutcome } from "#db/schema";
import { deleteMedia } from "../media/upload";
import { recordedVectorIds, removeVectors } from "../retrieval/vectorize-job";
import type { Services } from "../services";
import { notificationInsert } from "../notifications/notify";
import { auditInsert } from "./audit";

export const REPORT_OUTCOMES = [
  "dismiss",
  "unpublish",
  "mark_nsfw",
  "delete",
] as const satisfies readonly ReportOutcome[];

export const OUTCOME_LABELS: Record<ReportOutcome, string> = {
  dismiss: "Dismiss (no action)",
  unpublish: "Unpublish (make private)",
  mark_nsfw: "Mark NSFW",
  delete: "Delete the bot",
};

const OUTCOME_TEXT: Record<ReportOutcome, string> = {
  dismiss: "We reviewed it and took no action.",
  unpublish: "The bot was made private.",
  mark_nsfw: "The bot was marked NSFW.",
  delete: "The bot was deleted.",
};

interface Deps {
  db: DB;
  d1: D1Database;
  bucket: R2Bucket;
  services: Services;
  waitUntil(promise: Promise<unknown>): void;
}

export type ModerationResult = { ok: true } | { ok: false; reason: "not-found" | "already-handled" };

export async function actOnReport(
  deps: Deps,
  input: { reportId: string; actorId: string; outcome: ReportOutcome; note: string },
): Promise<ModerationResult> {
  const { db, d1 } = deps;
  const report = await db
    .selectFrom("moderation_reports")
    .innerJoin("bots", "bots.id", "moderation_reports.bot_id")
    .select([
      "moderation_reports.id",
      "moderation_reports.status",
      "bots.id as bot_id",
      "bots.name as bot_name",
      "bots.slug as bot_slug",
      "bots.created_by_id",
      "bots.is_public",
      "bots.is_nsfw",
      "bots.avatar_id",
    ])
    .where("moderation_reports.id", "=", input.reportId)
    .executeTakeFirst();
  if (!report) return { ok: false, reason: "not-found" };
  if (report.status !== "open" && report.status !== "reviewing") return { ok: false, reason: "already-handled" };

  const openReports = await db
    .selectFrom("moderation_reports")
    .select(["id", "reporter_id"])
    .where("bot_id", "=", report.bot_id)
    .where("status", "in", ["open", "reviewing"])
    .limit(100)
    .execute();
  const reportIds = openReports.map((r) => r.id);
  const reporters = [
    ...new Set(
      openReports.map((r) => r.reporter_id).filter((id): id is string => id !== null && id !== report.created_by_id),
    ),
  ];
  const now = new Date().toISOString();
  const outcomeText = `${OUTCOME_TEXT[input.outcome]}${input.note ? ` Note from our team: ${input.note}` : ""}`;

  const before = { is_public: report.is_public, is_nsfw: report.is_nsfw, reports: reportIds.length };
  const after =
    input.outcome === "unpublish"
      ? { is_public: 0 }
      : input.outcome === "mark_nsfw"
        ? { is_nsfw: 1 }
        : input.outcome === "delete"
          ? { deleted: true }
          : { dismissed: reportIds.length };

  // The deletion cascades to knowledge rows; their vectors and the avatar live outside D1.
  const knowledgeIds =
    input.outcome === "delete"
      ? (await db.selectFrom("knowledge").select("id").where("bot_id", "=", report.bot_id).execute()).map((k) => k.id)
      : [];
  const vectorIds = knowledgeIds.length > 0 ? await recordedVectorIds(db, "knowledge", knowledgeIds) : [];

  const botChange =
    input.outcome === "unpublish"
      ? [db.updateTable("bots").set({ is_public: 0, updated_at: now }).where("id", "=", report.bot_id)]
      : input.outcome === "mark_nsfw"
        ? [db.updateTable("bots").set({ is_nsfw: 1, updated_at: now }).where("id", "=", report.bot_id)]
        : input.outcome === "delete"
          ? [db.deleteFrom("bots").where("id", "=", report.bot_id)]
          : [];

  await batch(d1, [
    db
      .updateTable("moderation_reports")
      .set({
        status: input.outcome === "dismiss" ? "dismissed" : "actioned",
        outcome: input.outcome,
        outcome_note: input.note,
        handled_by_id: input.actorId,
        updated_at: now,
      })
      .where("id", "in", reportIds),
    ...botChange,
    notificationInsert(db, {
      userId: report.created_by_id,
      kind: "report_outcome",
      title: `A report about your bot ${report.bot_name} was reviewed`,
      body: outcomeText,
      link: input.outcome === "delete" ? "/my/bots" : `/bots/${report.bot_slug}`,
    }),
    ...reporters.map((userId) =>
      notificationInsert(db, {
        userId,
        kind: "report_outcome",
        title: `Your report about ${report.bot_name} was reviewed`,
        body: OUTCOME_TEXT[input.outcome],
        link: null,
      }),
    ),
    auditInsert(db, {
      actorId: input.actorId,
      action: `report.${input.outcome}`,
      targetType: "bot",
      targetId: report.bot_id,
      before,
      after,
      note: input.note,
    }),
  ]);

  if (input.outcome === "delete") {
    if (report.avatar_id) deps.waitUntil(deleteMedia({ db, bucket: deps.bucket }, report.avatar_id));
    if (knowledgeIds.length > 0)
      deps.waitUntil(
        removeVectors({ db, services: deps.services, sourceType: "knowledge", sourceIds: knowledgeIds, vectorIds }),
      );
  }
  return { ok: true };
}

/**
 * The staff audit log. Every staff action writes one row in the same D1 batch as the
 * change itself (`auditInsert` returns the query, not a result), so there is never a
 * change without its row nor a row without its change. The table refuses updates and
 * deletes (migration 0007).
 */
import type { DB } from "#db/schema";
import { newId } from "../ids";

export interface AuditEntry {
  actorId: string;
  /** Verb in the form `area.verb`, e.g. `ticket.assign`, `report.unpublish`, `user.role`. */
  action: string;
  targetType: string;
  targetId: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  note?: string;
}

export function auditInsert(db: DB, entry: AuditEntry) {
  return db.insertInto("staff_audit_log").values({
    id: newId(),
    actor_id: entry.actorId,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    before_json: JSON.stringify(entry.before ?? {}),
    after_json: JSON.stringify(entry.after ?? {}),
    note: (entry.note ?? "").slice(0, 2000),
  });
}

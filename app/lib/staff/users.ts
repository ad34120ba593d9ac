/**
 * Admin actions on accounts: change role, suspend, lift a suspension. A suspended user
 * cannot sign in or post (the auth middleware treats them as signed out) and their public
 * bots are hidden by data: made private and marked `hidden_by_suspension`, so lifting the
 * suspension republishes exactly those — the Explore queries need no extra join.
 */
import { batch } from "#db/batch";
import type { DB, Role } from "#db/schema";
import { auditInsert } from "./audit";
import { revokeAllSessionsQuery } from "../auth/sessions";

export const ROLES = ["user", "creator", "support", "admin"] as const satisfies readonly Role[];

export function userByEmail(db: DB, email: string) {
  return db.selectFrom("users").select(["id", "email", "display_name", "role", "suspended_at", "created_at", "token_balance"]).where("email", "=", email);
}

export async function changeRole(db: DB, d1: D1Database, input: { actorId: string; user: { id: string; role: Role }; role: Role; note: string }) {
  if (input.user.role === input.role) return;
  await batch(d1, [
    db.updateTable("users").set({ role: input.role, updated_at: new Date().toISOString() }).where("id", "=", input.user.id),
    auditInsert(db, { actorId: input.actorId, action: "user.role", targetType: "user", targetId: input.user.id, before: { role: input.user.role }, after: { role: input.role }, note: input.note }),
  ]);
}

export async function setSuspended(db: DB, d1: D1Database, input: { actorId: string; user: { id: string; suspended_at: string | null }; suspend: boolean; note: string }) {
  if (Boolean(input.user.suspended_at) === input.suspend) return;
  const now = new Date().toISOString();
  const bots = input.suspend
    ? db.updateTable("bots").set({ is_public: 0, hidden_by_suspension: 1, updated_at: now }).where("created_by_id", "=", input.user.id).where("is_public", "=", 1)
    : db.updateTable("bots").set({ is_public: 1, hidden_by_suspension: 0, updated_at: now }).where("created_by_id", "=", input.user.id).where("hidden_by_suspension", "=", 1);
  await batch(d1, [
    db.updateTable("users").set({ suspended_at: input.suspend ? now : null, updated_at: now }).where("id", "=", input.user.id),
    bots,
    // Suspending ends every session too, so the account is signed out everywhere at once
    // (the middleware also treats a suspended user as signed out).
    ...(input.suspend ? [revokeAllSessionsQuery(db, input.user.id)] : []),
    auditInsert(db, {
      actorId: input.actorId,
      action: input.suspend ? "user.suspend" : "user.unsuspend",
      targetType: "user",
      targetId: input.user.id,
      before: { suspended_at: input.user.suspended_at },
      after: { suspended_at: input.suspend ? now : null },
      note: input.note,
    }),
  ]);
}

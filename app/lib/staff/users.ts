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

const USER_COLUMNS = ["id", "email", "display_name", "role", "suspended_at", "created_at", "token_balance"] as const;

export function userByEmail(db: DB, email: string) {
  return db.selectFrom("users").select(USER_COLUMNS).where("email", "=", email);
}

export function userById(db: DB, id: string) {
  return db.selectFrom("users").select(USER_COLUMNS).where("id", "=", id);
}

/** The longest search text: D1 refuses long patterns, and nobody types more of an email. */
export const USER_SEARCH_MAX = 100;
export const USER_PAGE_SIZE = 20;

/**
 * Users whose email or display name contains `term` (any case), a page at a time, by email.
 * `instr` with a bound value, never LIKE built from typed text (no wildcards to escape, no
 * pattern-length limit). A substring cannot use an index, so this scans users — acceptable
 * for this admins-only page: the scan walks the email index in order and stops once it has
 * one page (+1 row to know there is a next page), so a common term reads few rows and only a
 * rare one reads the whole table, once per admin search. One row more than a page is asked
 * for, so "Next" appears only when there is one.
 */
export async function searchUsers(db: DB, term: string, page: number) {
  const needle = term.toLowerCase();
  const rows = await db
    .selectFrom("users")
    .select(USER_COLUMNS)
    .where((eb) =>
      eb.or([
        eb(eb.fn("instr", [eb.fn("lower", ["email"]), eb.val(needle)]), ">", 0),
        eb(eb.fn("instr", [eb.fn("lower", ["display_name"]), eb.val(needle)]), ">", 0),
      ]),
    )
    .orderBy("email")
    .limit(USER_PAGE_SIZE + 1)
    .offset((page - 1) * USER_PAGE_SIZE)
    .execute();
  return { users: rows.slice(0, USER_PAGE_SIZE), hasNext: rows.length > USER_PAGE_SIZE };
}

export async function changeRole(
  db: DB,
  d1: D1Database,
  input: { actorId: string; user: { id: string; role: Role }; role: Role; note: string },
) {
  if (input.user.role === input.role) return;
  await batch(d1, [
    db
      .updateTable("users")
      .set({ role: input.role, updated_at: new Date().toISOString() })
      .where("id", "=", input.user.id),
    auditInsert(db, {
      actorId: input.actorId,
      action: "user.role",
      targetType: "user",
      targetId: input.user.id,
      before: { role: input.user.role },
      after: { role: input.role },
      note: input.note,
    }),
  ]);
}

export async function setSuspended(
  db: DB,
  d1: D1Database,
  input: { actorId: string; user: { id: string; suspended_at: string | null }; suspend: boolean; note: string },
) {
  if (Boolean(input.user.suspended_at) === input.suspend) return;
  const now = new Date().toISOString();
  const bots = input.suspend
    ? db
        .updateTable("bots")
        .set({ is_public: 0, hidden_by_suspension: 1, updated_at: now })
        .where("created_by_id", "=", input.user.id)
        .where("is_public", "=", 1)
    : db
        .updateTable("bots")
        .set({ is_public: 1, hidden_by_suspension: 0, updated_at: now })
        .where("created_by_id", "=", input.user.id)
        .where("hidden_by_suspension", "=", 1);
  await batch(d1, [
    db
      .updateTable("users")
      .set({ suspended_at: input.suspend ? now : null, updated_at: now })
      .where("id", "=", input.user.id),
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

/**
 * Server-side sign-in sessions (docs/decisions/0015). A session is a row in `sessions`;
 * the local cookie carries its id (signed, see ./session.ts) and Clerk sessions are
 * mirrored as `clerk:<sid>` rows. A session counts only while it is not revoked and not
 * expired, so signing out really ends it — a copy of the cookie stops working too.
 */
import type { DB } from "#db/schema";
import { newId } from "../ids";
import { MAX_AGE_SECONDS } from "./session";
import { userColumns, toCurrentUser, type CurrentUser } from "./user";

/** How often `last_seen_at` is refreshed: a write per request would be a write per page. */
const LAST_SEEN_RESOLUTION_MS = 60 * 60 * 1000;
const USER_AGENT_MAX = 300;

export const nowIso = (now = Date.now()) => new Date(now).toISOString();

function userAgentOf(request: Request): string {
  return (request.headers.get("User-Agent") ?? "").slice(0, USER_AGENT_MAX);
}

/** Open a session for a user who just signed in; returns its id (for the cookie). */
export async function createSession(db: DB, userId: string, request: Request, now = Date.now()): Promise<string> {
  const id = newId();
  await db
    .insertInto("sessions")
    .values({ id, user_id: userId, expires_at: nowIso(now + MAX_AGE_SECONDS * 1000), user_agent: userAgentOf(request) })
    .execute();
  return id;
}

export interface LiveSession {
  sessionId: string;
  user: CurrentUser;
  lastSeenAt: string;
}

/** The live session with this id and its user, in one query; null if revoked, expired or unknown. */
export async function findLiveSession(db: DB, sessionId: string, now = Date.now()): Promise<LiveSession | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([...userColumns.map((c) => `users.${c}` as const), "sessions.id as session_id", "sessions.last_seen_at"])
    .where("sessions.id", "=", sessionId)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", nowIso(now))
    .executeTakeFirst();
  if (!row) return null;
  return { sessionId: row.session_id, user: toCurrentUser(row), lastSeenAt: row.last_seen_at };
}

/** Refresh `last_seen_at` if it is older than the resolution (run after the response). */
export function touchSessionIfStale(db: DB, session: LiveSession, now = Date.now()): Promise<unknown> | null {
  if (now - Date.parse(session.lastSeenAt) < LAST_SEEN_RESOLUTION_MS) return null;
  return db
    .updateTable("sessions")
    .set({ last_seen_at: nowIso(now) })
    .where("id", "=", session.sessionId)
    .execute();
}

/**
 * A Clerk session, checked against our revocation list. The first request of a Clerk
 * session records it (so "sign out everywhere" can list and end it); a revoked one is
 * refused even while Clerk's token is still valid. Expiry is Clerk's (its token says).
 */
export async function isClerkSessionLive(
  db: DB,
  clerkSessionId: string,
  userId: string,
  request: Request,
  now = Date.now(),
): Promise<boolean> {
  const id = `clerk:${clerkSessionId}`;
  const row = await db.selectFrom("sessions").select(["user_id", "revoked_at"]).where("id", "=", id).executeTakeFirst();
  if (row) return row.revoked_at === null && row.user_id === userId;
  await db
    .insertInto("sessions")
    .values({ id, user_id: userId, expires_at: nowIso(now + MAX_AGE_SECONDS * 1000), user_agent: userAgentOf(request) })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  return true;
}

/** End one session (sign out). Only the owner's: a foreign id changes nothing. */
export function revokeSessionQuery(db: DB, userId: string, sessionId: string, now = Date.now()) {
  return db
    .updateTable("sessions")
    .set({ revoked_at: nowIso(now) })
    .where("id", "=", sessionId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
}

/** End every session of a user ("sign out everywhere", account deletion). */
export function revokeAllSessionsQuery(db: DB, userId: string, now = Date.now()) {
  return db
    .updateTable("sessions")
    .set({ revoked_at: nowIso(now) })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
}

/** A person's live sessions, newest first, for the account page. */
export function liveSessionsQuery(db: DB, userId: string, now = Date.now()) {
  return db
    .selectFrom("sessions")
    .select(["id", "created_at", "last_seen_at", "user_agent"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", nowIso(now))
    .orderBy("last_seen_at", "desc")
    .limit(50);
}

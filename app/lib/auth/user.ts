import type { AgeGroup, DB, Role } from "#db/schema";
import { onAccountCreated, type AccountEnv } from "../billing/allowance";
import { newId } from "../ids";

export interface CurrentUser {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  preferences: UserPreferences;
  /** From the age check at sign-up; null until asked. */
  ageGroup?: AgeGroup | null;
  /** Set by an admin at /staff/users; a suspended user is treated as signed out. */
  suspendedAt?: string | null;
}

export interface UserPreferences {
  nsfw?: boolean;
}

export function parsePreferences(json: string): UserPreferences {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === "object" && value !== null ? (value as UserPreferences) : {};
  } catch {
    return {};
  }
}

export const userColumns = ["id", "email", "display_name", "role", "preferences", "age_group", "suspended_at"] as const;

type UserRow = {
  id: string;
  email: string;
  display_name: string | null;
  role: Role;
  preferences: string;
  age_group: AgeGroup | null;
  suspended_at: string | null;
};

export function toCurrentUser(row: UserRow): CurrentUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    preferences: parsePreferences(row.preferences),
    ageGroup: row.age_group,
    suspendedAt: row.suspended_at,
  };
}

export async function findUserById(db: DB, id: string): Promise<CurrentUser | null> {
  const row = await db.selectFrom("users").select(userColumns).where("id", "=", id).executeTakeFirst();
  return row ? toCurrentUser(row) : null;
}

/**
 * The schema's rule: users are found by their (primary) email address. A first sign-in
 * creates the row; one statement either way (an upsert that returns the row).
 */
export async function findOrCreateUserByEmail(
  db: DB,
  env: AccountEnv,
  email: string,
  defaults: { role?: Role; displayName?: string } = {},
): Promise<CurrentUser> {
  const normalized = email.trim().toLowerCase();
  const id = newId();
  const row = await db
    .insertInto("users")
    .values({
      id,
      email: normalized,
      role: defaults.role ?? "user",
      display_name: defaults.displayName ?? normalized.split("@")[0] ?? normalized,
    })
    // A no-op update makes RETURNING give back the existing row.
    .onConflict((oc) => oc.column("email").doUpdateSet((eb) => ({ email: eb.ref("users.email") })))
    .returning(userColumns)
    .executeTakeFirstOrThrow();
  // The row is new exactly when it carries the id generated here: the free tier's first allowance.
  if (row.id === id) await onAccountCreated(env, row.id);
  return toCurrentUser(row);
}

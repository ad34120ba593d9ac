/**
 * Sharing a bot, a knowledge entry or a collection with another person (access_control):
 * by their email, at view, edit or admin level; listing and revoking grants. Who may manage
 * a resource's grants (its owner, a site admin, an admin-level grantee) is decided by the
 * caller from the resource's own access rules (bots/access.ts, db/queries/knowledge.ts).
 *
 * Sharing never tells whether an email has an account (issue 17): an email without one,
 * or the owner's, is the same quiet success as a real grant. Grants are listed by the
 * email the sharer typed, never by the grantee's private display name.
 */
import { sql } from "kysely";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { newId } from "../ids";
import { notificationInsert } from "../notifications/notify";

export const RESOURCE_TYPES = ["bot", "knowledge", "collection"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export const PERMISSION_LEVELS = ["view", "edit", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export const LEVEL_LABELS: Record<PermissionLevel, string> = {
  view: "View: see it and use it",
  edit: "Edit: also change it",
  admin: "Admin: also share it",
};

/** The grants on one resource (access_control_resource index), with who holds them (by email only). */
export function grantsOn(db: DB, type: ResourceType, resourceId: string) {
  return db
    .selectFrom("access_control")
    .innerJoin("users", "users.id", "access_control.user_id")
    .select(["access_control.id", "access_control.permission_level", "access_control.created_at", "users.email"])
    .where("access_control.resource_type", "=", type)
    .where("access_control.resource_id", "=", resourceId)
    .orderBy("users.email")
    .limit(200);
}

export type ShareResult = { ok: true } | { ok: false; error: string };

/** What others shared with me: one row per grant, with the thing's name and where it lives. */
export function sharedWithMe(db: DB, userId: string) {
  return (
    db
      .selectFrom("access_control")
      .leftJoin("bots", (j) =>
        j.onRef("bots.id", "=", "access_control.resource_id").on("access_control.resource_type", "=", "bot"),
      )
      .leftJoin("knowledge", (j) =>
        j.onRef("knowledge.id", "=", "access_control.resource_id").on("access_control.resource_type", "=", "knowledge"),
      )
      .leftJoin("knowledge_collections", (j) =>
        j
          .onRef("knowledge_collections.id", "=", "access_control.resource_id")
          .on("access_control.resource_type", "=", "collection"),
      )
      .leftJoin("creator_profiles as cp", (j) =>
        j
          .on(
            sql<boolean>`cp.user_id = coalesce(bots.created_by_id, knowledge.created_by_id, knowledge_collections.created_by_id)`,
          )
          .on("cp.visibility", "!=", "private"),
      )
      .select((eb) => [
        "access_control.id",
        "access_control.resource_type",
        "access_control.resource_id",
        "access_control.permission_level",
        "access_control.created_at",
        "bots.slug",
        eb.fn.coalesce("bots.name", "knowledge.title", "knowledge_collections.name").as("name"),
        // The owner by their creator profile only, and only one that is not private.
        "cp.username as owner_username",
        "cp.display_name as owner_name",
      ])
      .where("access_control.user_id", "=", userId)
      // A grant on something since deleted lists nothing.
      .where(sql<boolean>`coalesce(bots.id, knowledge.id, knowledge_collections.id) IS NOT NULL`)
      .orderBy("access_control.created_at", "desc")
      .limit(200)
  );
}

export async function shareByEmail(
  db: DB,
  d1: D1Database,
  input: {
    type: ResourceType;
    resourceId: string;
    ownerId: string;
    email: string;
    level: PermissionLevel;
    grantedBy: string;
    grantedByEmail: string;
    resourceName: string;
    link: string;
  },
): Promise<ShareResult> {
  // Only the sharer's own email is refused: that tells them nothing they did not know.
  if (input.email.toLowerCase() === input.grantedByEmail.toLowerCase())
    return { ok: false, error: "You cannot share with yourself." };
  const recipient = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", input.email.toLowerCase())
    .executeTakeFirst();
  // No account, or the owner (who has full access already): nothing to grant, and the
  // same answer as a grant, so the form cannot be used to learn who has an account.
  if (!recipient || recipient.id === input.ownerId || recipient.id === input.grantedBy) return { ok: true };
  await batch(d1, [
    db
      .insertInto("access_control")
      .values({
        id: newId(),
        user_id: recipient.id,
        resource_type: input.type,
        resource_id: input.resourceId,
        permission_level: input.level,
        granted_by_id: input.grantedBy,
      })
      .onConflict((oc) =>
        oc
          .columns(["user_id", "resource_type", "resource_id"])
          .doUpdateSet({ permission_level: input.level, granted_by_id: input.grantedBy }),
      ),
    notificationInsert(db, {
      userId: recipient.id,
      kind: "access_granted",
      title: `${input.resourceName} was shared with you`,
      body: LEVEL_LABELS[input.level],
      link: input.link,
    }),
  ]);
  return { ok: true };
}

export async function revokeGrant(db: DB, input: { type: ResourceType; resourceId: string; grantId: string }) {
  await db
    .deleteFrom("access_control")
    .where("id", "=", input.grantId)
    .where("resource_type", "=", input.type)
    .where("resource_id", "=", input.resourceId)
    .execute();
}

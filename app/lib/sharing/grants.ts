/**
 * Sharing a bot, a knowledge entry or a collection with another person (access_control):
 * by their email, at view, edit or admin level; listing and revoking grants. Who may manage
 * a resource's grants (its owner, a site admin, an admin-level grantee) is decided by the
 * caller from the resource's own access rules (bots/access.ts, db/queries/knowledge.ts).
 */
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

/** The grants on one resource (access_control_resource index), with who holds them. */
export function grantsOn(db: DB, type: ResourceType, resourceId: string) {
  return db
    .selectFrom("access_control")
    .innerJoin("users", "users.id", "access_control.user_id")
    .select(["access_control.id", "access_control.permission_level", "access_control.created_at", "users.email", "users.display_name"])
    .where("access_control.resource_type", "=", type)
    .where("access_control.resource_id", "=", resourceId)
    .orderBy("users.email")
    .limit(200);
}

export type ShareResult = { ok: true } | { ok: false; error: string };

export async function shareByEmail(
  db: DB,
  d1: D1Database,
  input: { type: ResourceType; resourceId: string; ownerId: string; email: string; level: PermissionLevel; grantedBy: string; resourceName: string; link: string },
): Promise<ShareResult> {
  const recipient = await db.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
  // The same answer whether or not the email has an account would be kinder to privacy,
  // but then the grant would silently not exist; sharing needs the person to have signed up.
  if (!recipient) return { ok: false, error: "No BotCafe account uses that email. Ask them to sign up first." };
  if (recipient.id === input.ownerId) return { ok: false, error: "That is the owner; they already have full access." };
  if (recipient.id === input.grantedBy) return { ok: false, error: "You cannot share with yourself." };
  await batch(d1, [
    db
      .insertInto("access_control")
      .values({ id: newId(), user_id: recipient.id, resource_type: input.type, resource_id: input.resourceId, permission_level: input.level, granted_by_id: input.grantedBy })
      .onConflict((oc) => oc.columns(["user_id", "resource_type", "resource_id"]).doUpdateSet({ permission_level: input.level, granted_by_id: input.grantedBy })),
    notificationInsert(db, { userId: recipient.id, kind: "access_granted", title: `${input.resourceName} was shared with you`, body: LEVEL_LABELS[input.level], link: input.link }),
  ]);
  return { ok: true };
}

export async function revokeGrant(db: DB, input: { type: ResourceType; resourceId: string; grantId: string }) {
  await db.deleteFrom("access_control").where("id", "=", input.grantId).where("resource_type", "=", input.type).where("resource_id", "=", input.resourceId).execute();
}

/**
 * Knowledge queries shared by the knowledge pages: who may see or change an entry or a
 * collection (owner, a grant in access_control, a public collection), and the choices a
 * creator has in the forms (their bots and collections).
 */
import type { Kysely } from "kysely";
import type { Database, DB } from "../schema";

export type AccessLevel = "none" | "view" | "edit" | "admin";
/** access_control.permission_level: view, edit or admin. */
type Grant = string | null;

const RANK: Record<AccessLevel, number> = { none: 0, view: 1, edit: 2, admin: 3 };

/** The strongest access among: owning the row (or being a site admin), grants, and public visibility. */
export function accessLevel({
  isOwner,
  isSiteAdmin,
  grants,
  isPublic,
}: {
  isOwner: boolean;
  isSiteAdmin: boolean;
  grants: Grant[];
  isPublic: boolean;
}): AccessLevel {
  if (isOwner || isSiteAdmin) return "admin";
  let level: AccessLevel = isPublic ? "view" : "none";
  for (const grant of grants)
    if ((grant === "view" || grant === "edit" || grant === "admin") && RANK[grant] > RANK[level]) level = grant;
  return level;
}

export const atLeast = (level: AccessLevel, needed: AccessLevel) => RANK[level] >= RANK[needed];

interface Viewer {
  id: string;
  role: string;
}

export async function findEntryForViewer(db: DB, entryId: string, viewer: Viewer) {
  const row = await db
    .selectFrom("knowledge")
    .leftJoin("knowledge_collections as kc", "kc.id", "knowledge.collection_id")
    .leftJoin("bots", "bots.id", "knowledge.bot_id")
    .leftJoin("vector_records as vr", (join) =>
      join.onRef("vr.source_id", "=", "knowledge.id").on("vr.source_type", "=", "knowledge"),
    )
    .leftJoin("access_control as entry_grant", (join) =>
      join
        .onRef("entry_grant.resource_id", "=", "knowledge.id")
        .on("entry_grant.resource_type", "=", "knowledge")
        .on("entry_grant.user_id", "=", viewer.id),
    )
    .leftJoin("access_control as collection_grant", (join) =>
      join
        .onRef("collection_grant.resource_id", "=", "knowledge.collection_id")
        .on("collection_grant.resource_type", "=", "collection")
        .on("collection_grant.user_id", "=", viewer.id),
    )
    .select([
      "knowledge.id",
      "knowledge.title",
      "knowledge.content",
      "knowledge.content_type",
      "knowledge.source_url",
      "knowledge.priority",
      "knowledge.collection_id",
      "knowledge.bot_id",
      "knowledge.is_vectorized",
      "knowledge.embedding_metadata",
      "knowledge.world_info",
      "knowledge.created_by_id",
      "knowledge.created_at",
      "knowledge.updated_at",
      "kc.name as collection_name",
      "kc.is_public as collection_public",
      "bots.name as bot_name",
      "vr.status as vector_status",
      "vr.error as vector_error",
      "vr.chunk_count",
      "vr.model as vector_model",
      "vr.updated_at as vector_updated_at",
      "entry_grant.permission_level as entry_grant",
      "collection_grant.permission_level as collection_grant",
    ])
    .where("knowledge.id", "=", entryId)
    .executeTakeFirst();
  if (!row) return null;
  const access = accessLevel({
    isOwner: row.created_by_id === viewer.id,
    isSiteAdmin: viewer.role === "admin",
    grants: [row.entry_grant, row.collection_grant],
    isPublic: row.collection_public === 1,
  });
  return access === "none" ? null : { entry: row, access };
}

export async function findCollectionForViewer(db: DB, collectionId: string, viewer: Viewer) {
  const row = await db
    .selectFrom("knowledge_collections as kc")
    .leftJoin("bots", "bots.id", "kc.bot_id")
    .leftJoin("access_control as grant", (join) =>
      join
        .onRef("grant.resource_id", "=", "kc.id")
        .on("grant.resource_type", "=", "collection")
        .on("grant.user_id", "=", viewer.id),
    )
    .select([
      "kc.id",
      "kc.name",
      "kc.description",
      "kc.bot_id",
      "kc.is_public",
      "kc.created_by_id",
      "kc.created_at",
      "bots.name as bot_name",
      "grant.permission_level as grant",
    ])
    .where("kc.id", "=", collectionId)
    .executeTakeFirst();
  if (!row) return null;
  const access = accessLevel({
    isOwner: row.created_by_id === viewer.id,
    isSiteAdmin: viewer.role === "admin",
    grants: [row.grant],
    isPublic: row.is_public === 1,
  });
  return access === "none" ? null : { collection: row, access };
}

/** Bots a person may attach knowledge to: their own. */
export function ownBotsQuery(db: Kysely<Database>, userId: string) {
  return db.selectFrom("bots").select(["id", "name"]).where("created_by_id", "=", userId).orderBy("name").limit(500);
}

/** Collections a person may file entries into: their own. */
export function ownCollectionsQuery(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("knowledge_collections")
    .select(["id", "name", "is_public"])
    .where("created_by_id", "=", userId)
    .orderBy("name")
    .limit(500);
}

/** Other creators' public collections, newest first: what a bot can draw on (bot_collections). */
export function publicCollectionsQuery(db: Kysely<Database>, userId: string, limit = 20) {
  return db
    .selectFrom("knowledge_collections as kc")
    .innerJoin("users", "users.id", "kc.created_by_id")
    .select(["kc.id", "kc.name", "kc.description", "users.display_name as owner_name"])
    .where("kc.is_public", "=", 1)
    .where("kc.created_by_id", "!=", userId)
    .orderBy("kc.created_at", "desc")
    .orderBy("kc.id", "desc")
    .limit(limit);
}

export const KNOWLEDGE_PAGE_SIZE = 20;

/** Entries the person owns or was granted (directly or through a collection); or one collection's entries. */
function visibleEntries(db: Kysely<Database>, userId: string, collectionId?: string) {
  const base = db.selectFrom("knowledge");
  if (collectionId) return base.where("knowledge.collection_id", "=", collectionId);
  return base.where((eb) =>
    eb.or([
      eb("knowledge.created_by_id", "=", userId),
      eb(
        "knowledge.id",
        "in",
        eb
          .selectFrom("access_control")
          .select("resource_id")
          .where("user_id", "=", userId)
          .where("resource_type", "=", "knowledge"),
      ),
      eb(
        "knowledge.collection_id",
        "in",
        eb
          .selectFrom("access_control")
          .select("resource_id")
          .where("user_id", "=", userId)
          .where("resource_type", "=", "collection"),
      ),
    ]),
  );
}

export function visibleEntriesQuery(
  db: Kysely<Database>,
  userId: string,
  { page, collectionId }: { page: number; collectionId?: string },
) {
  return visibleEntries(db, userId, collectionId)
    .leftJoin("bots", "bots.id", "knowledge.bot_id")
    .leftJoin("knowledge_collections as kc", "kc.id", "knowledge.collection_id")
    .leftJoin("vector_records as vr", (join) =>
      join.onRef("vr.source_id", "=", "knowledge.id").on("vr.source_type", "=", "knowledge"),
    )
    .select([
      "knowledge.id",
      "knowledge.title",
      "knowledge.content_type",
      "knowledge.priority",
      "knowledge.updated_at",
      "knowledge.created_by_id",
      "bots.name as bot_name",
      "kc.name as collection_name",
      "vr.status as vector_status",
    ])
    .orderBy("knowledge.updated_at", "desc")
    .orderBy("knowledge.id", "desc")
    .limit(KNOWLEDGE_PAGE_SIZE)
    .offset((page - 1) * KNOWLEDGE_PAGE_SIZE);
}

export function visibleEntriesCountQuery(db: Kysely<Database>, userId: string, collectionId?: string) {
  return visibleEntries(db, userId, collectionId).select((eb) => eb.fn.countAll<number>().as("total"));
}

/**
 * Recording acceptance (and, on the first sign-in, the age check): the agreement rows with
 * IP and user agent and the user's age group land in one D1 batch. An under-13 gets no
 * account: the just-created user row is deleted (its sessions cascade) and nothing is kept.
 */
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { newId } from "../ids";
import type { AgeOutcome } from "./age";

export interface AcceptanceInput {
  userId: string;
  documentIds: string[];
  /** Only on the first sign-in, when the age was not checked yet. */
  ageGroup?: Exclude<AgeOutcome, "too_young">;
  request: Request;
}

export function clientIp(request: Request): string | null {
  return request.headers.get("CF-Connecting-IP")?.slice(0, 64) ?? null;
}

export async function recordAcceptance(
  d1: D1Database,
  db: DB,
  input: AcceptanceInput,
  now = new Date().toISOString(),
): Promise<void> {
  const ip = clientIp(input.request);
  const userAgent = input.request.headers.get("User-Agent")?.slice(0, 300) ?? null;
  const agreements = input.documentIds.map((documentId) =>
    db
      .insertInto("user_agreements")
      .values({
        id: newId(),
        user_id: input.userId,
        document_id: documentId,
        accepted_at: now,
        ip_address: ip,
        user_agent: userAgent,
      })
      .onConflict((oc) => oc.columns(["user_id", "document_id"]).doNothing()),
  );
  const age = input.ageGroup
    ? [
        db
          .updateTable("users")
          .set({ age_group: input.ageGroup, age_checked_at: now, updated_at: now })
          .where("id", "=", input.userId),
      ]
    : [];
  await batch(d1, [...agreements, ...age]);
}

/** An under-13 may not hold an account: remove the row the first sign-in created. */
export async function refuseUnderAgeAccount(db: DB, userId: string): Promise<void> {
  await db.deleteFrom("users").where("id", "=", userId).where("age_group", "is", null).execute();
}

/**
 * Tier limits. `bot_limit` caps how many bots a person owns (creating and importing
 * both count); the free tier's limit is configuration (FREE_BOT_LIMIT). Admins are not
 * limited. `priority_support` is read by tickets through `supportPriorityFor`.
 */
import { data } from "react-router";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import type { CurrentUser } from "../auth/user";
import { billingSummaryQuery, toBillingSummary } from "./account";

export const UPGRADE_PATH = "/pricing";

/** null when the person may own one more bot; else a 403 for the form to show. */
export async function botLimitRefusal(db: DB, d1: D1Database, env: Partial<Env>, user: Pick<CurrentUser, "id" | "role">) {
  if (user.role === "admin") return null;
  const [[row], [owned]] = await batch(d1, [
    billingSummaryQuery(db, user.id),
    db.selectFrom("bots").select((eb) => eb.fn.countAll<number>().as("n")).where("created_by_id", "=", user.id),
  ]);
  const summary = toBillingSummary(row, env);
  const count = owned?.n ?? 0;
  if (summary.botLimit === null || count < summary.botLimit) return null;
  const message = `Your ${summary.tierName} plan allows ${summary.botLimit} bot${summary.botLimit === 1 ? "" : "s"} and you have ${count}. Upgrade your plan to create more, or delete a bot you no longer need.`;
  return data({ status: "invalid" as const, fieldErrors: {}, formErrors: [message], values: {}, upgradeHref: UPGRADE_PATH }, { status: 403 });
}

/** Whether a user's tickets get priority (their tier's priority_support). */
export async function hasPrioritySupport(db: DB, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .innerJoin("subscription_tiers", "subscription_tiers.id", "users.subscription_tier_id")
    .select("subscription_tiers.priority_support")
    .where("users.id", "=", userId)
    .executeTakeFirst();
  return row?.priority_support === 1;
}

/**
 * Tier limits. `bot_limit` caps how many bots a person owns (creating and importing
 * both count); the free tier's limit is configuration (FREE_BOT_LIMIT). Admins are not
 * limited. `priority_support` is read by tickets through `supportPriorityFor`.
 */
import { data } from "react-router";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import type { CurrentUser } from "../auth/user";
import { type BotAllowance, botLimitMessage } from "./bot-allowance";
import { formValues } from "../forms";
import { billingSummaryQuery, toBillingSummary } from "./account";

export const UPGRADE_PATH = "/pricing";

/** The person's bot allowance (null for admins, who are not limited): shown on the create
 * and import forms before anyone types, and checked again when they submit. */
export async function botAllowance(
  db: DB,
  d1: D1Database,
  env: Partial<Env>,
  user: Pick<CurrentUser, "id" | "role">,
): Promise<BotAllowance | null> {
  if (user.role === "admin") return null;
  const [[row], [owned]] = await batch(d1, [
    billingSummaryQuery(db, user.id),
    db
      .selectFrom("bots")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("created_by_id", "=", user.id),
  ]);
  const summary = toBillingSummary(row, env);
  const count = owned?.n ?? 0;
  return {
    tierName: summary.tierName,
    limit: summary.botLimit,
    owned: count,
    full: summary.botLimit !== null && count >= summary.botLimit,
  };
}

/**
 * null when the person may own one more bot (the request's body is left unread); else a
 * 403 for the form to show, carrying back what they typed so the refusal loses nothing.
 */
export async function botLimitRefusal(
  db: DB,
  d1: D1Database,
  env: Partial<Env>,
  user: Pick<CurrentUser, "id" | "role">,
  request: Request,
) {
  const allowance = await botAllowance(db, d1, env, user);
  if (!allowance?.full) return null;
  const values = formValues(await request.formData());
  return data(
    {
      status: "invalid" as const,
      fieldErrors: {},
      formErrors: [botLimitMessage(allowance)],
      values,
      upgradeHref: UPGRADE_PATH,
    },
    { status: 403 },
  );
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

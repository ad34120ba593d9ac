/** Who may see and change a bot. Private bots exist only for their creator, admins and
 * people it was shared with (access_control): to everyone else they are a 404, exactly
 * like a bot that does not exist. A grant is view (see it, chat with it), edit (change
 * it) or admin (also share it). */
import type { CurrentUser } from "~/lib/auth/user";
import type { DB } from "#db/schema";

interface BotOwnership {
  created_by_id: string;
  is_public: number;
}

/** access_control.permission_level for this viewer on this bot, or null. */
export type BotGrant = string | null | undefined;

export function canEditBot(
  user: CurrentUser | null,
  bot: Pick<BotOwnership, "created_by_id">,
  grant?: BotGrant,
): boolean {
  return (
    user !== null && (user.id === bot.created_by_id || user.role === "admin" || grant === "edit" || grant === "admin")
  );
}

export function canViewBot(user: CurrentUser | null, bot: BotOwnership, grant?: BotGrant): boolean {
  return bot.is_public === 1 || canEditBot(user, bot, grant) || (user !== null && grant === "view");
}

/** Managing who a bot is shared with: its creator, admins, and admin-level grantees. */
export function canShareBot(
  user: CurrentUser | null,
  bot: Pick<BotOwnership, "created_by_id">,
  grant?: BotGrant,
): boolean {
  return user !== null && (user.id === bot.created_by_id || user.role === "admin" || grant === "admin");
}

/** The viewer's grant on the bot with this slug (access_control's unique key). */
export function botGrantQuery(db: DB, userId: string, slug: string) {
  return db
    .selectFrom("access_control")
    .innerJoin("bots", "bots.id", "access_control.resource_id")
    .select("access_control.permission_level")
    .where("access_control.resource_type", "=", "bot")
    .where("access_control.user_id", "=", userId)
    .where("bots.slug", "=", slug);
}

/** NSFW is shown only to signed-in people who opted in (Settings → Content), and never
 * to a known minor, whatever their stored setting. */
export function wantsNsfw(user: CurrentUser | null): boolean {
  return user?.preferences.nsfw === true && user.ageGroup !== "minor";
}

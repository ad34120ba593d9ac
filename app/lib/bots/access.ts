/** Who may see and change a bot. Private bots exist only for their creator and admins:
 * to everyone else they are a 404, exactly like a bot that does not exist. */
import type { CurrentUser } from "~/lib/auth/user";

interface BotOwnership {
  created_by_id: string;
  is_public: number;
}

export function canEditBot(user: CurrentUser | null, bot: Pick<BotOwnership, "created_by_id">): boolean {
  return user !== null && (user.id === bot.created_by_id || user.role === "admin");
}

export function canViewBot(user: CurrentUser | null, bot: BotOwnership): boolean {
  return bot.is_public === 1 || canEditBot(user, bot);
}

/** NSFW is shown only to signed-in people who opted in (Settings → Content), and never
 * to a known minor, whatever their stored setting. */
export function wantsNsfw(user: CurrentUser | null): boolean {
  return user?.preferences.nsfw === true && user.ageGroup !== "minor";
}

/** A plan's bot cap as the forms show it: page-safe (no database), so pages and the
 * server-side check in limits.ts say the same words. */
import { plural } from "../format/plural";

/** How many bots a person owns against their plan's cap; `limit` null means no cap. */
export interface BotAllowance {
  tierName: string;
  limit: number | null;
  owned: number;
  full: boolean;
}

/** What the forms say about a full allowance. */
export function botLimitMessage(allowance: BotAllowance): string {
  return `Your ${allowance.tierName} plan allows ${plural(allowance.limit ?? 0, { one: "bot", other: "bots" })} and you have ${allowance.owned}. Upgrade your plan to create more, or delete a bot you no longer need.`;
}

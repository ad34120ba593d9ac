import { type BotAllowance, botLimitMessage } from "~/lib/billing/bot-allowance";
import { pluralWord } from "~/lib/format/plural";

/** The link to upgrade shown under a form refused by a plan limit (see app/lib/billing/limits.ts). */
export function UpgradeNotice({ state }: { state: unknown }) {
  const href = (state as { upgradeHref?: unknown } | undefined)?.upgradeHref;
  if (typeof href !== "string") return null;
  return (
    <p className="mb-4">
      <a href={href} className="font-medium text-brand-700 underline">
        See plans and upgrade
      </a>
    </p>
  );
}

/** A plan's bot cap, shown on the create and import forms before anyone types: a quiet
 * count while there is room, a notice with the way out when the plan is full. */
export function BotAllowanceNotice({ allowance }: { allowance: BotAllowance | null }) {
  if (!allowance || allowance.limit === null) return null;
  if (!allowance.full) {
    return (
      <p className="mb-4 text-sm text-stone-600">
        You have {allowance.owned} of {allowance.limit} {pluralWord(allowance.limit, { one: "bot", other: "bots" })} on
        the {allowance.tierName} plan.
      </p>
    );
  }
  return (
    <div role="note" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
      <p>{botLimitMessage(allowance)}</p>
      <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
        <a href="/pricing" className="font-medium underline">
          See plans and upgrade
        </a>
        <a href="/my/bots" className="font-medium underline">
          Manage my bots
        </a>
      </p>
    </div>
  );
}

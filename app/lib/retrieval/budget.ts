/**
 * Fitting context entries into per-kind token budgets, highest priority first (ties: the
 * closer score, then the order offered). What does not fit is kept with the reason, so the
 * prompt inspector can show what the budget cut. Entries keep their offered order.
 */
import type { ContextEntry, ContextKind } from "../chat/turn-context";
import { countTokens } from "./tokens";

export type BudgetedEntry = ContextEntry & { tokens: number; included: boolean; cutReason?: string };

export function fitContextToBudget(
  entries: ContextEntry[],
  budgets: Record<ContextKind, number>,
  count: (text: string) => number = countTokens,
): BudgetedEntry[] {
  const measured = entries.map((entry, offered) => ({ entry, offered, tokens: count(entry.text) }));
  const decisions = new Map<number, { included: boolean; cutReason?: string }>();
  const used: Record<ContextKind, number> = { world_info: 0, knowledge: 0, memory: 0 };
  const byPriority = [...measured].sort(
    (a, b) =>
      b.entry.priority - a.entry.priority || (b.entry.score ?? 0) - (a.entry.score ?? 0) || a.offered - b.offered,
  );
  for (const { entry, offered, tokens } of byPriority) {
    const budget = budgets[entry.kind];
    if (used[entry.kind] + tokens <= budget) {
      used[entry.kind] += tokens;
      decisions.set(offered, { included: true });
    } else {
      decisions.set(offered, {
        included: false,
        cutReason: `over the ${entry.kind.replace("_", " ")} budget (${used[entry.kind]} of ${budget} tokens used, needs ${tokens})`,
      });
    }
  }
  return measured.map(({ entry, offered, tokens }) => ({ ...entry, tokens, ...decisions.get(offered)! }));
}

/** The prompt inspector's "What this reply cost" line (chat_charges; see app/lib/billing/chat.ts). */
interface Cost {
  prompt_tokens: number;
  completion_tokens: number;
  rate: number;
  cost: number;
  charged: number;
}

export function ReplyCost({ cost }: { cost: Cost | null }) {
  if (!cost) return null;
  const n = (v: number) => v.toLocaleString("en-US");
  return (
    <section aria-labelledby="cost-heading" className="mt-6">
      <h2 id="cost-heading" className="text-lg font-semibold">
        What this reply cost
      </h2>
      <p className="mt-1 text-stone-700" data-testid="reply-cost">
        {n(cost.prompt_tokens)} prompt + {n(cost.completion_tokens)} reply tokens × {n(cost.rate)} = <strong>{n(cost.cost)} BotCafe tokens</strong>
        {cost.charged < cost.cost ? ` (${n(cost.charged)} charged: that was all of your balance)` : ""}.
      </p>
    </section>
  );
}

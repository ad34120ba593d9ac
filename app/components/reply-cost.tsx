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
      {cost.rate === 0 ? (
        <p className="mt-1 text-stone-700" data-testid="reply-cost">
          <strong>Free</strong>: replies from the offline demo model cost no BotCafe tokens.
        </p>
      ) : (
        <p className="mt-1 text-stone-700" data-testid="reply-cost">
          {n(cost.prompt_tokens)} prompt + {n(cost.completion_tokens)} reply tokens × {n(cost.rate)} ={" "}
          <strong>{n(cost.cost)} BotCafe tokens</strong>
          {cost.charged < cost.cost
            ? ` (${n(cost.charged)} charged: a reply never costs more than was set aside for it when it started)`
            : ""}
          .
        </p>
      )}
    </section>
  );
}

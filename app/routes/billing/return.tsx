/**
 * /billing/return — where Checkout sends the buyer back. It never credits anything: it
 * shows "payment received — tokens arrive in a moment" until the webhook has applied the
 * session, then what arrived. No automatic refresh (a timed refresh fails WCAG 2.2.1);
 * a plain "Check again" link reloads it.
 */
import { requireUser } from "~/lib/auth/guards";
import { formatTokens } from "~/lib/billing/account";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/return";

export function meta() {
  return [{ title: "Payment received · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db } = getApp(context);
  const url = new URL(request.url);
  const sessionId = (url.searchParams.get("session_id") ?? "").slice(0, 200);
  const kind = url.searchParams.get("kind") === "tier" ? "tier" : "package";
  if (kind === "package") {
    const purchase = sessionId
      ? await db
          .selectFrom("token_purchases")
          .select(["tokens"])
          .where("id", "=", sessionId)
          .where("user_id", "=", user.id)
          .executeTakeFirst()
      : undefined;
    return { kind, sessionId, applied: Boolean(purchase), tokens: purchase?.tokens ?? null, tierName: null };
  }
  const row = await db
    .selectFrom("users")
    .leftJoin("subscription_tiers", "subscription_tiers.id", "users.subscription_tier_id")
    .select(["subscription_tiers.name", "users.subscription_status"])
    .where("users.id", "=", user.id)
    .executeTakeFirst();
  return {
    kind,
    sessionId,
    applied: Boolean(row?.name) && row?.subscription_status !== "canceled",
    tokens: null,
    tierName: row?.name ?? null,
  };
}

export default function CheckoutReturn({ loaderData }: Route.ComponentProps) {
  const { kind, sessionId, applied, tokens, tierName } = loaderData;
  return (
    <div className="mx-auto max-w-xl space-y-4" role="status">
      <h1 className="text-2xl font-bold">Payment received</h1>
      {applied ? (
        <p data-testid="applied">
          {kind === "package"
            ? `${formatTokens(tokens ?? 0)} tokens were added to your balance.`
            : `You are now on the ${tierName} plan.`}
        </p>
      ) : (
        <>
          <p>
            Thank you — {kind === "package" ? "your tokens arrive in a moment" : "your plan starts in a moment"}, as
            soon as Stripe confirms the payment.
          </p>
          <p>
            <a
              href={`/billing/return?kind=${kind}&session_id=${encodeURIComponent(sessionId)}`}
              className="font-medium text-brand-700 underline"
            >
              Check again
            </a>
          </p>
        </>
      )}
      <p>
        <a href="/billing" className="text-brand-700 underline">
          Go to billing
        </a>
      </p>
    </div>
  );
}

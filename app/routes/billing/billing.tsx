/**
 * /billing — the person's balance, plan, when more tokens arrive, the ledger (paged, each
 * row with its reason and the balance after it), payments, and "Manage subscription"
 * (a Stripe Customer Portal session, 303; offline, the local stand-in).
 */
import { redirect } from "react-router";
import { z } from "zod";
import { FormErrors } from "~/components/form";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { batch } from "#db/batch";
import { requireUser } from "~/lib/auth/guards";
import { billingSummaryQuery, formatDate, formatMoney, formatTokens, toBillingSummary } from "~/lib/billing/account";
import { portalSession } from "~/lib/billing/checkout";
import { isLocalCheckoutAllowed, isStripeConfigured } from "~/lib/billing/config";
import { Stripe, stripeClient } from "~/lib/billing/stripe";
import { getApp } from "~/lib/context";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import type { Route } from "./+types/billing";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Billing · BotCafe" }];
}

const PER_PAGE = 25;

export const REASON_LABELS: Record<string, string> = {
  purchase: "Token package",
  gift_sent: "Gift sent",
  gift_received: "Gift received",
  chat_usage: "Chat",
  subscription_allowance: "Monthly allowance",
  refund: "Refund",
  adjustment: "Adjustment",
};

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  // One round trip for the whole page.
  const [summaryRows, ledger, [count], purchases, payments] = await batch(env.DB, [
    billingSummaryQuery(db, user.id),
    db
      .selectFrom("token_ledger")
      .select(["id", "delta", "reason", "reference_id", "balance_after", "created_at"])
      .where("user_id", "=", user.id)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(PER_PAGE)
      .offset((page - 1) * PER_PAGE),
    db
      .selectFrom("token_ledger")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", user.id),
    db
      .selectFrom("token_purchases")
      .leftJoin("token_packages", "token_packages.id", "token_purchases.package_id")
      .select([
        "token_purchases.id",
        "token_purchases.tokens",
        "token_purchases.amount",
        "token_purchases.currency",
        "token_purchases.status",
        "token_purchases.created_at",
        "token_packages.name",
      ])
      .where("token_purchases.user_id", "=", user.id)
      .orderBy("token_purchases.created_at", "desc")
      .limit(10),
    db
      .selectFrom("subscription_payments")
      .leftJoin("subscription_tiers", "subscription_tiers.id", "subscription_payments.tier_id")
      .select([
        "subscription_payments.id",
        "subscription_payments.amount",
        "subscription_payments.status",
        "subscription_payments.period_start",
        "subscription_payments.period_end",
        "subscription_payments.created_at",
        "subscription_tiers.name",
      ])
      .where("subscription_payments.user_id", "=", user.id)
      .orderBy("subscription_payments.created_at", "desc")
      .limit(10),
  ]);
  return {
    summary: toBillingSummary(summaryRows[0], env),
    ledger,
    page,
    totalPages: totalPagesFor(count?.n ?? 0, PER_PAGE),
    purchases,
    payments,
    canManage: isStripeConfigured(env) || isLocalCheckoutAllowed(env),
  };
}

const manageSchema = z.object({ intent: z.literal("manage", { error: "Unknown action." }) });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), manageSchema);
  if (submission.status === "invalid") return invalid(submission);
  if (!isStripeConfigured(env)) {
    if (isLocalCheckoutAllowed(env)) throw redirect("/billing/local-checkout?manage=1", 303);
    return invalidWith(submission.values, {}, ["Subscriptions cannot be managed on this server right now."]);
  }
  let url: string;
  try {
    url = await portalSession(stripeClient(env)!, db, user, new URL(request.url).origin);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    console.error("stripe portal failed", error.type, error.message);
    return invalidWith(submission.values, {}, [
      "We could not open Stripe's billing page. Please try again in a moment.",
    ]);
  }
  throw redirect(url, 303);
}

const cell = "px-3 py-2 text-left";

export default function Billing({ loaderData, actionData }: Route.ComponentProps) {
  const { summary, ledger, page, totalPages, purchases, payments, canManage } = loaderData;
  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <header>
        <h1 className="text-2xl font-bold">Billing</h1>
        <p className="text-sm">
          <a href="/help/billing-and-tokens" className="text-brand-700 underline">
            Help: billing and tokens
          </a>
        </p>
      </header>
      <FormErrors state={actionData} />
      <section
        aria-labelledby="balance"
        className="grid gap-4 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-3"
      >
        <div>
          <h2 id="balance" className="text-sm font-medium text-stone-600">
            Balance
          </h2>
          <p className="text-2xl font-bold" data-testid="balance">
            {formatTokens(summary.balance)} tokens
          </p>
        </div>
        <div>
          <h2 className="text-sm font-medium text-stone-600">Plan</h2>
          <p className="text-xl font-semibold" data-testid="tier">
            {summary.tierName}
          </p>
          {summary.cancelAtPeriodEnd ? (
            <p className="text-sm text-amber-800">Ends on {formatDate(summary.renewsAt)}</p>
          ) : null}
          {summary.subscriptionStatus === "past_due" ? (
            <p className="text-sm text-red-700">Your last payment failed.</p>
          ) : null}
        </div>
        <div>
          <h2 className="text-sm font-medium text-stone-600">{summary.tierId ? "Renews" : "Free allowance renews"}</h2>
          <p className="text-xl font-semibold">{formatDate(summary.renewsAt)}</p>
        </div>
        <div className="flex flex-wrap gap-2 sm:col-span-3">
          <a href="/pricing" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
            Buy tokens or change plan
          </a>
          <a href="/gifts" className="rounded border border-stone-300 px-4 py-2 hover:bg-stone-100">
            Send a gift
          </a>
          {summary.hasSubscription && canManage ? (
            <PostForm>
              <button
                type="submit"
                name="intent"
                value="manage"
                className="rounded border border-stone-300 px-4 py-2 hover:bg-stone-100"
              >
                Manage subscription
              </button>
            </PostForm>
          ) : null}
        </div>
      </section>

      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title" className="text-xl font-semibold">
          Token history
        </h2>
        {ledger.length === 0 ? (
          <p className="mt-2 text-stone-700">No token changes yet.</p>
        ) : (
          <div className="mt-3 overflow-x-auto rounded-lg border border-stone-200 bg-white">
            <table className="min-w-full text-sm">
              <thead className="bg-stone-50">
                <tr>
                  <th className={cell}>When (UTC)</th>
                  <th className={cell}>What</th>
                  <th className={`${cell} text-right`}>Change</th>
                  <th className={`${cell} text-right`}>Balance after</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {ledger.map((row) => (
                  <tr key={row.id}>
                    <td className={`${cell} whitespace-nowrap`}>{row.created_at.slice(0, 16).replace("T", " ")}</td>
                    <td className={cell}>{REASON_LABELS[row.reason] ?? row.reason}</td>
                    <td
                      className={`${cell} text-right tabular-nums ${row.delta < 0 ? "text-red-800" : "text-green-800"}`}
                    >
                      {row.delta > 0 ? "+" : "−"}
                      {formatTokens(Math.abs(row.delta))}
                    </td>
                    <td className={`${cell} text-right tabular-nums`}>{formatTokens(row.balance_after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination path="/billing" page={page} totalPages={totalPages} label="Token history pages" />
      </section>

      <section aria-labelledby="payments-title">
        <h2 id="payments-title" className="text-xl font-semibold">
          Payments
        </h2>
        {purchases.length === 0 && payments.length === 0 ? (
          <p className="mt-2 text-stone-700">No payments yet.</p>
        ) : (
          <ul className="mt-3 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {purchases.map((p) => (
              <li key={p.id} className="flex flex-wrap justify-between gap-2 px-4 py-2 text-sm">
                <span>
                  {formatDate(p.created_at)} · {p.name ?? "Token package"} · {formatTokens(p.tokens)} tokens
                </span>
                <span>
                  {formatMoney(p.amount, p.currency)} · {p.status.replace("_", " ")}
                </span>
              </li>
            ))}
            {payments.map((p) => (
              <li key={p.id} className="flex flex-wrap justify-between gap-2 px-4 py-2 text-sm">
                <span>
                  {formatDate(p.created_at)} · {p.name ?? "Subscription"}
                  {p.period_start && p.period_end
                    ? ` · ${formatDate(p.period_start)} to ${formatDate(p.period_end)}`
                    : ""}
                </span>
                <span>
                  {formatMoney(p.amount)} · {p.status}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/**
 * /billing/local-checkout — the offline stand-in for Stripe Checkout and the Customer
 * Portal. Only in local mode (app/lib/runtime/local-mode.ts): a 404 whenever Stripe keys
 * are set, a 503 naming the missing secrets anywhere else. "Paying" here
 * delivers signed Stripe-shaped events to our own webhook handler; the tokens or plan
 * arrive only through that path.
 */
import { data, redirect } from "react-router";
import { z } from "zod";
import { FormErrors } from "~/components/form";
import { notFound, requireUser } from "~/lib/auth/guards";
import { formatMoney, formatTokens } from "~/lib/billing/account";
import { CHECKOUT_SETTINGS, isLocalCheckoutAllowed, isStripeConfigured } from "~/lib/billing/config";
import { localCancelSubscription, localPackageCheckout, localTierCheckout } from "~/lib/billing/local-checkout";
import { getApp } from "~/lib/context";
import { invalid, parseSubmission } from "~/lib/forms";
import { logNotConfigured, notConfiguredMessage } from "~/lib/runtime/local-mode";
import type { DB } from "#db/schema";
import type { Route } from "./+types/local-checkout";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Local checkout · BotCafe" }];
}

type Item =
  | { kind: "package"; id: string; name: string; amount: number; bonus_amount: number; price: number }
  | {
      kind: "tier";
      id: string;
      name: string;
      interval: "month" | "year";
      price: number;
      priceMonthly: number;
      priceYearly: number;
      stripe_price_monthly: string | null;
      stripe_price_yearly: string | null;
    }
  | { kind: "manage" };

async function itemFor(db: DB, url: URL): Promise<Item> {
  const packageId = url.searchParams.get("package");
  const tierId = url.searchParams.get("tier");
  if (packageId) {
    const pack = await db
      .selectFrom("token_packages")
      .select(["id", "name", "amount", "bonus_amount", "price"])
      .where("id", "=", packageId.slice(0, 64))
      .where("is_active", "=", 1)
      .executeTakeFirst();
    if (!pack) notFound("That package is not on sale.");
    return { kind: "package", ...pack };
  }
  if (tierId) {
    const interval = url.searchParams.get("interval") === "year" ? "year" : "month";
    const tier = await db
      .selectFrom("subscription_tiers")
      .select(["id", "name", "price_monthly", "price_yearly", "stripe_price_monthly", "stripe_price_yearly"])
      .where("id", "=", tierId.slice(0, 64))
      .where("is_active", "=", 1)
      .executeTakeFirst();
    if (!tier) notFound("That plan is not on sale.");
    return {
      kind: "tier",
      id: tier.id,
      name: tier.name,
      interval,
      price: interval === "year" ? tier.price_yearly : tier.price_monthly,
      priceMonthly: tier.price_monthly,
      priceYearly: tier.price_yearly,
      stripe_price_monthly: tier.stripe_price_monthly,
      stripe_price_yearly: tier.stripe_price_yearly,
    };
  }
  if (url.searchParams.get("manage") === "1") return { kind: "manage" };
  notFound();
}

/** Not with Stripe set (there is a real checkout: 404); and outside local mode without
 * Stripe, a 503 that says what to set — never a free checkout. */
function guardLocalCheckout(env: Env) {
  if (isLocalCheckoutAllowed(env)) return;
  if (isStripeConfigured(env)) notFound();
  const message = notConfiguredMessage(CHECKOUT_SETTINGS);
  logNotConfigured(message);
  throw data({ message }, { status: 503 });
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, env } = getApp(context);
  guardLocalCheckout(env);
  requireUser({ request, context });
  return { item: await itemFor(db, new URL(request.url)) };
}

const schema = z.object({ intent: z.enum(["pay", "cancel"], { error: "Unknown action." }) });

export async function action({ request, context }: Route.ActionArgs) {
  const { db, env } = getApp(context);
  guardLocalCheckout(env);
  const user = requireUser({ request, context });
  const url = new URL(request.url);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const item = await itemFor(db, url);
  if (item.kind === "manage" || submission.value.intent === "cancel") {
    await localCancelSubscription(env, db, user, url.origin);
    throw redirect("/billing", 303);
  }
  if (item.kind === "package") {
    const sessionId = await localPackageCheckout(env, db, user, item, url.origin);
    throw redirect(`/billing/return?kind=package&session_id=${sessionId}`, 303);
  }
  const sessionId = await localTierCheckout(
    env,
    db,
    user,
    {
      id: item.id,
      name: item.name,
      price_monthly: item.priceMonthly,
      price_yearly: item.priceYearly,
      stripe_price_monthly: item.stripe_price_monthly,
      stripe_price_yearly: item.stripe_price_yearly,
    },
    item.interval,
    url.origin,
  );
  throw redirect(`/billing/return?kind=tier&session_id=${sessionId}`, 303);
}

export default function LocalCheckout({ loaderData, actionData }: Route.ComponentProps) {
  const { item } = loaderData;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">
        {item.kind === "manage" ? "Manage subscription (local)" : "Local checkout"}
      </h1>
      <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
        This server has no Stripe keys, so this page stands in for Stripe. No card is needed and no money moves; it
        sends the same signed events Stripe would to BotCafe's webhook.
      </p>
      <FormErrors state={actionData} />
      {item.kind === "manage" ? (
        <PostForm className="rounded-lg border border-stone-200 bg-white p-4">
          <p>Cancelling ends the plan now and returns you to the free tier. Tokens you have stay yours.</p>
          <button
            type="submit"
            name="intent"
            value="cancel"
            className="mt-3 rounded border border-red-300 px-4 py-2 text-red-800 hover:bg-red-50"
          >
            Cancel subscription
          </button>
        </PostForm>
      ) : (
        <PostForm className="rounded-lg border border-stone-200 bg-white p-4">
          <p className="text-lg font-semibold">{item.name}</p>
          <p>
            {item.kind === "package"
              ? `${formatTokens(item.amount + item.bonus_amount)} tokens for ${formatMoney(item.price)}`
              : `${formatMoney(item.price)} per ${item.interval}`}
          </p>
          <button
            type="submit"
            name="intent"
            value="pay"
            className="mt-3 rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900"
          >
            Pay {formatMoney(item.price)} (test)
          </button>
          <p className="mt-2 text-sm">
            <a href="/pricing" className="text-brand-700 underline">
              Cancel and go back
            </a>
          </p>
        </PostForm>
      )}
    </div>
  );
}

/**
 * /pricing — public: the free tier, the subscription tiers (monthly / yearly) and the
 * token packages. Buying posts here (intent=package|tier); signed in, that creates a
 * Stripe Checkout Session (303 to Stripe) or, offline, goes to the local checkout. It
 * also says what costs tokens and what does not (the rate and the hold come from
 * app/lib/billing/config.ts and reservations.ts, so the page cannot drift from the charge).
 */
import { redirect } from "react-router";
import { z } from "zod";
import { FormErrors } from "~/components/form";
import { getOptionalUser, requireUser } from "~/lib/auth/guards";
import { billingSummary, formatMoney, formatTokens } from "~/lib/billing/account";
import { packageCheckout, TierNotForSaleError, tierCheckout } from "~/lib/billing/checkout";
import { billingConfig, isLocalCheckoutAllowed, isStripeConfigured } from "~/lib/billing/config";
import { leastHold } from "~/lib/billing/reservations";
import { MAX_REPLY_TOKENS } from "~/lib/chat/turn";
import { Stripe, stripeClient } from "~/lib/billing/stripe";
import { getApp } from "~/lib/context";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import type { Route } from "./+types/pricing";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Pricing · BotCafe" }, { name: "description", content: "BotCafe plans and token packages." }];
}

function parseFeatures(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((f): f is string => typeof f === "string").slice(0, 20) : [];
  } catch {
    return [];
  }
}

export async function loader({ context }: Route.LoaderArgs) {
  const { db, env } = getApp(context);
  const user = getOptionalUser({ context });
  const [tiers, packages, summary] = await Promise.all([
    db
      .selectFrom("subscription_tiers")
      .select([
        "id",
        "name",
        "description",
        "price_monthly",
        "price_yearly",
        "features",
        "token_allowance",
        "bot_limit",
        "priority_support",
      ])
      .where("is_active", "=", 1)
      // The free tier is configuration, shown from billingConfig; a zero-price row is not sold.
      .where((eb) => eb.or([eb("price_monthly", ">", 0), eb("price_yearly", ">", 0)]))
      .orderBy("price_monthly")
      .limit(20)
      .execute(),
    db
      .selectFrom("token_packages")
      .select(["id", "name", "amount", "bonus_amount", "price"])
      .where("is_active", "=", 1)
      .orderBy("price")
      .limit(20)
      .execute(),
    user ? billingSummary(db, env, user.id) : Promise.resolve(null),
  ]);
  const config = billingConfig(env);
  return {
    free: { allowance: config.freeAllowance, botLimit: config.freeBotLimit },
    chat: { rate: config.chatRate, leastHold: leastHold(env, MAX_REPLY_TOKENS) },
    tiers: tiers.map((t) => ({ ...t, features: parseFeatures(t.features) })),
    packages,
    currentTierId: summary?.tierId ?? null,
    signedIn: Boolean(user),
    localCheckout: isLocalCheckoutAllowed(env),
  };
}

const buySchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("package"), packageId: z.string({ error: "Choose a package." }).min(1).max(64) }),
    z.object({
      intent: z.literal("tier"),
      tierId: z.string({ error: "Choose a plan." }).min(1).max(64),
      interval: z.enum(["month", "year"], { error: "Choose monthly or yearly." }),
    }),
  ],
  { error: "Choose a package or a plan." },
);

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), buySchema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  const origin = new URL(request.url).origin;

  if (input.intent === "package") {
    const pack = await db
      .selectFrom("token_packages")
      .select(["id", "name", "amount", "bonus_amount", "price"])
      .where("id", "=", input.packageId)
      .where("is_active", "=", 1)
      .executeTakeFirst();
    if (!pack) return invalidWith(submission.values, {}, ["That package is not on sale any more."]);
    if (!isStripeConfigured(env))
      return localOr503(`/billing/local-checkout?package=${encodeURIComponent(pack.id)}`, env, submission.values);
    return startCheckout(submission.values, () => packageCheckout(stripeClient(env)!, db, user, pack, origin));
  }
  const tier = await db
    .selectFrom("subscription_tiers")
    .select(["id", "name", "stripe_price_monthly", "stripe_price_yearly"])
    .where("id", "=", input.tierId)
    .where("is_active", "=", 1)
    .executeTakeFirst();
  if (!tier) return invalidWith(submission.values, {}, ["That plan is not on sale any more."]);
  if (!isStripeConfigured(env))
    return localOr503(
      `/billing/local-checkout?tier=${encodeURIComponent(tier.id)}&interval=${input.interval}`,
      env,
      submission.values,
    );
  return startCheckout(submission.values, () =>
    tierCheckout(stripeClient(env)!, db, user, tier, input.interval, origin),
  );
}

function localOr503(path: string, env: Env, values: Record<string, string | string[]>) {
  if (isLocalCheckoutAllowed(env)) throw redirect(path, 303);
  return invalidWith(values, {}, ["Payments are not available on this server right now."]);
}

/** 303 to Stripe's page, or a 400 that says what went wrong (never a 500 for Stripe's no). */
async function startCheckout(values: Record<string, string | string[]>, create: () => Promise<string>) {
  let url: string;
  try {
    url = await create();
  } catch (error) {
    if (error instanceof TierNotForSaleError) return invalidWith(values, {}, [error.message]);
    if (error instanceof Stripe.errors.StripeError) {
      console.error("stripe checkout failed", error.type, error.code, error.message);
      return invalidWith(values, {}, [
        "We could not start the checkout with Stripe. Nothing was charged; please try again in a moment.",
      ]);
    }
    throw error;
  }
  throw redirect(url, 303);
}

export default function Pricing({ loaderData, actionData }: Route.ComponentProps) {
  const { free, chat, tiers, packages, currentTierId, signedIn, localCheckout } = loaderData;
  const buyLabel = signedIn ? "" : " (sign in first)";
  return (
    <div className="mx-auto max-w-5xl space-y-10">
      <header>
        <h1 className="text-2xl font-bold">Pricing</h1>
        <p className="text-sm">
          <a href="/help/billing-and-tokens" className="text-brand-700 underline">
            Help: billing and tokens
          </a>
        </p>
        <p className="mt-1 text-stone-700">
          Replies from BotCafe's hosted model spend tokens. Every account gets a free monthly allowance; plans add more
          each month, and packages top you up once.
        </p>
        {localCheckout ? (
          <p className="mt-2 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
            This server has no Stripe keys: purchases use a local test checkout and no money moves.
          </p>
        ) : null}
      </header>
      <FormErrors state={actionData} />

      <section aria-labelledby="what-costs" data-testid="what-costs">
        <h2 id="what-costs" className="text-xl font-semibold">
          What costs tokens
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-stone-800">
          <li>
            <strong>Costs tokens:</strong> replies from BotCafe's hosted model (Workers AI) —{" "}
            {chat.rate === 0
              ? "free on this server for now"
              : `${formatTokens(chat.rate)} ${chat.rate === 1 ? "token" : "tokens"} per model token, counting the prompt sent and the reply written`}
            .
            {chat.rate > 0
              ? ` While a reply is written, the most it could cost is set aside (at least ${formatTokens(chat.leastHold)} tokens) and what it did not use comes straight back. A reply that fails costs nothing; one you stop costs what was written.`
              : null}
          </li>
          <li>
            <strong>Free:</strong> the offline demo model (a simple stand-in that runs on BotCafe's servers), and every
            reply through your own API key (your provider bills you; you can cap a key's monthly use under Settings →
            API keys).
          </li>
        </ul>
      </section>

      <section aria-labelledby="plans">
        <h2 id="plans" className="text-xl font-semibold">
          Plans
        </h2>
        <ul className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <li className="rounded-lg border border-stone-200 bg-white p-4">
            <h3 className="text-lg font-semibold">Free</h3>
            <p className="text-2xl font-bold">{formatMoney(0)}</p>
            <ul className="mt-2 list-disc pl-5 text-sm">
              <li>{formatTokens(free.allowance)} tokens every month</li>
              <li>{free.botLimit === null ? "Unlimited bots" : `Up to ${free.botLimit} bots`}</li>
              <li>Standard support</li>
            </ul>
            {currentTierId === null && signedIn ? (
              <p className="mt-3 text-sm font-medium text-brand-700">Your current plan</p>
            ) : null}
          </li>
          {tiers.map((tier) => (
            <li key={tier.id} className="rounded-lg border border-stone-200 bg-white p-4">
              <h3 className="text-lg font-semibold">{tier.name}</h3>
              <p className="text-2xl font-bold">
                {formatMoney(tier.price_monthly)}
                <span className="text-sm font-normal"> / month</span>
              </p>
              {tier.price_yearly > 0 ? (
                <p className="text-sm text-stone-700">or {formatMoney(tier.price_yearly)} / year</p>
              ) : null}
              {tier.description ? <p className="mt-2 text-sm text-stone-700">{tier.description}</p> : null}
              <ul className="mt-2 list-disc pl-5 text-sm">
                <li>
                  {formatTokens(tier.token_allowance)} tokens every month (a yearly plan adds twelve months' at each
                  payment)
                </li>
                <li>{tier.bot_limit === null ? "Unlimited bots" : `Up to ${tier.bot_limit} bots`}</li>
                <li>{tier.priority_support ? "Priority support" : "Standard support"}</li>
                {tier.features.map((feature) => (
                  <li key={feature}>{feature}</li>
                ))}
              </ul>
              {currentTierId === tier.id ? (
                <p className="mt-3 text-sm font-medium text-brand-700">Your current plan</p>
              ) : (
                <PostForm className="mt-3 space-y-2">
                  <input type="hidden" name="intent" value="tier" />
                  <input type="hidden" name="tierId" value={tier.id} />
                  <fieldset className="flex flex-wrap gap-3 text-sm">
                    <legend className="sr-only">Billing period for {tier.name}</legend>
                    <label className="flex items-center gap-1">
                      <input type="radio" name="interval" value="month" defaultChecked /> Monthly
                    </label>
                    {tier.price_yearly > 0 ? (
                      <label className="flex items-center gap-1">
                        <input type="radio" name="interval" value="year" /> Yearly
                      </label>
                    ) : null}
                  </fieldset>
                  <button
                    type="submit"
                    className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900"
                  >
                    Subscribe to {tier.name}
                    {buyLabel}
                  </button>
                </PostForm>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="packages">
        <h2 id="packages" className="text-xl font-semibold">
          Token packages
        </h2>
        {packages.length === 0 ? <p className="mt-2 text-stone-700">No packages are on sale right now.</p> : null}
        <ul className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {packages.map((pack) => (
            <li key={pack.id} className="rounded-lg border border-stone-200 bg-white p-4">
              <h3 className="text-lg font-semibold">{pack.name}</h3>
              <p className="text-2xl font-bold">{formatMoney(pack.price)}</p>
              <p className="text-sm">
                {formatTokens(pack.amount)} tokens
                {pack.bonus_amount > 0 ? ` + ${formatTokens(pack.bonus_amount)} bonus` : ""}
              </p>
              <PostForm className="mt-3">
                <input type="hidden" name="intent" value="package" />
                <input type="hidden" name="packageId" value={pack.id} />
                <button
                  type="submit"
                  className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900"
                >
                  Buy {pack.name}
                  {buyLabel}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

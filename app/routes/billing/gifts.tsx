/**
 * /gifts — send tokens to another person, and the tips form's target (bot pages post
 * intent=tip here). The recipient is named by creator username, or — for people without
 * a creator profile, who have no public name — by their account email. One batch moves
 * the tokens (a conditional debit), records the gift and notifies the recipient.
 *
 * The answer never says whether a username or email has an account (issue 17): the same
 * redirect and "If that account exists, …" either way. The balance is checked first, for
 * everyone; only a delivered gift debits the sender, so their ledger and Sent list (which
 * names the recipient as the sender typed them, never by display name) show what arrived.
 */
import { redirect } from "react-router";
import { z } from "zod";
import { FormErrors, SubmitButton, TextArea, TextField } from "~/components/form";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import { requireUser, safeRedirectPath } from "~/lib/auth/guards";
import { canViewBot } from "~/lib/bots/access";
import { formatTokens } from "~/lib/billing/account";
import { sendGift } from "~/lib/billing/gifts";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import type { Route } from "./+types/gifts";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Gifts · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const [[me], sent, received] = await batch(env.DB, [
    db.selectFrom("users").select("token_balance").where("id", "=", user.id),
    db
      .selectFrom("token_gifts")
      .leftJoin("bots", "bots.id", "token_gifts.related_bot_id")
      .select([
        "token_gifts.id",
        "token_gifts.amount",
        "token_gifts.message",
        "token_gifts.created_at",
        "token_gifts.recipient_label as name",
        "bots.name as bot_name",
      ])
      .where("token_gifts.sender_id", "=", user.id)
      .orderBy("token_gifts.created_at", "desc")
      .limit(20),
    db
      .selectFrom("token_gifts")
      .leftJoin("users as s", "s.id", "token_gifts.sender_id")
      .leftJoin("bots", "bots.id", "token_gifts.related_bot_id")
      .select([
        "token_gifts.id",
        "token_gifts.amount",
        "token_gifts.message",
        "token_gifts.created_at",
        "s.display_name as name",
        "bots.name as bot_name",
      ])
      .where("token_gifts.recipient_id", "=", user.id)
      .orderBy("token_gifts.created_at", "desc")
      .limit(20),
  ]);
  const url = new URL(request.url);
  return { balance: me?.token_balance ?? 0, sent, received, done: url.searchParams.get("sent") === "1" };
}

const amountField = z
  .string({ error: "Enter how many tokens to send." })
  .trim()
  .regex(/^\d{1,9}$/, "Enter a whole number of tokens, like 100.")
  .transform(Number)
  .refine((n) => n > 0, "Send at least 1 token.");

const giftSchema = z.object({
  intent: z.literal("gift"),
  recipient: formField.text("Recipient", 254),
  amount: amountField,
  message: formField.optionalText("Message", 500),
});

const tipSchema = z.object({
  intent: z.literal("tip"),
  botId: z.string().min(1).max(64),
  amount: amountField,
  message: formField.optionalText("Message", 500),
  redirectTo: z.string().max(300).optional(),
});

const schema = z.discriminatedUnion("intent", [giftSchema, tipSchema], { error: "Unknown action." });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  await enforceRateLimit({ request, context }, "token_gift", user.id);

  let recipientId: string;
  let relatedBotId: string | null = null;
  let back = "/gifts?sent=1";
  if (input.intent === "tip") {
    const bot = await db
      .selectFrom("bots")
      .select(["id", "slug", "created_by_id", "is_public"])
      .where("id", "=", input.botId)
      .executeTakeFirst();
    if (!bot || !canViewBot(user, bot)) return invalidWith(submission.values, {}, ["We could not find that bot."]);
    recipientId = bot.created_by_id;
    relatedBotId = bot.id;
    back = safeRedirectPath(input.redirectTo, `/bots/${bot.slug}?done=tip#tip`);
  } else {
    const name = input.recipient.replace(/^@/, "");
    const byEmail = name.includes("@");
    const label = byEmail ? name.toLowerCase() : `@${name}`;
    if (byEmail && label === user.email.toLowerCase())
      return invalidWith(submission.values, { recipient: ["You cannot send tokens to yourself."] });
    const [[me], [found]] = await batch(env.DB, [
      db.selectFrom("users").select("token_balance").where("id", "=", user.id),
      byEmail
        ? db.selectFrom("users").select("id").where("email", "=", label)
        : db.selectFrom("creator_profiles").select("user_id as id").where("username", "=", name),
    ] as const);
    if (found?.id === user.id)
      return invalidWith(submission.values, { recipient: ["You cannot send tokens to yourself."] });
    // Too much is refused whoever the recipient is, so the refusal tells nothing either.
    if ((me?.token_balance ?? 0) < input.amount) return insufficient(db, user.id, submission.values);
    if (!found) throw redirect(back, 303);
    const outcome = await sendGift(env.DB, db, {
      senderId: user.id,
      senderName: user.displayName ?? "Someone",
      recipientId: found.id,
      amount: input.amount,
      message: input.message,
      relatedBotId: null,
      link: "/gifts",
      recipientLabel: label,
    });
    if (!outcome.ok) return insufficient(db, user.id, submission.values);
    throw redirect(back, 303);
  }
  if (recipientId === user.id)
    return invalidWith(submission.values, { amount: ["You cannot send tokens to yourself."] });

  const outcome = await sendGift(env.DB, db, {
    senderId: user.id,
    senderName: user.displayName ?? "Someone",
    recipientId,
    amount: input.amount,
    message: input.message,
    relatedBotId,
    link: "/gifts",
  });
  if (!outcome.ok) return insufficient(db, user.id, submission.values);
  throw redirect(back, 303);
}

async function insufficient(db: DB, userId: string, values: Record<string, string | string[]>) {
  const balance = await db.selectFrom("users").select("token_balance").where("id", "=", userId).executeTakeFirst();
  return invalidWith(values, {
    amount: [`You have ${formatTokens(balance?.token_balance ?? 0)} tokens; send at most that.`],
  });
}

function GiftList({
  title,
  rows,
  direction,
}: {
  title: string;
  rows: {
    id: string;
    amount: number;
    message: string;
    created_at: string;
    name: string | null;
    bot_name: string | null;
  }[];
  direction: "to" | "from";
}) {
  return (
    <section aria-label={title}>
      <h2 className="text-xl font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="mt-2 text-stone-700">None yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
          {rows.map((g) => (
            <li key={g.id} className="px-4 py-2 text-sm">
              <p>
                <span className="font-medium">{formatTokens(g.amount)} tokens</span> {direction}{" "}
                {g.name ?? (direction === "to" ? (g.bot_name ? "its creator" : "another member") : "a deleted account")}
                {g.bot_name ? ` · tip for ${g.bot_name}` : ""} · {g.created_at.slice(0, 10)}
              </p>
              {g.message ? <p className="text-stone-700">“{g.message}”</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function Gifts({ loaderData, actionData }: Route.ComponentProps) {
  const { balance, sent, received, done } = loaderData;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <header>
        <h1 className="text-2xl font-bold">Gifts</h1>
        <p className="mt-1 text-stone-700">
          Send some of your tokens to someone. You have <span data-testid="balance">{formatTokens(balance)}</span>{" "}
          tokens.
        </p>
      </header>
      {done ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 p-3 text-green-900">
          If that account exists, your gift is theirs now. Tokens leave your balance only when a gift is delivered: your
          Sent list below shows each one that was.
        </p>
      ) : null}
      <PostForm noValidate className="rounded-lg border border-stone-200 bg-white p-4">
        <FormErrors state={actionData} />
        <input type="hidden" name="intent" value="gift" />
        <TextField
          label="To"
          name="recipient"
          state={actionData}
          required
          maxLength={254}
          hint="A creator's username (e.g. casey), or the email of someone's account."
        />
        <TextField label="Tokens" name="amount" type="number" state={actionData} required maxLength={9} />
        <TextArea label="Message (optional)" name="message" state={actionData} maxLength={500} rows={3} />
        <SubmitButton>Send gift</SubmitButton>
      </PostForm>
      <GiftList title="Received" rows={received} direction="from" />
      <GiftList title="Sent" rows={sent} direction="to" />
    </div>
  );
}

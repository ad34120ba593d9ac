/**
 * Gifts and tips: one batch debits the sender (only if the balance covers it), credits
 * the recipient, records the gift and notifies the recipient — all or nothing. If the
 * debit does not apply, `requireApplied` aborts the batch so no credit, gift row or
 * notification exists without the debit.
 */
import type { DB } from "#db/schema";
import { newId } from "../ids";
import { notificationInsert } from "../notifications/notify";
import { credit, debit, isBalanceRefusal, requireApplied, statementOf } from "./ledger";

export interface GiftInput {
  senderId: string;
  senderName: string;
  recipientId: string;
  amount: number;
  message: string;
  relatedBotId: string | null;
  /** Where the recipient's notification links (e.g. /billing). */
  link?: string;
  /** How the sender named the recipient (@username or the email typed), for their Sent list. */
  recipientLabel?: string | null;
}

export type GiftOutcome = { ok: true; giftId: string } | { ok: false; reason: "insufficient" | "self" };

export async function sendGift(d1: D1Database, db: DB, input: GiftInput): Promise<GiftOutcome> {
  if (input.senderId === input.recipientId) return { ok: false, reason: "self" };
  const giftId = newId();
  const sent = debit(d1, { userId: input.senderId, amount: input.amount, reason: "gift_sent", referenceId: giftId });
  const received = credit(d1, { userId: input.recipientId, amount: input.amount, reason: "gift_received", referenceId: giftId });
  const noun = input.relatedBotId ? "a tip" : "a gift";
  try {
    await d1.batch([
      ...sent.statements,
      requireApplied(d1, sent, input.senderId),
      ...received.statements,
      statementOf(
        d1,
        db.insertInto("token_gifts").values({
          id: giftId,
          sender_id: input.senderId,
          recipient_id: input.recipientId,
          amount: input.amount,
          message: input.message,
          related_bot_id: input.relatedBotId,
          recipient_label: input.recipientLabel ?? null,
        }),
      ),
      statementOf(
        d1,
        notificationInsert(db, {
          userId: input.recipientId,
          kind: "gift_received",
          title: `${input.senderName} sent you ${noun} of ${input.amount.toLocaleString("en-US")} tokens`,
          body: input.message,
          link: input.link ?? "/gifts",
        }),
      ),
    ]);
  } catch (error) {
    if (isBalanceRefusal(error)) return { ok: false, reason: "insufficient" };
    throw error;
  }
  return { ok: true, giftId };
}

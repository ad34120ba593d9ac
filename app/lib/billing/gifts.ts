/**
 * Gifts and tips: one batch debits the sender (only if the balance covers it), credits
 * the recipient, records the gift and notifies the recipient — all or nothing. The credit,
 * the gift row and the notification are each written only if the debit's ledger row was
 * (`onlyWith`, `whenApplied`), so a balance that does not cover the gift leaves nothing
 * behind and is answered "insufficient" — never by the balance CHECK throwing.
 */
import type { DB } from "#db/schema";
import { newId } from "../ids";
import { notificationInsert } from "../notifications/notify";
import { credit, debit, wasApplied, whenApplied } from "./ledger";

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
  const received = credit(d1, {
    userId: input.recipientId,
    amount: input.amount,
    reason: "gift_received",
    referenceId: giftId,
    onlyWith: sent,
  });
  const noun = input.relatedBotId ? "a tip" : "a gift";
  await d1.batch([
    ...sent.statements,
    ...received.statements,
    whenApplied(
      d1,
      sent,
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
    whenApplied(
      d1,
      sent,
      notificationInsert(db, {
        userId: input.recipientId,
        kind: "gift_received",
        title: `${input.senderName} sent you ${noun} of ${input.amount.toLocaleString("en-US")} tokens`,
        body: input.message,
        link: input.link ?? "/gifts",
      }),
    ),
  ]);
  if (!(await wasApplied(d1, sent))) return { ok: false, reason: "insufficient" };
  return { ok: true, giftId };
}

/**
 * The token ledger: the only way a balance changes.
 *
 * Every change is two statements that run in ONE D1 batch (one transaction):
 *
 *   1. INSERT INTO token_ledger … SELECT … FROM users WHERE id = ? AND <the change is allowed>
 *      — the row reads the balance, computes balance_after, and is only written when the
 *      debit is covered (and, through the unique (reason, reference_id) index, only once
 *      per reference: ON CONFLICT DO NOTHING).
 *   2. UPDATE users SET token_balance = (that row's balance_after) WHERE EXISTS (that row)
 *      — the balance moves exactly when the ledger row was written, never otherwise.
 *
 * So "a ledger row exists" and "the balance changed" are the same fact, decided by the
 * database inside one transaction — two requests racing for the same balance cannot both
 * pass the check, and nothing here reads a balance in JavaScript and writes it back.
 * Statements are D1PreparedStatements so callers can add their own (a gift row, a
 * notification) to the same batch.
 */
import type { Compilable } from "kysely";
import type { LedgerReason } from "#db/schema";
import { newId } from "../ids";

export interface LedgerChange {
  userId: string;
  reason: LedgerReason;
  /** What caused it (event id, gift id, `allowance:<user>:<YYYY-MM>`…). Unique per reason. */
  referenceId: string;
}

export interface PreparedChange {
  /** The ledger row's id: it exists after the batch exactly when the change applied. */
  ledgerId: string;
  statements: D1PreparedStatement[];
}

/** Credit `amount` (> 0) tokens. Applies once per (reason, referenceId). */
export function credit(d1: D1Database, change: LedgerChange & { amount: number }): PreparedChange {
  assertPositive(change.amount);
  const ledgerId = newId();
  return {
    ledgerId,
    statements: [
      d1
        .prepare(
          `INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after)
           SELECT ?1, id, ?2, ?3, ?4, token_balance + ?2 FROM users WHERE id = ?5
           ON CONFLICT DO NOTHING`,
        )
        .bind(ledgerId, change.amount, change.reason, change.referenceId, change.userId),
      applyLedgerRow(d1, ledgerId, change.userId),
    ],
  };
}

/** Debit exactly `amount` (> 0) tokens, only if the balance covers all of it. */
export function debit(d1: D1Database, change: LedgerChange & { amount: number }): PreparedChange {
  assertPositive(change.amount);
  const ledgerId = newId();
  return {
    ledgerId,
    statements: [
      d1
        .prepare(
          `INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after)
           SELECT ?1, id, -?2, ?3, ?4, token_balance - ?2 FROM users WHERE id = ?5 AND token_balance >= ?2
           ON CONFLICT DO NOTHING`,
        )
        .bind(ledgerId, change.amount, change.reason, change.referenceId, change.userId),
      applyLedgerRow(d1, ledgerId, change.userId),
    ],
  };
}

/**
 * Debit up to `amount` tokens: as much as the balance holds, never below zero (a reply
 * that overran, a refund of tokens already spent). Writes nothing when the balance is 0.
 */
export function debitUpTo(d1: D1Database, change: LedgerChange & { amount: number }): PreparedChange {
  assertPositive(change.amount);
  const ledgerId = newId();
  return {
    ledgerId,
    statements: [
      d1
        .prepare(
          `INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after)
           SELECT ?1, id, -min(token_balance, ?2), ?3, ?4, token_balance - min(token_balance, ?2)
           FROM users WHERE id = ?5 AND token_balance > 0
           ON CONFLICT DO NOTHING`,
        )
        .bind(ledgerId, change.amount, change.reason, change.referenceId, change.userId),
      applyLedgerRow(d1, ledgerId, change.userId),
    ],
  };
}

function applyLedgerRow(d1: D1Database, ledgerId: string, userId: string): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE users SET token_balance = (SELECT balance_after FROM token_ledger WHERE id = ?1),
              updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE id = ?2 AND EXISTS (SELECT 1 FROM token_ledger WHERE id = ?1)`,
    )
    .bind(ledgerId, userId);
}

/**
 * A statement that aborts the whole batch (a CHECK violation rolls back every statement
 * in it) when the ledger row was NOT written. Put it right after a debit so the rest of
 * the batch — the other side of a gift, its notification — lands only with the debit.
 */
export function requireApplied(d1: D1Database, change: PreparedChange, userId: string): D1PreparedStatement {
  return d1.prepare(`UPDATE users SET token_balance = -1 WHERE id = ?2 AND NOT EXISTS (SELECT 1 FROM token_ledger WHERE id = ?1)`).bind(change.ledgerId, userId);
}

/** True when an error from d1.batch is requireApplied's refusal (or another balance CHECK). */
export function isBalanceRefusal(error: unknown): boolean {
  const message = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
  return /CHECK constraint failed/i.test(message) && /token_balance/i.test(message);
}

/** A Kysely query as a D1 statement, to sit in the same batch as ledger statements. */
export function statementOf(d1: D1Database, query: Compilable<unknown>): D1PreparedStatement {
  const compiled = query.compile();
  return d1.prepare(compiled.sql).bind(...compiled.parameters);
}

/** Did this change apply? (Reads the ledger row by its primary key.) */
export async function wasApplied(d1: D1Database, change: PreparedChange): Promise<boolean> {
  return (await d1.prepare("SELECT 1 AS ok FROM token_ledger WHERE id = ?").bind(change.ledgerId).first()) !== null;
}

/** Run one change alone; true when it applied. */
export async function applyChange(d1: D1Database, change: PreparedChange, extra: D1PreparedStatement[] = []): Promise<boolean> {
  await d1.batch([...change.statements, ...extra]);
  return wasApplied(d1, change);
}

/**
 * Rebuild balances from the ledger: the sum of a user's deltas, which must equal both
 * their balance and their newest row's balance_after. Returns users where they differ.
 */
export async function rebuildBalances(d1: D1Database, userIds?: string[]): Promise<{ userId: string; balance: number; fromLedger: number }[]> {
  const filter = userIds?.length ? `WHERE u.id IN (${userIds.map(() => "?").join(",")})` : "";
  const rows = await d1
    .prepare(
      `SELECT u.id AS userId, u.token_balance AS balance, coalesce((SELECT sum(delta) FROM token_ledger l WHERE l.user_id = u.id), 0) AS fromLedger
       FROM users u ${filter}`,
    )
    .bind(...(userIds ?? []).slice(0, 99))
    .all<{ userId: string; balance: number; fromLedger: number }>();
  return rows.results.filter((row) => row.balance !== row.fromLedger);
}

function assertPositive(amount: number) {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError(`A ledger amount must be a whole number above zero (got ${amount}).`);
}

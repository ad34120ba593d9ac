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
 *
 * A debit the balance does not cover is refused by its own WHERE clause, never by the
 * CHECK (token_balance >= 0) constraint: a constraint failure is an exception (a 500),
 * not an answer. What must land only with a debit (a gift's credit, its row, a chat turn's
 * messages) is written conditionally on the debit's ledger row — `onlyWith` on a ledger
 * change, `whenApplied` on any other write — and the caller reads `wasApplied` to answer
 * "not enough tokens".
 */
import {
  DeleteQueryBuilder,
  InsertQueryBuilder,
  sql,
  UpdateQueryBuilder,
  type Compilable,
  type RawBuilder,
} from "kysely";
import type { LedgerReason } from "#db/schema";
import { newId } from "../ids";

export interface LedgerChange {
  userId: string;
  reason: LedgerReason;
  /** What caused it (event id, gift id, `allowance:<user>:<YYYY-MM>`…). Unique per reason. */
  referenceId: string;
  /** Apply only if this other change applied in the same batch (a gift's credit goes with its debit). */
  onlyWith?: PreparedChange;
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
           SELECT ?1, id, ?2, ?3, ?4, token_balance + ?2 FROM users WHERE id = ?5 AND ${withCondition(change)}
           ON CONFLICT DO NOTHING`,
        )
        .bind(ledgerId, change.amount, change.reason, change.referenceId, change.userId, ...withBinds(change)),
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
           SELECT ?1, id, -?2, ?3, ?4, token_balance - ?2 FROM users WHERE id = ?5 AND token_balance >= ?2 AND ${withCondition(change)}
           ON CONFLICT DO NOTHING`,
        )
        .bind(ledgerId, change.amount, change.reason, change.referenceId, change.userId, ...withBinds(change)),
      applyLedgerRow(d1, ledgerId, change.userId),
    ],
  };
}

/**
 * Debit up to `amount` tokens: as much as the balance holds, never below zero (a reply
 * that overran, a refund of tokens already spent). Writes nothing when the balance is 0,
 * or below `atLeast` when given (a chat turn's hold: everything up to its bound, but not
 * less than the smallest reply is worth).
 */
export function debitUpTo(d1: D1Database, change: LedgerChange & { amount: number; atLeast?: number }): PreparedChange {
  assertPositive(change.amount);
  const atLeast = change.atLeast ?? 1;
  assertPositive(atLeast);
  const ledgerId = newId();
  return {
    ledgerId,
    statements: [
      d1
        .prepare(
          `INSERT INTO token_ledger (id, user_id, delta, reason, reference_id, balance_after)
           SELECT ?1, id, -min(token_balance, ?2), ?3, ?4, token_balance - min(token_balance, ?2)
           FROM users WHERE id = ?5 AND token_balance >= ?6 AND ${withCondition(change, 7)}
           ON CONFLICT DO NOTHING`,
        )
        .bind(ledgerId, change.amount, change.reason, change.referenceId, change.userId, atLeast, ...withBinds(change)),
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

/** `onlyWith`'s condition: true when that change's ledger row exists (always true without one). */
function withCondition(change: LedgerChange, parameter = 6): string {
  return change.onlyWith ? `EXISTS (SELECT 1 FROM token_ledger WHERE id = ?${parameter})` : "1";
}
function withBinds(change: LedgerChange): string[] {
  return change.onlyWith ? [change.onlyWith.ledgerId] : [];
}

/** The SQL condition "this change applied", for writes that go with it. */
export function appliedCondition(change: PreparedChange): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM token_ledger WHERE id = ${change.ledgerId})`;
}

/**
 * Any write made conditional on `change` having applied earlier in the same batch: an
 * UPDATE or DELETE gets the condition in its WHERE; an INSERT … VALUES becomes
 * INSERT … SELECT … WHERE <condition>, and an INSERT … SELECT selects from the original
 * SELECT under the condition. So a refused debit leaves the whole batch without effect
 * and nothing throws.
 */
export function whenApplied(d1: D1Database, change: PreparedChange, query: Compilable<unknown>): D1PreparedStatement {
  const condition = appliedCondition(change);
  if (query instanceof UpdateQueryBuilder || query instanceof DeleteQueryBuilder) {
    return statementOf(d1, (query as UpdateQueryBuilder<any, any, any, any>).where(condition));
  }
  if (!(query instanceof InsertQueryBuilder))
    throw new TypeError("whenApplied takes an INSERT, UPDATE or DELETE query.");
  const compiled = query.compile();
  const text = compiled.sql;
  const values = /^(insert into "[^"]+" \([^()]*\)) values \((.*)\)$/is.exec(text);
  const selected = /^(insert into "[^"]+" \([^()]*\)) (select .*)$/is.exec(text);
  const guarded = values
    ? `${values[1]} select ${values[2]} where exists (select 1 from token_ledger where id = ?)`
    : selected
      ? `${selected[1]} select * from (${selected[2]}) where exists (select 1 from token_ledger where id = ?)`
      : null;
  if (!guarded) throw new TypeError(`whenApplied cannot condition this insert: ${text.slice(0, 80)}`);
  return d1.prepare(guarded).bind(...compiled.parameters, change.ledgerId);
}

/** True when an error from d1.batch is a balance CHECK failure (a guard written as one). */
export function isBalanceRefusal(error: unknown): boolean {
  const message =
    error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
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
export async function applyChange(
  d1: D1Database,
  change: PreparedChange,
  extra: D1PreparedStatement[] = [],
): Promise<boolean> {
  await d1.batch([...change.statements, ...extra]);
  return wasApplied(d1, change);
}

/**
 * Rebuild balances from the ledger: the sum of a user's deltas, which must equal both
 * their balance and their newest row's balance_after. Returns users where they differ.
 */
export async function rebuildBalances(
  d1: D1Database,
  userIds?: string[],
): Promise<{ userId: string; balance: number; fromLedger: number }[]> {
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
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new RangeError(`A ledger amount must be a whole number above zero (got ${amount}).`);
}

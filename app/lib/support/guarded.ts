/**
 * Writes that apply only if a ticket is still at the revision the writer expects.
 *
 * A staff post first bumps the ticket `WHERE revision = <loaded>` to a fresh revision;
 * every other statement of the same D1 batch (the message, the notification, the audit
 * row) is rewritten from `INSERT … VALUES (…)` to `INSERT … SELECT … WHERE EXISTS (ticket
 * at the fresh revision)`. So if someone else changed the ticket first, nothing of the post
 * lands — not the message, not its audit row — and the batch stays one transaction.
 */
import type { Compilable, CompiledQuery } from "kysely";

export function onlyIfTicketRevision<Q extends Compilable<unknown>>(query: Q, ticketId: string, revision: string): Q {
  return onlyIfRow(query, "support_tickets", ticketId, "revision", revision);
}

/** The same rewrite for any row: apply `query` only if `table` has a row with `id` whose
 * `column` equals `value` (e.g. the application this batch just decided, by the decision
 * stamp it wrote). */
export function onlyIfRow<Q extends Compilable<unknown>>(
  query: Q,
  table: string,
  id: string,
  column: string,
  value: string,
): Q {
  return {
    compile(): CompiledQuery {
      const compiled = query.compile();
      const match = /^(insert into .*?\)) values \((.*)\)$/is.exec(compiled.sql);
      if (!match || /\)\s*,\s*\(/.test(match[2]!))
        throw new Error("onlyIfRow takes a single-row INSERT … VALUES query");
      return {
        ...compiled,
        sql: `${match[1]} select ${match[2]} where exists (select 1 from "${table}" where "id" = ? and "${column}" = ?)`,
        parameters: [...compiled.parameters, id, value],
      };
    },
  } as Q;
}

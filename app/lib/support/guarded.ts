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
  return {
    compile(): CompiledQuery {
      const compiled = query.compile();
      const match = /^(insert into .*?\)) values \((.*)\)$/is.exec(compiled.sql);
      if (!match) throw new Error("onlyIfTicketRevision takes a single-row INSERT … VALUES query");
      return {
        ...compiled,
        sql: `${match[1]} select ${match[2]} where exists (select 1 from "support_tickets" where "id" = ? and "revision" = ?)`,
        parameters: [...compiled.parameters, ticketId, revision],
      };
    },
  } as Q;
}

/**
 * One audit row as staff read it: the sentence, its time on one line in the reader's time
 * zone, the note, and the stored before/after JSON behind a toggle (for when the sentence
 * is not enough). Used by the audit log and the ticket page's collision banner.
 */
import { auditSentence, type AuditRowForSentence, type NameLookup } from "~/lib/staff/audit-sentences";
import { staffTime } from "~/lib/staff/local-time";

export function StaffTime({ at, timeZone }: { at: string; timeZone: string }) {
  return (
    <time dateTime={at} className="whitespace-nowrap">
      {staffTime(at, timeZone)}
    </time>
  );
}

export function AuditEntry({
  row,
  names,
  timeZone,
}: {
  row: AuditRowForSentence & { created_at: string; note?: string | null };
  names: NameLookup;
  timeZone: string;
}) {
  return (
    <>
      <p className="break-words">
        {auditSentence(row, names)} at <StaffTime at={row.created_at} timeZone={timeZone} />.
      </p>
      {row.note ? <p className="mt-1 text-sm break-words text-stone-700">Note: {row.note}</p> : null}
      <details className="mt-1 text-sm">
        <summary className="cursor-pointer text-brand-700 underline">Details</summary>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 font-mono text-xs break-all">
          <dt>action</dt>
          <dd>{row.action}</dd>
          <dt>target</dt>
          <dd>
            {row.target_type}{" "}
            {row.target_type === "ticket" ? (
              <a href={`/staff/tickets/${row.target_id}`} className="text-brand-700 underline">
                {row.target_id}
              </a>
            ) : (
              row.target_id
            )}
          </dd>
          <dt>before</dt>
          <dd>{row.before_json}</dd>
          <dt>after</dt>
          <dd>{row.after_json}</dd>
        </dl>
      </details>
    </>
  );
}

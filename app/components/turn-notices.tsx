/**
 * BotCafe's notices above a reply (crisis resources, the AI disclosure, break reminders,
 * billing): one component for the chat page, the live (SSE) reply and the no-JS streamed
 * reply page, so they read the same everywhere. Written by BotCafe, never by the model.
 */
import type { NoticeLink, TurnNotice } from "~/lib/chat/turn-gates";

const SAFE_HREF = /^(tel:|sms:|mailto:|https:\/\/|\/(?![/\\]))/i;

/** Only phone, text, mail, https and same-site links are rendered as links. */
export function isSafeNoticeHref(href: string): boolean {
  return SAFE_HREF.test(href);
}

const TONE: Record<TurnNotice["kind"], string> = {
  crisis: "border-sky-300 bg-sky-50 text-sky-950",
  ai_disclosure: "border-stone-300 bg-stone-100 text-stone-900",
  break_reminder: "border-emerald-300 bg-emerald-50 text-emerald-950",
  night_mode: "border-indigo-300 bg-indigo-50 text-indigo-950",
  billing: "border-amber-300 bg-amber-50 text-amber-950",
};

function NoticeLinks({ links }: { links: NoticeLink[] }) {
  const safe = links.filter((link) => isSafeNoticeHref(link.href));
  if (!safe.length) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
      {safe.map((link) => (
        <li key={`${link.href}|${link.label}`}>
          <a href={link.href} className="font-medium underline">
            {link.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function TurnNotices({ notices }: { notices: readonly TurnNotice[] }) {
  if (!notices.length) return null;
  return (
    <div className="space-y-2" data-testid="turn-notices">
      {notices.map((notice, index) => (
        <aside
          key={`${notice.kind}-${index}`}
          aria-label={notice.title}
          role={notice.kind === "crisis" ? "note" : undefined}
          className={`rounded-lg border px-4 py-3 text-sm ${TONE[notice.kind] ?? TONE.ai_disclosure}`}
        >
          <p className="font-semibold">{notice.title}</p>
          <p className="mt-1 whitespace-pre-line break-words">{notice.body}</p>
          {notice.links?.length ? <NoticeLinks links={notice.links} /> : null}
        </aside>
      ))}
    </div>
  );
}

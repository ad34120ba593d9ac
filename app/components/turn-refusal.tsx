/**
 * Why a chat turn did not start (terms to accept, a limit reached, out of tokens…), as
 * BotCafe's notice with a real link — never as text in the bot's bubble. One component for
 * the no-JS "Message not sent" page and the live (SSE) view, which gets it rendered.
 */
import type { NoticeLink } from "~/lib/chat/turn-gates";
import { isSafeNoticeHref } from "./turn-notices";

export function TurnRefusalNotice({ message, link }: { message: string; link?: NoticeLink | null | undefined }) {
  const safeLink = link && isSafeNoticeHref(link.href) ? link : null;
  return (
    <aside
      role="alert"
      aria-label="Message not sent"
      data-testid="turn-refusal"
      className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900"
    >
      <p id="error-content" className="break-words">
        {message}
      </p>
      {safeLink ? (
        <p className="mt-2">
          <a href={safeLink.href} className="font-medium underline">
            {safeLink.label}
          </a>
        </p>
      ) : null}
    </aside>
  );
}

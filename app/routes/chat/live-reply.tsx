/**
 * JavaScript on: forms that make the model write are sent with fetch to the same
 * resource route (asking for SSE), and the reply is shown token by token. When the reply
 * is saved the page's data is reloaded. Without JavaScript these are plain form posts.
 */
import { useEffect, useState, type FormEvent } from "react";
import { useRevalidator } from "react-router";
import { TurnNotices } from "~/components/turn-notices";
import { parseNotices } from "~/lib/chat/turn-gates";
import type { NoticeLink, TurnNotice } from "~/lib/chat/turn-gates";

export interface LiveReply {
  userText: string | null;
  text: string;
  error: string | null;
  /** A refusal's way forward (e.g. buy tokens), shown with the error. */
  errorLink: NoticeLink | null;
  notices: TurnNotice[];
  busy: boolean;
}

/** Split an SSE byte stream into {event, data} pairs (the server writes one JSON data line per event). */
async function* readEvents(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
  let buffer = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data) yield { event, data: JSON.parse(data) as Record<string, unknown> };
    }
  }
}

export function useLiveReply(actionUrl: string) {
  const revalidator = useRevalidator();
  const [live, setLive] = useState<LiveReply | null>(null);
  // True once React runs in the browser: forms then stream in place (tests wait for it).
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (live?.busy) return;
    const form = event.currentTarget;
    const formData = new FormData(form);
    const intent = formData.get("intent");
    const content = formData.get("content");
    setLive({ userText: intent === "send" || intent === "edit" ? String(content ?? "") : null, text: "", error: null, errorLink: null, notices: [], busy: true });
    try {
      const response = await fetch(actionUrl, { method: "POST", body: formData, headers: { Accept: "text/event-stream" } });
      if (!response.ok || !response.body) {
        const problem = (await response.json().catch(() => ({}))) as { message?: string; fieldErrors?: Record<string, string[]>; link?: NoticeLink | null };
        const message = problem.message ?? Object.values(problem.fieldErrors ?? {})[0]?.[0] ?? "The message could not be sent.";
        const errorLink = problem.link && typeof problem.link.href === "string" && problem.link.href.startsWith("/") ? problem.link : null;
        setLive((l) => (l ? { ...l, error: message, errorLink, busy: false } : l));
        return;
      }
      if (intent === "send") form.reset();
      for await (const { event: name, data } of readEvents(response.body)) {
        if (name === "notices") setLive((l) => (l ? { ...l, notices: parseNotices(data.notices) } : l));
        if (name === "token") setLive((l) => (l ? { ...l, text: l.text + String(data.text ?? "") } : l));
        if (name === "done" && data.error) setLive((l) => (l ? { ...l, error: String(data.error) } : l));
      }
      await revalidator.revalidate();
      setLive((l) => (l?.error ? { ...l, busy: false } : null));
    } catch {
      setLive((l) => (l ? { ...l, error: "The connection dropped. The reply is still being saved — reload to see it.", busy: false } : l));
    }
  }

  return { live, submit, enhanced };
}

export function LiveReplyView({ live, botName }: { live: LiveReply | null; botName: string }) {
  if (!live) return null;
  return (
    <div className="space-y-3" data-testid="live-reply">
      {live.userText ? (
        <div className="ml-auto max-w-[85%] rounded-lg bg-brand-700 px-4 py-3 text-white">
          <p className="whitespace-pre-wrap">{live.userText}</p>
        </div>
      ) : null}
      <TurnNotices notices={live.notices} />
      <div className="max-w-[85%] rounded-lg border border-stone-200 bg-white px-4 py-3" aria-live="polite" aria-busy={live.busy}>
        <p className="font-semibold">{botName}</p>
        <p className="whitespace-pre-wrap">{live.text || (live.busy ? "…" : "")}</p>
        {live.error ? (
          <p role="alert" className="mt-2 text-sm text-red-800">
            {live.error}
            {live.errorLink ? (
              <>
                {" "}
                <a href={live.errorLink.href} className="font-medium underline">
                  {live.errorLink.label}
                </a>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
    </div>
  );
}

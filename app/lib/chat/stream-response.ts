/**
 * The two ways a reply reaches the browser, both fed by runReply through a ReplySink:
 * - `text/event-stream` for the page's fetch (JavaScript on): start, token…, done events;
 * - a streamed HTML document for a plain form post (JavaScript off): the reply is written
 *   into the page as it is generated, then a link and a refresh lead back to the chat.
 * The generation runs under waitUntil, detached from the response: if the browser goes
 * away, writes fail quietly and the reply is still completed and saved.
 * A withheld reply (reply.ts) is taken back on both: a `withheld` event whose notice the
 * script puts in place of the text; in the document, the notice after the reply's section,
 * which app.css then hides (no script needed).
 */
import { createElement } from "react";
import { formTokenInput } from "../http/form-token-field";
import { renderToStaticMarkup } from "react-dom/server";
import { TurnNotices } from "~/components/turn-notices";
import type { FinishedReply, ReplySink } from "./reply";
import type { TurnNotice } from "./turn-gates";

const encoder = new TextEncoder();

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A writable text channel that never throws: after the reader has gone, writes are dropped. */
function channel() {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  let open = true;
  return {
    readable,
    write(text: string) {
      if (!open) return;
      writer.write(encoder.encode(text)).catch(() => {
        open = false;
      });
    },
    close() {
      if (!open) return;
      open = false;
      writer.close().catch(() => {});
    },
  };
}

type Run = (sink: ReplySink) => Promise<unknown>;

function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function sseReplyResponse(
  messageId: string,
  run: Run,
  waitUntil: (p: Promise<unknown>) => void,
  notices: readonly TurnNotice[] = [],
): Response {
  const out = channel();
  out.write(sseEvent("start", { messageId }));
  // The page's script shows the same markup as the chat page, rendered here (no React in the browser).
  if (notices.length)
    out.write(sseEvent("notices", { notices, html: renderToStaticMarkup(createElement(TurnNotices, { notices })) }));
  const sink: ReplySink = {
    token: (text) => out.write(sseEvent("token", { text })),
    withhold: (notice) =>
      out.write(
        sseEvent("withheld", { html: renderToStaticMarkup(createElement(TurnNotices, { notices: [notice] })) }),
      ),
    end: (result: FinishedReply) => {
      out.write(
        sseEvent("done", {
          messageId: result.messageId,
          status: result.status,
          withheld: result.metadata.withheld === true,
          error: result.metadata.error?.message ?? null,
        }),
      );
      out.close();
    },
  };
  waitUntil(run(sink).finally(() => out.close()));
  return new Response(out.readable, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Accel-Buffering": "no",
    },
  });
}

export interface HtmlReplyPage {
  stylesheetHref: string;
  botName: string;
  userMessage: string | null;
  conversationUrl: string;
  messageId: string;
  /** BotCafe's notices, shown above the reply as it streams. */
  notices?: readonly TurnNotice[];
  /** The per-session form token for the Stop form (app/lib/http/form-token.ts). */
  formToken?: string | null;
}

/** Without JavaScript, Stop is a form on this page: it is sent before the reply's text, so it
 * works while the document is still loading. It marks the reply stopped and leads back to the chat. */
function stopForm(page: HtmlReplyPage): string {
  return `<form method="post" action="${escapeHtml(page.conversationUrl)}" class="stop-form">${formTokenInput(page.formToken)}<input type="hidden" name="intent" value="stop-reply"><input type="hidden" name="messageId" value="${escapeHtml(page.messageId)}"><button type="submit" class="rounded border border-stone-300 bg-white px-3 py-1 text-sm">Stop</button></form>`;
}

/** The opening of the streamed document, up to where the reply's text goes. */
function htmlHead(page: HtmlReplyPage): string {
  const you = page.userMessage
    ? `<section aria-label="Your message" class="ml-auto max-w-[85%] wrap-anywhere rounded-lg bg-brand-700 px-4 py-3 text-white"><p class="whitespace-pre-wrap">${escapeHtml(page.userMessage)}</p></section>`
    : "";
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Reply from ${escapeHtml(page.botName)} · BotCafe</title><link rel="stylesheet" href="${escapeHtml(page.stylesheetHref)}"></head>
<body class="bg-stone-50 font-sans text-stone-900"><main class="mx-auto max-w-3xl space-y-4 px-4 py-6">
<h1 class="text-xl font-bold">Reply from ${escapeHtml(page.botName)}</h1>
<p><a class="text-brand-700 underline" href="${escapeHtml(page.conversationUrl)}">Back to the conversation</a></p>
${you}
${page.notices?.length ? renderToStaticMarkup(createElement(TurnNotices, { notices: page.notices })) : ""}
${stopForm(page)}
<section id="reply-section" aria-label="Reply" aria-live="polite" class="max-w-[85%] wrap-anywhere rounded-lg border border-stone-200 bg-white px-4 py-3"><p class="font-semibold">${escapeHtml(page.botName)}</p><p id="reply" class="whitespace-pre-wrap">`;
}

/** Closes the reply's section (once: a withheld reply closes it early). */
const closeReply = "</p></section>";

function htmlTail(page: HtmlReplyPage, result: FinishedReply | null, replyClosed: boolean): string {
  const target = `${page.conversationUrl}#m-${page.messageId}`;
  const error = result?.metadata.error
    ? `<p role="alert" class="rounded border border-red-300 bg-red-50 p-3 text-red-900">${escapeHtml(result.metadata.error.message)}</p>`
    : "";
  const state = result?.metadata.withheld
    ? "BotCafe withheld this reply; nothing of it is saved."
    : result?.status === "complete"
      ? "The reply is saved."
      : result?.metadata.finishReason === "stopped"
        ? "You stopped the reply; what was written is saved."
        : "The reply is saved as far as it got.";
  // #reply-finished hides the Stop form (app.css), which was sent before the reply was done.
  return `${replyClosed ? "" : closeReply}${error}<p id="reply-finished" class="text-sm text-stone-600">${state}</p>
<p><a class="font-medium text-brand-700 underline" href="${escapeHtml(target)}">Back to the conversation</a></p>
<meta http-equiv="refresh" content="2;url=${escapeHtml(target)}"></main></body></html>`;
}

export function htmlReplyResponse(page: HtmlReplyPage, run: Run, waitUntil: (p: Promise<unknown>) => void): Response {
  const out = channel();
  out.write(htmlHead(page));
  let ended = false;
  let replyClosed = false;
  const sink: ReplySink = {
    token: (text) => {
      if (!replyClosed) out.write(escapeHtml(text));
    },
    // What was streamed is already on the page: #reply-withheld after it hides it (app.css).
    withhold: (notice) => {
      if (replyClosed) return;
      replyClosed = true;
      out.write(
        `${closeReply}<div id="reply-withheld">${renderToStaticMarkup(createElement(TurnNotices, { notices: [notice] }))}</div>`,
      );
    },
    end: (result) => {
      ended = true;
      out.write(htmlTail(page, result, replyClosed));
      out.close();
    },
  };
  waitUntil(
    run(sink).finally(() => {
      if (!ended) out.write(htmlTail(page, null, replyClosed));
      out.close();
    }),
  );
  return new Response(out.readable, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

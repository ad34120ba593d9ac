/**
 * POST /chat/:conversationId/reply — the streaming resource route. Every turn that makes
 * the model write (send, regenerate, continue, edit-and-regenerate) posts here. A page
 * fetch asking for `text/event-stream` gets SSE; a plain form post gets an HTML document
 * that streams the reply and leads back to the chat. Either way the reply is saved.
 */
import { redirect } from "react-router";
import { z } from "zod";
import stylesheetHref from "~/app.css?url";
import { requireUser } from "~/lib/auth/guards";
import { runReply } from "~/lib/chat/reply";
import { trackRunningReply } from "~/lib/chat/stop-reply";
import { escapeHtml, htmlReplyResponse, sseReplyResponse } from "~/lib/chat/stream-response";
import { formTokenContext } from "~/lib/http/form-token";
import { formTokenInput } from "~/lib/http/form-token-field";
import { reserveTurn, type TurnRequest } from "~/lib/chat/turn";
import { runSettledHooks } from "~/lib/chat/turn-gates";
import type { NoticeLink, TurnNotice } from "~/lib/chat/turn-gates";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { TurnNotices } from "~/components/turn-notices";
import { TurnRefusalNotice } from "~/components/turn-refusal";
import { getApp } from "~/lib/context";
import { checkRateLimit, retryAfterHeaders } from "~/lib/http/rate-limit";
import { maybeSummarizeConversation } from "~/lib/memory/conversation-memory";
import { parseSubmission } from "~/lib/forms";
import { createReplyGuard } from "~/lib/wellbeing/reply-guard";
import type { Route } from "./+types/reply";

export const MAX_MESSAGE_LENGTH = 8000;
/** A reply that runs longer than this is stopped and saved as incomplete. */
const MAX_REPLY_MS = 120_000;

const messageText = z
  .string({ error: "Write a message first." })
  .trim()
  .min(1, "Write a message first.")
  .max(MAX_MESSAGE_LENGTH, `Messages can be at most ${MAX_MESSAGE_LENGTH} characters.`);

const turnSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("send"), content: messageText }),
  z.object({ intent: z.literal("regenerate") }),
  z.object({ intent: z.literal("continue") }),
  z.object({ intent: z.literal("edit"), messageId: z.string().trim().min(1).max(64), content: messageText }),
]);

export function loader({ params }: Route.LoaderArgs) {
  throw redirect(`/chat/${encodeURIComponent(params.conversationId)}`);
}

function wantsEventStream(request: Request) {
  return (request.headers.get("Accept") ?? "").includes("text/event-stream");
}

/** For a form post without JavaScript: the error and the typed text, with the form again. */
function invalidHtml(
  conversationUrl: string,
  action: string,
  message: string,
  content: string,
  status: number,
  extra: {
    link?: NoticeLink | undefined;
    headers?: HeadersInit;
    notices?: readonly TurnNotice[] | undefined;
    formToken?: string | null;
  } = {},
) {
  const notices = extra.notices?.length
    ? renderToStaticMarkup(createElement(TurnNotices, { notices: extra.notices }))
    : "";
  const body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Message not sent · BotCafe</title><link rel="stylesheet" href="${escapeHtml(stylesheetHref)}"></head>
<body class="bg-stone-50 font-sans text-stone-900"><main class="mx-auto max-w-3xl space-y-4 px-4 py-6"><h1 class="text-xl font-bold">Message not sent</h1>
${notices}${refusalHtml(message, extra.link)}
<form method="post" action="${escapeHtml(action)}" class="space-y-2">${formTokenInput(extra.formToken)}<input type="hidden" name="intent" value="send"><label for="field-content" class="block font-medium">Message</label>
<textarea id="field-content" name="content" rows="4" aria-invalid="true" aria-describedby="error-content" class="block w-full rounded border border-red-600 bg-white px-3 py-2">${escapeHtml(content)}</textarea>
<button type="submit" class="rounded bg-brand-700 px-4 py-2 font-medium text-white">Send</button></form>
<p><a class="text-brand-700 underline" href="${escapeHtml(conversationUrl)}">Back to the conversation</a></p></main></body></html>`;
  return new Response(body, { status, headers: { ...extra.headers, "Content-Type": "text/html; charset=utf-8" } });
}

/** A refusal as BotCafe's notice with a real link (both paths: this page, and the SSE JSON the script shows). */
function refusalHtml(message: string, link?: NoticeLink | null) {
  return renderToStaticMarkup(createElement(TurnRefusalNotice, { message, link }));
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const app = getApp(context);
  const conversationUrl = `/chat/${encodeURIComponent(params.conversationId)}`;
  const actionUrl = `${conversationUrl}/reply`;
  const sse = wantsEventStream(request);
  const submission = parseSubmission(await request.formData(), turnSchema);
  if (submission.status === "invalid") {
    const message =
      Object.values(submission.fieldErrors)[0]?.[0] ?? submission.formErrors[0] ?? "That request did not look right.";
    if (sse)
      return Response.json(
        {
          status: "invalid",
          fieldErrors: submission.fieldErrors,
          values: submission.values,
          refusalHtml: refusalHtml(message),
        },
        { status: 400 },
      );
    const typed = submission.values.content;
    return invalidHtml(conversationUrl, actionUrl, message, typeof typed === "string" ? typed : "", 400, {
      formToken: context.get(formTokenContext),
    });
  }

  // Both paths (SSE and the no-JS document) count against the same limit.
  const limited = await checkRateLimit({ request, context }, "chat_turn", user.id);
  if (limited) {
    if (sse)
      return Response.json(
        { status: "error", message: limited.message, refusalHtml: refusalHtml(limited.message) },
        { status: 429, headers: retryAfterHeaders(limited) },
      );
    const typed =
      submission.value.intent === "send" || submission.value.intent === "edit" ? submission.value.content : "";
    return invalidHtml(conversationUrl, actionUrl, limited.message, typed, 429, {
      headers: retryAfterHeaders(limited),
      formToken: context.get(formTokenContext),
    });
  }

  // Settle what decides the status code first; retrieval and prompt assembly run after the
  // response has started, so a slow connection sees its message echoed at once.
  const cfCountry = (request as { cf?: { country?: unknown } }).cf?.country;
  const country = typeof cfCountry === "string" ? cfCountry : request.headers.get("CF-IPCountry");
  const turn = await reserveTurn(
    { db: app.db, d1: app.env.DB, env: app.env, services: app.services, country },
    { id: user.id, displayName: user.displayName, ageGroup: user.ageGroup ?? null },
    params.conversationId,
    submission.value as TurnRequest,
  );
  if (!turn.ok) {
    const notices = turn.notices ?? [];
    // Crisis resources stay in front of the person even when the turn is refused.
    const noticesHtml = notices.length ? renderToStaticMarkup(createElement(TurnNotices, { notices })) : null;
    if (sse)
      return Response.json(
        {
          status: "error",
          message: turn.message,
          link: turn.link ?? null,
          noticesHtml,
          refusalHtml: refusalHtml(turn.message, turn.link),
        },
        { status: turn.status },
      );
    const typed =
      submission.value.intent === "send" || submission.value.intent === "edit" ? submission.value.content : "";
    return invalidHtml(conversationUrl, actionUrl, turn.message, typed, turn.status, {
      link: turn.link,
      notices,
      formToken: context.get(formTokenContext),
    });
  }

  const run = async (sink: Parameters<typeof runReply>[2]) => {
    // Registered before anything awaits, so a Stop that comes at once still finds it.
    const stop = trackRunningReply(turn.messageId);
    const plan = await turn.assemble();
    // The bot's words are checked too (wellbeing's guard): a harmful reply is withheld.
    const guard = createReplyGuard({
      db: app.db,
      d1: app.env.DB,
      env: app.env,
      userId: user.id,
      userMessage: turn.userMessage,
      country,
      now: new Date(),
    });
    const finished = await runReply(
      { db: app.db, d1: app.env.DB, guard },
      plan,
      sink,
      AbortSignal.any([AbortSignal.timeout(MAX_REPLY_MS), stop.signal]),
    ).finally(stop.release);
    // Billing, usage minutes, analytics: each area's hook, after the reply is saved.
    await runSettledHooks({
      db: app.db,
      d1: app.env.DB,
      env: app.env,
      userId: user.id,
      conversationId: params.conversationId,
      messageId: finished.messageId,
      replyKey: plan.turnId,
      intent: submission.value.intent,
      provider: plan.model.provider,
      keyId: plan.keyId,
      promptTokens: finished.counted.promptTokens,
      completionTokens: finished.counted.completionTokens,
      status: finished.status === "complete" ? "complete" : finished.status === "error" ? "error" : "incomplete",
      now: new Date(),
    });
    // The reply is saved and the browser has its last event; now, still after the response,
    // turn the conversation's newest messages into a memory once enough have accumulated.
    await maybeSummarizeConversation({
      db: app.db,
      d1: app.env.DB,
      services: app.services,
      conversationId: params.conversationId,
      userId: user.id,
    }).catch((error: unknown) => console.error("memory summarization failed", error));
    return finished;
  };
  if (sse) return sseReplyResponse(turn.messageId, run, app.waitUntil, turn.notices);
  return htmlReplyResponse(
    {
      stylesheetHref,
      botName: turn.botName,
      userMessage: turn.userMessage,
      conversationUrl,
      messageId: turn.messageId,
      notices: turn.notices,
      formToken: context.get(formTokenContext),
    },
    run,
    app.waitUntil,
  );
}

/**
 * /chat/:conversationId — the newest messages (earlier pages by `?before=<seq>`), a form
 * to send, and per-message actions. Forms that make the model write post to the reply
 * resource route (streamed); the rest post here with an `intent`.
 */
import { redirect, useRouteLoaderData } from "react-router";
import { sql } from "kysely";
import { z } from "zod";
import { batch } from "#db/batch";
import { messagesWithAlternatives, ownedConversation, recountConversation } from "#db/queries/chat";
import { FormErrors, SelectField, TextField } from "~/components/form";
import { TurnNotices } from "~/components/turn-notices";
import { parseNoticesJson } from "~/lib/chat/turn-gates";
import { PROVIDER_ERROR_MESSAGES } from "~/lib/ai/chat-model";
import { notFound, requireUser } from "~/lib/auth/guards";
import { stopReplyQuery, stopRunningReply } from "~/lib/chat/stop-reply";
import { CONVERSATION_PROVIDERS, PROVIDER_INFO, isConversationProvider } from "~/lib/chat/providers";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { AiDisclosure } from "~/components/ai-disclosure";
import { DemoModelNotice } from "~/components/demo-model-notice";
import { MinorsNotice } from "~/components/minors-notice";
import { plural } from "~/lib/format/plural";
import { renderChatMessage } from "~/lib/markdown/render";
// The page's one script, bundled on its own (decision 0020): no React in the browser.
import chatScriptUrl from "~/client/chat-enhance.ts?worker&url";
import type { Route } from "./+types/conversation";
import { PostForm } from "~/components/post-form";

export const PAGE_SIZE = 30;

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `${loaderData?.conversation.title ?? "Chat"} · BotCafe` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const beforeParam = Number(new URL(request.url).searchParams.get("before"));
  const before = Number.isInteger(beforeParam) && beforeParam > 0 ? beforeParam : null;
  let page = messagesWithAlternatives(db, params.conversationId)
    .orderBy("messages.seq", "desc")
    .limit(PAGE_SIZE + 1);
  if (before) page = page.where("messages.seq", "<", before);
  const [conversations, messages, personas, keys, lastMessage] = await batch(env.DB, [
    ownedConversation(db, params.conversationId, user.id),
    // Read in the same round trip; returned only after the ownership check below.
    page,
    db
      .selectFrom("personas")
      .select(["id", "name"])
      .where("user_id", "=", user.id)
      .orderBy("is_default", "desc")
      .orderBy("name"),
    db.selectFrom("api_keys").select("provider").distinct().where("user_id", "=", user.id).where("is_active", "=", 1),
    db
      .selectFrom("messages")
      .select(["id", "role"])
      .where("conversation_id", "=", params.conversationId)
      .orderBy("seq", "desc")
      .limit(1),
  ]);
  const conversation = conversations[0];
  if (!conversation) notFound("We could not find that conversation.");
  const hasEarlier = messages.length > PAGE_SIZE;
  const shown = messages.slice(0, PAGE_SIZE).reverse();
  const providers = CONVERSATION_PROVIDERS.filter(
    (p) => p === "local" || p === conversation.provider || keys.some((k) => k.provider === p),
  );
  // The offline model answers until the chat uses a key or the platform runs Workers AI.
  const demoModel = conversation.provider === "local" && env.CHAT_MODEL !== "workers-ai";
  // While it does, a model server on this machine is offered (local mode only, never a long wait).
  const { services, waitUntil } = getApp(context);
  const localServer = demoModel && services.localServer ? await services.localServer.offer(env, waitUntil) : null;
  return {
    conversation,
    messages: shown.map((m) => ({
      id: m.id,
      role: m.role,
      content: m.content,
      // Rendered on the server: the page's script never carries a Markdown renderer.
      html: renderChatMessage(m.content),
      seq: m.seq,
      status: m.status,
      createdAt: m.created_at,
      activeAlternative: m.active_alternative,
      alternativeCount: m.alternative_count,
      error: m.error_message,
      stopped: m.finish_reason === "stopped",
      model: m.model,
      hasPromptRecord: m.has_prompt_record === 1,
      notices: m.role === "assistant" ? parseNoticesJson(m.notices_json) : [],
      // A withheld reply (its text was never stored): BotCafe's notice goes where the text would.
      withheldNotices:
        m.role === "assistant" && m.withheld_notice_json ? parseNoticesJson(`[${m.withheld_notice_json}]`) : [],
    })),
    earlierHref: hasEarlier && shown[0] ? `?before=${shown[0].seq}` : null,
    newerHref: before ? "?" : null,
    lastMessageId: lastMessage[0]?.id ?? null,
    personas,
    providers: providers.map((p) => ({ value: p, label: PROVIDER_INFO[p].label })),
    demoModel,
    localServer,
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rename"), title: formField.text("Title", 120) }),
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("unarchive") }),
  z.object({ intent: z.literal("delete-conversation") }),
  z.object({ intent: z.literal("delete-message"), messageId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("stop-reply"), messageId: z.string().min(1).max(64) }),
  z.object({
    intent: z.literal("alternative"),
    messageId: z.string().min(1).max(64),
    position: z.coerce.number().int().min(0).max(1000),
  }),
  z.object({
    intent: z.literal("settings"),
    personaId: z
      .string()
      .max(64)
      .optional()
      .transform((v) => v || null),
    provider: z.string().refine(isConversationProvider, "Pick one of the listed models."),
    model: formField.optionalText("Model", 100),
  }),
]);

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const conversation = await ownedConversation(db, params.conversationId, user.id).executeTakeFirst();
  if (!conversation) notFound("We could not find that conversation.");
  const submission = parseSubmission(await request.formData(), actionSchema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  const id = conversation.id;
  const here = `/chat/${id}`;
  switch (input.intent) {
    case "rename":
      await db.updateTable("conversations").set({ title: input.title }).where("id", "=", id).execute();
      throw redirect(here);
    case "archive":
    case "unarchive":
      await db
        .updateTable("conversations")
        .set({ is_active: input.intent === "archive" ? 0 : 1 })
        .where("id", "=", id)
        .execute();
      throw redirect(here);
    case "delete-conversation":
      await db.deleteFrom("conversations").where("id", "=", id).execute();
      throw redirect("/chat");
    case "delete-message": {
      const [deleted] = await batch(env.DB, [
        db
          .deleteFrom("messages")
          .where("id", "=", input.messageId)
          .where("conversation_id", "=", id)
          .where("status", "!=", "streaming")
          .returning("id"),
        recountConversation(db, id),
      ]);
      if (deleted.length === 0) notFound("We could not find that message.");
      throw redirect(here);
    }
    case "stop-reply": {
      // A reply that already finished is not an error: the person lands on it either way.
      const [stopped] = await batch(env.DB, [stopReplyQuery(db, id, input.messageId)]);
      // Only a reply of this (owned) conversation that was still streaming is aborted.
      if (stopped.length > 0) await stopRunningReply(input.messageId);
      throw redirect(`${here}#m-${input.messageId}`);
    }
    case "alternative": {
      const [updated] = await batch(env.DB, [
        db
          .updateTable("messages")
          .set({
            content: sql<string>`(SELECT content FROM message_alternatives WHERE message_id = messages.id AND position = ${input.position})`,
            metadata: sql<string>`(SELECT metadata FROM message_alternatives WHERE message_id = messages.id AND position = ${input.position})`,
            active_alternative: input.position,
          })
          .where("id", "=", input.messageId)
          .where("conversation_id", "=", id)
          .where("status", "!=", "streaming")
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom("message_alternatives")
                .select("id")
                .where("message_id", "=", input.messageId)
                .where("position", "=", input.position),
            ),
          )
          .returning("id"),
      ]);
      if (updated.length === 0) notFound("We could not find that alternative.");
      throw redirect(`${here}#m-${input.messageId}`);
    }
    case "settings": {
      if (input.personaId) {
        const persona = await db
          .selectFrom("personas")
          .select("id")
          .where("id", "=", input.personaId)
          .where((eb) => eb.or([eb("user_id", "=", user.id), eb("is_public", "=", 1)]))
          .executeTakeFirst();
        if (!persona) return invalidWith(submission.values, { personaId: ["Pick one of your personas."] });
      }
      await db
        .updateTable("conversations")
        .set({ persona_id: input.personaId, provider: input.provider, model: input.model || null })
        .where("id", "=", id)
        .execute();
      throw redirect(here);
    }
  }
}

const buttonClass =
  "rounded border border-stone-300 bg-white px-3 py-1 text-sm hover:bg-stone-100 focus:outline-2 focus:outline-brand-700";

export default function Conversation({ loaderData, actionData }: Route.ComponentProps) {
  const { conversation, messages, earlierHref, newerHref, lastMessageId, personas, providers, demoModel, localServer } =
    loaderData;
  const replyUrl = `/chat/${conversation.id}/reply`;
  const nonce = useRouteLoaderData<{ nonce?: string }>("root")?.nonce;
  const you = conversation.persona_name ?? "You";
  return (
    <div className="mx-auto max-w-3xl space-y-6" data-chat-page="" data-bot-name={conversation.bot_name}>
      <header className="space-y-1">
        <p className="text-sm">
          <a href="/chat" className="text-brand-700 underline">
            All chats
          </a>
        </p>
        <h1 className="break-words text-2xl font-bold">{conversation.title || `Chat with ${conversation.bot_name}`}</h1>
        <p className="text-sm">
          <a href="/help/prompt-inspector" className="text-brand-700 underline">
            Help: how replies and models work
          </a>
        </p>
        <p className="text-sm text-stone-700">
          With{" "}
          <a href={`/bots/${conversation.bot_slug}`} className="text-brand-700 underline">
            {conversation.bot_name}
          </a>{" "}
          as <strong>{you}</strong> · {plural(conversation.message_count, { one: "message", other: "messages" })}
          {conversation.is_active ? "" : " · archived"}
        </p>
        <p className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
          <a href={`/chat/${conversation.id}/memories`} className="text-brand-700 underline">
            Memories of this chat
          </a>
          <a href={`/chat/${conversation.id}/export/jsonl`} className="text-brand-700 underline">
            Export JSONL
          </a>
          <a href={`/chat/${conversation.id}/export/md`} className="text-brand-700 underline">
            Export Markdown
          </a>
        </p>
      </header>

      {demoModel ? <DemoModelNotice localServer={localServer} conversationId={conversation.id} /> : null}

      <FormErrors state={actionData} />

      {newerHref ? (
        <p>
          <a href={newerHref} className="text-brand-700 underline">
            Back to the newest messages
          </a>
        </p>
      ) : null}
      {earlierHref ? (
        <p>
          <a href={earlierHref} className="text-brand-700 underline">
            Earlier messages
          </a>
        </p>
      ) : null}

      <AiDisclosure botName={conversation.bot_name} />
      <MinorsNotice />
      <ol aria-label="Messages" className="space-y-3">
        {messages.map((message) => (
          <MessageItem
            key={message.id}
            message={message}
            name={message.role === "user" ? you : conversation.bot_name}
            isLast={message.id === lastMessageId}
            replyUrl={replyUrl}
            conversationId={conversation.id}
          />
        ))}
      </ol>

      <div data-live="" hidden className="space-y-3" />

      {!newerHref ? (
        <PostForm
          action={replyUrl}
          data-stream=""
          data-send=""
          className="space-y-2 rounded-lg border border-stone-200 bg-white p-4"
        >
          <input type="hidden" name="intent" value="send" />
          <label htmlFor="field-content" className="block font-medium">
            Your message
          </label>
          <textarea
            id="field-content"
            name="content"
            rows={3}
            required
            maxLength={8000}
            className="block w-full rounded border border-stone-300 px-3 py-2"
          />
          <button
            type="submit"
            className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900 disabled:opacity-60"
          >
            Send
          </button>
        </PostForm>
      ) : null}

      <details className="rounded-lg border border-stone-200 bg-white p-4">
        <summary className="cursor-pointer font-medium">Chat settings</summary>
        <PostForm className="mt-4">
          <input type="hidden" name="intent" value="rename" />
          <TextField
            label="Title"
            name="title"
            defaultValue={conversation.title}
            state={actionData}
            maxLength={120}
            required
          />
          <button type="submit" className={buttonClass}>
            Rename
          </button>
        </PostForm>
        <PostForm className="mt-6 space-y-3">
          <input type="hidden" name="intent" value="settings" />
          <SelectField
            label="Persona"
            name="personaId"
            state={actionData}
            defaultValue={conversation.persona_id ?? ""}
            options={[
              { value: "", label: "No persona (your display name)" },
              ...personas.map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
          <SelectField
            label="Model provider"
            name="provider"
            state={actionData}
            defaultValue={conversation.provider}
            options={providers}
            hint={
              <>
                Providers appear here once you add a key under{" "}
                <a href="/settings/keys" className="text-brand-700 underline">
                  API keys
                </a>
                .
              </>
            }
          />
          <TextField
            label="Model name (optional)"
            name="model"
            defaultValue={conversation.model ?? ""}
            state={actionData}
            maxLength={100}
            hint="Leave empty for the key's or provider's default."
          />
          <button type="submit" className={buttonClass}>
            Save settings
          </button>
        </PostForm>
        <div className="mt-6 flex flex-wrap gap-3">
          <PostForm>
            <input type="hidden" name="intent" value={conversation.is_active ? "archive" : "unarchive"} />
            <button type="submit" className={buttonClass}>
              {conversation.is_active ? "Archive chat" : "Unarchive chat"}
            </button>
          </PostForm>
          <PostForm>
            <input type="hidden" name="intent" value="delete-conversation" />
            <button type="submit" className={`${buttonClass} border-red-300 text-red-800`}>
              Delete chat
            </button>
          </PostForm>
        </div>
      </details>
      <script src={chatScriptUrl} nonce={nonce} defer />
    </div>
  );
}

type MessageView = Route.ComponentProps["loaderData"]["messages"][number];

function MessageItem({
  message,
  name,
  isLast,
  replyUrl,
  conversationId,
}: {
  message: MessageView;
  name: string;
  isLast: boolean;
  replyUrl: string;
  conversationId: string;
}) {
  const isUser = message.role === "user";
  const errorText = message.error ?? (message.status === "error" ? PROVIDER_ERROR_MESSAGES.server : null);
  // A provider failure with nothing written is an error on the turn, not the bot's words.
  const failed = !isUser && message.status === "error";
  return (
    <>
      {message.notices.length ? (
        <li className="list-none">
          <TurnNotices notices={message.notices} />
        </li>
      ) : null}
      <li
        id={`m-${message.id}`}
        className={`max-w-[85%] min-w-0 break-words rounded-lg px-4 py-3 ${isUser ? "ml-auto bg-brand-50" : "border border-stone-200 bg-white"}`}
      >
        <p className="flex items-baseline justify-between gap-3 text-sm">
          <strong>{name}</strong>
          <a href={`#m-${message.id}`} className="text-stone-600 underline" title="Link to this message">
            <time dateTime={message.createdAt}>{message.createdAt.slice(0, 16).replace("T", " ")}</time>
          </a>
        </p>
        {/* renderChatMessage escapes raw HTML and checks link protocols. */}
        {failed ? null : message.withheldNotices.length ? (
          <div className="mt-1" data-testid="withheld-reply">
            <TurnNotices notices={message.withheldNotices} />
          </div>
        ) : (
          <div className="chat-message mt-1" dangerouslySetInnerHTML={{ __html: message.html }} />
        )}
        {message.status === "streaming" ? (
          <p className="mt-1 text-sm text-stone-600">Still being written… reload to see more.</p>
        ) : null}
        {message.status === "incomplete" ? (
          <p className="mt-1 text-sm text-amber-800">
            {message.stopped ? "You stopped this reply." : "This reply is incomplete."}
          </p>
        ) : null}
        {errorText ? (
          <p role="alert" className="mt-1 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
            {failed ? "The reply failed: " : ""}
            {errorText}
            {failed ? " Nothing was saved as the bot's message; it is left out of exports and of the next prompt." : ""}
          </p>
        ) : null}

        <div className="mt-2 flex flex-wrap items-center gap-2">
          {message.alternativeCount > 1 ? (
            <nav aria-label="Alternatives" className="flex items-center gap-1 text-sm">
              <PostForm>
                <input type="hidden" name="intent" value="alternative" />
                <input type="hidden" name="messageId" value={message.id} />
                <input type="hidden" name="position" value={message.activeAlternative - 1} />
                <button
                  type="submit"
                  className={buttonClass}
                  disabled={message.activeAlternative <= 0}
                  aria-label="Previous alternative"
                >
                  ‹ Previous
                </button>
              </PostForm>
              <span>
                {message.activeAlternative + 1} / {message.alternativeCount}
              </span>
              <PostForm>
                <input type="hidden" name="intent" value="alternative" />
                <input type="hidden" name="messageId" value={message.id} />
                <input type="hidden" name="position" value={message.activeAlternative + 1} />
                <button
                  type="submit"
                  className={buttonClass}
                  disabled={message.activeAlternative >= message.alternativeCount - 1}
                  aria-label="Next alternative"
                >
                  Next ›
                </button>
              </PostForm>
            </nav>
          ) : null}
          {isLast && !isUser && failed ? (
            // Retrying writes into the failed slot again (turn.ts), adding no alternative.
            <PostForm action={replyUrl} data-stream="">
              <input type="hidden" name="intent" value="regenerate" />
              <button type="submit" className={buttonClass}>
                Try again
              </button>
            </PostForm>
          ) : null}
          {isLast && !isUser && !failed && message.status !== "streaming" ? (
            <>
              <PostForm action={replyUrl} data-stream="">
                <input type="hidden" name="intent" value="regenerate" />
                <button type="submit" className={buttonClass}>
                  Regenerate
                </button>
              </PostForm>
              <PostForm action={replyUrl} data-stream="">
                <input type="hidden" name="intent" value="continue" />
                <button type="submit" className={buttonClass}>
                  Continue
                </button>
              </PostForm>
            </>
          ) : null}
          {message.hasPromptRecord ? (
            <a href={`/chat/${conversationId}/messages/${message.id}/why`} className="text-sm text-brand-700 underline">
              Why did it say this?
            </a>
          ) : null}
          {message.status !== "streaming" ? (
            // Deleting asks first: the button that deletes is behind a disclosure (works without JS).
            <details className="text-sm">
              <summary className={`${buttonClass} inline-block cursor-pointer list-none`}>Delete…</summary>
              <PostForm className="mt-2 rounded border border-red-300 bg-red-50 p-2 text-red-900">
                <input type="hidden" name="intent" value="delete-message" />
                <input type="hidden" name="messageId" value={message.id} />
                <p>Delete this message? This cannot be undone.</p>
                <button type="submit" className={`${buttonClass} mt-2 border-red-400 text-red-800`}>
                  Yes, delete this message
                </button>
              </PostForm>
            </details>
          ) : null}
        </div>
        {isUser ? (
          <details className="mt-2">
            <summary className="cursor-pointer text-sm text-brand-700">Edit and regenerate</summary>
            <PostForm action={replyUrl} data-stream="" className="mt-2 space-y-2">
              <input type="hidden" name="intent" value="edit" />
              <input type="hidden" name="messageId" value={message.id} />
              <label htmlFor={`edit-${message.id}`} className="block text-sm font-medium">
                Edited message (later messages are replaced)
              </label>
              <textarea
                id={`edit-${message.id}`}
                name="content"
                rows={3}
                required
                maxLength={8000}
                defaultValue={message.content}
                className="block w-full rounded border border-stone-300 px-3 py-2"
              />
              <button type="submit" className={buttonClass}>
                Save and regenerate
              </button>
            </PostForm>
          </details>
        ) : null}
      </li>
    </>
  );
}

/** GET /chat/:conversationId/export/(jsonl|md) — download the conversation. */
import { data } from "react-router";
import { notFound, requireUser } from "~/lib/auth/guards";
import { sql } from "kysely";
import { exportFilename, toMarkdown, toSillyTavernJsonl, type ExportAlternative } from "~/lib/chat/export";
import { getApp } from "~/lib/context";
import { batch } from "#db/batch";
import { ownedConversation } from "#db/queries/chat";
import type { Route } from "./+types/export";

const FORMATS = {
  jsonl: { type: "application/jsonl; charset=utf-8", render: toSillyTavernJsonl },
  md: { type: "text/markdown; charset=utf-8", render: toMarkdown },
} as const;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const format = FORMATS[params.format as keyof typeof FORMATS];
  if (!Object.hasOwn(FORMATS, params.format) || !format)
    throw data({ message: "Export as jsonl or md." }, { status: 404 });
  const { db, env } = getApp(context);
  const [conversations, messages] = await batch(env.DB, [
    ownedConversation(db, params.conversationId, user.id),
    db
      .selectFrom("messages")
      .select([
        "role",
        "content",
        "created_at",
        "active_alternative",
        // Alternatives (SillyTavern's swipes) in the same query, as one JSON array per message.
        sql<
          string | null
        >`(SELECT json_group_array(json_object('position', a.position, 'content', a.content, 'created_at', a.created_at)) FROM message_alternatives a WHERE a.message_id = messages.id)`.as(
          "alternatives_json",
        ),
      ])
      .where("conversation_id", "=", params.conversationId)
      // A failed reply (status "error") is not part of the conversation people export.
      .where("status", "!=", "error")
      .orderBy("seq"),
  ]);
  const conversation = conversations[0];
  if (!conversation) notFound("We could not find that conversation.");
  const body = format.render({
    title: conversation.title || `Chat with ${conversation.bot_name}`,
    botName: conversation.bot_name,
    userName: conversation.persona_name ?? user.displayName ?? "You",
    createdAt: conversation.created_at,
    messages: messages.map(({ alternatives_json, ...m }) => ({
      ...m,
      alternatives: alternatives_json ? (JSON.parse(alternatives_json) as ExportAlternative[]) : [],
    })),
  });
  return new Response(body, {
    headers: {
      "Content-Type": format.type,
      "Content-Disposition": `attachment; filename="${exportFilename(conversation.title, params.format)}"`,
      "Cache-Control": "no-store",
    },
  });
}

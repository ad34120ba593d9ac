/** /chat/:conversationId/memories — one conversation's memories, and "summarize now". */
import { redirect } from "react-router";
import { FormErrors } from "~/components/form";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { notFound, requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { maybeSummarizeConversation, SUMMARIZE_EVERY } from "~/lib/memory/conversation-memory";
import { handleMemoryAction, MEMORY_PAGE_SIZE } from "~/lib/memory/memory-actions";
import { batch } from "#db/batch";
import { MemoryList } from "./memory-list";
import type { Route } from "./+types/conversation-memories";
import { plural } from "~/lib/format/plural";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `Memories · ${loaderData?.conversation.bot_name ?? "Conversation"} · BotCafe` }];
}

async function ownConversation(args: {
  request: Request;
  context: Route.LoaderArgs["context"];
  params: { conversationId: string };
}) {
  const user = requireUser(args);
  const { db } = getApp(args.context);
  const conversation = await db
    .selectFrom("conversations")
    .innerJoin("bots", "bots.id", "conversations.bot_id")
    .select([
      "conversations.id",
      "conversations.title",
      "conversations.message_count",
      "conversations.summarized_through_seq",
      "bots.name as bot_name",
    ])
    .where("conversations.id", "=", args.params.conversationId.slice(0, 64))
    .where("conversations.user_id", "=", user.id)
    .executeTakeFirst();
  if (!conversation) notFound("We could not find that conversation.");
  return { user, conversation };
}

export async function loader(args: Route.LoaderArgs) {
  const { user, conversation } = await ownConversation(args);
  const { db, env } = getApp(args.context);
  const page = parsePage(new URL(args.request.url).searchParams.get("page"));
  const [memories, counts, unsummarized] = await batch(env.DB, [
    db
      .selectFrom("memories")
      .select([
        "id",
        "conversation_id",
        "memory_type",
        "summary",
        "importance",
        "access_count",
        "last_accessed",
        "expires_at",
        "created_at",
      ])
      .where("user_id", "=", user.id)
      .where("conversation_id", "=", conversation.id)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(MEMORY_PAGE_SIZE)
      .offset((page - 1) * MEMORY_PAGE_SIZE),
    db
      .selectFrom("memories")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where("user_id", "=", user.id)
      .where("conversation_id", "=", conversation.id),
    db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where("conversation_id", "=", conversation.id)
      .where("seq", ">", conversation.summarized_through_seq),
  ]);
  return {
    conversation,
    memories,
    page,
    totalPages: totalPagesFor(Number(counts[0]?.total ?? 0), MEMORY_PAGE_SIZE),
    unsummarized: Number(unsummarized[0]?.total ?? 0),
  };
}

export async function action(args: Route.ActionArgs) {
  const { user, conversation } = await ownConversation(args);
  const app = getApp(args.context);
  const formData = await args.request.formData();
  const back = `/chat/${conversation.id}/memories`;
  if (formData.get("intent") === "summarize") {
    await maybeSummarizeConversation({
      db: app.db,
      d1: app.env.DB,
      services: app.services,
      conversationId: conversation.id,
      userId: user.id,
      force: true,
    });
    throw redirect(back);
  }
  const result = await handleMemoryAction({ ...app, userId: user.id, conversationId: conversation.id }, formData);
  if (result) return result;
  throw redirect(back);
}

export default function ConversationMemories({ loaderData, actionData }: Route.ComponentProps) {
  const { conversation, memories, page, totalPages, unsummarized } = loaderData;
  return (
    <div className="mx-auto max-w-3xl">
      <p>
        <a href={`/chat/${conversation.id}`} className="text-sm text-brand-700 underline">
          ← Back to the conversation
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">Memories with {conversation.bot_name}</h1>
      <p className="mt-2 text-stone-700">
        A memory is made every {SUMMARIZE_EVERY} messages.{" "}
        {plural(unsummarized, { one: "message is", other: "messages are" })} not in a memory yet.
      </p>
      <PostForm className="mt-3">
        <button
          type="submit"
          name="intent"
          value="summarize"
          disabled={unsummarized === 0}
          className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-900 disabled:opacity-50"
        >
          Summarize now
        </button>
      </PostForm>
      <FormErrors state={actionData} />
      <MemoryList memories={memories} state={actionData} showConversation={false} />
      <Pagination path={`/chat/${conversation.id}/memories`} page={page} totalPages={totalPages} label="Memory pages" />
    </div>
  );
}

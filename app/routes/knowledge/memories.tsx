/** /memories — everything BotCafe remembers about the signed-in person, across conversations. */
import { redirect } from "react-router";
import { FormErrors } from "~/components/form";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { handleMemoryAction, MEMORY_PAGE_SIZE } from "~/lib/memory/memory-actions";
import { batch } from "#db/batch";
import { MemoryList } from "./memory-list";
import type { Route } from "./+types/memories";

export function meta() {
  return [{ title: "Your memories · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const page = parsePage(new URL(request.url).searchParams.get("page"));
  const [memories, counts] = await batch(env.DB, [
    db
      .selectFrom("memories")
      .leftJoin("conversations", "conversations.id", "memories.conversation_id")
      .select([
        "memories.id",
        "memories.conversation_id",
        "memories.memory_type",
        "memories.summary",
        "memories.importance",
        "memories.access_count",
        "memories.last_accessed",
        "memories.expires_at",
        "memories.created_at",
        "conversations.title as conversation_title",
      ])
      .where("memories.user_id", "=", user.id)
      .orderBy("memories.created_at", "desc")
      .orderBy("memories.id", "desc")
      .limit(MEMORY_PAGE_SIZE)
      .offset((page - 1) * MEMORY_PAGE_SIZE),
    db
      .selectFrom("memories")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where("user_id", "=", user.id),
  ]);
  return { memories, page, totalPages: totalPagesFor(Number(counts[0]?.total ?? 0), MEMORY_PAGE_SIZE) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const app = getApp(context);
  const result = await handleMemoryAction({ ...app, userId: user.id }, await request.formData());
  if (result) return result;
  const url = new URL(request.url);
  throw redirect(url.pathname + url.search);
}

export default function Memories({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-bold">Your memories</h1>
      <p className="mt-2 text-stone-700">
        What your bots remember from your conversations. Pinned memories are kept; short-term ones expire. Deleting a
        memory removes it from retrieval too.
      </p>
      <FormErrors state={actionData} />
      <MemoryList memories={loaderData.memories} state={actionData} showConversation />
      <Pagination path="/memories" page={loaderData.page} totalPages={loaderData.totalPages} label="Memory pages" />
    </div>
  );
}

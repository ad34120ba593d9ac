/** POST /chat/new: start a conversation with a bot (the bot page's "Start chat" form). */
import { data, redirect } from "react-router";
import { z } from "zod";
import { getOptionalUser } from "~/lib/auth/guards";
import { startConversation } from "~/lib/chat/conversations";
import { getApp } from "~/lib/context";
import { enforceRateLimit } from "~/lib/http/rate-limit";
import { parseSubmission } from "~/lib/forms";
import type { Route } from "./+types/new";

const startSchema = z.object({
  botId: z
    .string({ error: "Pick a bot to chat with." })
    .trim()
    .min(1, "Pick a bot to chat with.")
    .max(64, "That bot id is not valid."),
  personaId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || undefined),
});

export function loader() {
  throw redirect("/chat");
}

export async function action({ request, context }: Route.ActionArgs) {
  const { db, env } = getApp(context);
  const formData = await request.formData();
  const user = getOptionalUser({ context });
  if (!user) {
    // Signed out on a bot page: sign in, then come back to that bot to press Start again.
    const botId = formData.get("botId");
    const bot =
      typeof botId === "string" && botId.length <= 64
        ? await db
            .selectFrom("bots")
            .select("slug")
            .where("id", "=", botId)
            .where("is_public", "=", 1)
            .executeTakeFirst()
        : undefined;
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(bot ? `/bots/${bot.slug}` : "/chat")}`);
  }
  await enforceRateLimit({ request, context }, "chat_create", user.id);
  const submission = parseSubmission(formData, startSchema);
  if (submission.status === "invalid")
    throw data(
      { message: Object.values(submission.fieldErrors)[0]?.[0] ?? "That request did not look right." },
      { status: 400 },
    );
  const result = await startConversation(
    db,
    env.DB,
    { id: user.id, displayName: user.displayName, ageGroup: user.ageGroup },
    submission.value,
  );
  if (!result.ok) throw data({ message: result.message }, { status: result.field === "botId" ? 404 : 400 });
  throw redirect(`/chat/${result.conversationId}`);
}

/**
 * Never rendered (the loader and the action always redirect or throw), but with a
 * component this is a page route, so what the action throws — an unknown bot, or the 429
 * for starting chats too fast — shows as the site's error page instead of raw JSON.
 */
export default function NewChat() {
  return null;
}

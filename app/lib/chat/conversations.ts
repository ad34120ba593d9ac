/**
 * Starting a conversation: the bot must be public or the person's own; the persona must
 * be theirs (or public). The greeting becomes the first assistant message with its
 * macros filled in, and the card's alternate greetings become its alternatives.
 */
import { sql } from "kysely";
import { batch } from "#db/batch";
import { usageAnalyticsIncrement } from "~/lib/analytics/usage";
import { appendMessage, recountConversation } from "#db/queries/chat";
import type { AgeGroup, DB } from "#db/schema";
import { newId } from "../ids";
import { parseJsonArray } from "../json";
import { replaceMacros } from "./macros";

export type StartResult =
  { ok: true; conversationId: string } | { ok: false; field: "botId" | "personaId"; message: string };

export async function startConversation(
  db: DB,
  d1: D1Database,
  user: { id: string; displayName: string | null; ageGroup?: AgeGroup | null },
  input: { botId: string; personaId?: string | undefined },
): Promise<StartResult> {
  const [bots, personas] = await batch(d1, [
    db
      .selectFrom("bots")
      .select(["id", "name", "greeting", "alternate_greetings", "is_public", "created_by_id"])
      .where("id", "=", input.botId)
      // Public, the person's own, or shared with them (any grant level lets them chat).
      .where((eb) =>
        eb.or([
          eb("is_public", "=", 1),
          eb("created_by_id", "=", user.id),
          eb(
            "id",
            "in",
            eb
              .selectFrom("access_control")
              .select("resource_id")
              .where("resource_type", "=", "bot")
              .where("user_id", "=", user.id),
          ),
        ]),
      )
      // A known minor is never served an NSFW bot (issue 11).
      .$if(user.ageGroup === "minor", (q) => q.where("is_nsfw", "=", 0)),
    // The chosen persona, or else the person's default one.
    db
      .selectFrom("personas")
      .select(["id", "name", "user_id", "is_default"])
      .where((eb) =>
        input.personaId
          ? eb.and([eb("id", "=", input.personaId), eb.or([eb("user_id", "=", user.id), eb("is_public", "=", 1)])])
          : eb.and([eb("user_id", "=", user.id), eb("is_default", "=", 1)]),
      )
      .limit(1),
  ]);
  const bot = bots[0];
  if (!bot) return { ok: false, field: "botId", message: "That bot does not exist or is private." };
  const persona = personas[0];
  if (input.personaId && !persona) return { ok: false, field: "personaId", message: "Pick one of your personas." };

  const names = { char: bot.name, user: persona?.name ?? user.displayName ?? "You" };
  const conversationId = newId();
  const greetingId = newId();
  const greetings = [bot.greeting, ...parseJsonArray(bot.alternate_greetings)]
    .map((g) => replaceMacros(g, names).trim())
    .filter(Boolean);
  const writes = [
    db.insertInto("conversations").values({
      id: conversationId,
      user_id: user.id,
      bot_id: bot.id,
      persona_id: persona?.id ?? null,
      title: `Chat with ${bot.name}`,
      participants: JSON.stringify({ bots: [bot.id], personas: persona ? [persona.id] : [] }),
    }),
    db
      .updateTable("bots")
      .set({ conversation_count: sql<number>`conversation_count + 1` })
      .where("id", "=", bot.id),
  ];
  const greetingWrites = greetings.length
    ? [
        appendMessage(db, {
          id: greetingId,
          conversationId,
          role: "assistant",
          content: greetings[0]!,
          senderType: "bot",
          senderId: bot.id,
          metadata: JSON.stringify({ provider: "greeting", model: "greeting" }),
        }),
        ...(greetings.length > 1
          ? [
              db
                .insertInto("message_alternatives")
                .values(
                  greetings.map((content, position) => ({ id: newId(), message_id: greetingId, position, content })),
                ),
            ]
          : []),
      ]
    : [];
  await batch(d1, [
    ...writes,
    ...greetingWrites,
    recountConversation(db, conversationId),
    usageAnalyticsIncrement(db, { userId: user.id, now: new Date(), conversationsStarted: 1 }),
  ]);
  return { ok: true, conversationId };
}

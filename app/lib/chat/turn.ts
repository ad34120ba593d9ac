/**
 * Prepares one turn of a conversation: checks the request against the conversation's
 * state, writes the rows the turn needs (the user's message, the reply placeholder, an
 * alternative slot), picks the model, gathers retrieved context and assembles the prompt.
 * The result is a ReplyPlan for runReply; nothing here talks to the browser.
 */
import { sql } from "kysely";
import { batch } from "#db/batch";
import { appendMessage, recountConversation } from "#db/queries/chat";
import type { AgeGroup, DB } from "#db/schema";
import { outOfTokensRefusal } from "../billing/chat";
import { batchWithHold, heldWindow, planChatHold } from "../billing/reservations";
import { newId } from "../ids";
import { parseJsonArray, parseJsonObject } from "../json";
import type { Services } from "../services";
import { assemblePrompt, PromptTooLargeError, type HistoryMessage, type PromptPersona } from "./prompt";
import { PROMPT_WINDOW_CAP, resolveChatModel } from "./providers";
import type { ReplyPlan } from "./reply";
import { gatherTurnContext } from "./turn-context";
import { runTurnGates, TURN_GATES, type NoticeLink, type TurnGate, type TurnNotice } from "./turn-gates";

export type TurnRequest =
  | { intent: "send"; content: string }
  | { intent: "regenerate" }
  | { intent: "continue" }
  | { intent: "edit"; messageId: string; content: string };

export interface TurnDeps {
  db: DB;
  d1: D1Database;
  env: Parameters<typeof resolveChatModel>[0]["env"];
  services: Services;
  fetch?: typeof fetch;
  /** The turn gates to run (wellbeing, billing); all registered ones unless a test says otherwise. */
  gates?: readonly TurnGate[];
  /** The request's country (request.cf.country), for region-specific notices. */
  country?: string | null;
}

export interface TurnUser {
  id: string;
  displayName: string | null;
  ageGroup?: AgeGroup | null;
}

/** Why a turn did not start. `notices` are crisis notices that must be shown even so. */
type TurnRefusal = {
  ok: false;
  status: 400 | 402 | 403 | 404 | 409 | 429;
  message: string;
  link?: NoticeLink;
  notices?: TurnNotice[];
};

/** A turn whose messages are checked and saved, with the prompt still to build. */
export type ReservedTurn =
  | {
      ok: true;
      conversationId: string;
      messageId: string;
      botName: string;
      userMessage: string | null;
      notices: TurnNotice[];
      assemble: () => Promise<ReplyPlan>;
    }
  | TurnRefusal;

export type PreparedTurn =
  | {
      ok: true;
      plan: ReplyPlan;
      conversationId: string;
      botName: string;
      userMessage: string | null;
      notices: TurnNotice[];
    }
  | TurnRefusal;

/** How many recent messages are read for a turn; the prompt budget decides how many go in. */
export const HISTORY_LIMIT = 200;
export const MAX_REPLY_TOKENS = 512;
/** Longer than any reply may run (the reply route stops runs at 120 s). */
export const STALE_STREAM_MS = 180_000;

async function loadConversation(db: DB, d1: D1Database, conversationId: string, userId: string) {
  const [rows, history, streaming] = await batch(d1, [
    db
      .selectFrom("conversations")
      .innerJoin("bots", "bots.id", "conversations.bot_id")
      .leftJoin("personas", "personas.id", "conversations.persona_id")
      .select([
        "conversations.id",
        "conversations.provider",
        "conversations.model",
        "bots.id as bot_id",
        "bots.name as bot_name",
        "bots.created_by_id as bot_created_by_id",
        "bots.system_prompt",
        "bots.personality",
        "bots.description",
        "bots.scenario",
        "bots.example_dialogues",
        "bots.post_history_instructions",
        "personas.name as persona_name",
        "personas.description as persona_description",
        "personas.communication_style",
        "personas.response_length",
        "personas.humor_level",
        "personas.formality_level",
        "personas.emotional_expressiveness",
        "personas.topics_of_interest",
        "personas.signature_phrases",
        "personas.personality_traits",
      ])
      .where("conversations.id", "=", conversationId)
      .where("conversations.user_id", "=", userId)
      // The bot must still be one this person may chat with: public, their own, or shared
      // with them (a revoked grant or a bot unpublished by moderation ends the chat).
      .where((eb) =>
        eb.or([
          eb("bots.is_public", "=", 1),
          eb("bots.created_by_id", "=", userId),
          eb(
            "bots.id",
            "in",
            eb
              .selectFrom("access_control")
              .select("resource_id")
              .where("resource_type", "=", "bot")
              .where("user_id", "=", userId),
          ),
        ]),
      ),
    db
      .selectFrom("messages")
      .select(["id", "role", "content", "seq", "status"])
      .where("conversation_id", "=", conversationId)
      .orderBy("seq", "desc")
      .limit(HISTORY_LIMIT),
    db
      .selectFrom("messages")
      .select(["id", sql<string | null>`json_extract(metadata, '$.streamingSince')`.as("since")])
      .where("conversation_id", "=", conversationId)
      .where("status", "=", "streaming"),
  ]);
  return { conversation: rows[0], history: history.reverse(), streaming };
}

/** Check, save and plan a turn in one go (tests and callers that need the plan up front). */
export async function prepareTurn(
  deps: TurnDeps,
  user: TurnUser,
  conversationId: string,
  request: TurnRequest,
): Promise<PreparedTurn> {
  const turn = await reserveTurn(deps, user, conversationId, request);
  if (!turn.ok) return turn;
  const { assemble, messageId: _messageId, ...rest } = turn;
  return { ...rest, plan: await assemble() };
}

/**
 * Everything a turn must settle before the response starts — ownership, validation of the
 * target message, the model resolved, the user's message and the reply's slot saved
 * together with the hold on the reply's most possible cost (app/lib/billing/reservations.ts:
 * the turn's first batch writes nothing unless the balance could hold it) — and, as
 * `assemble`, the slower part (retrieval and prompt assembly) that the reply route runs
 * after the first bytes are on their way.
 */
export async function reserveTurn(
  deps: TurnDeps,
  user: TurnUser,
  conversationId: string,
  request: TurnRequest,
): Promise<ReservedTurn> {
  const { db, d1 } = deps;
  const { conversation, history, streaming } = await loadConversation(db, d1, conversationId, user.id);
  if (!conversation) return { ok: false, status: 404, message: "We could not find that conversation." };
  // One reply at a time. A reply still "streaming" long after any run could have ended
  // lost its worker: keep what was checkpointed and mark it incomplete.
  const staleBefore = new Date(Date.now() - STALE_STREAM_MS).toISOString();
  if (streaming.some((m) => !m.since || m.since > staleBefore))
    return {
      ok: false,
      status: 409,
      message: "A reply is still being written. Wait for it to finish, then try again.",
    };
  if (streaming.length) {
    await db
      .updateTable("messages")
      .set({ status: "incomplete" })
      .where(
        "id",
        "in",
        streaming.map((m) => m.id),
      )
      .where("status", "=", "streaming")
      .execute();
    for (const m of history) if (m.status === "streaming") m.status = "incomplete";
  }

  const last = history[history.length - 1];
  // Refuse what cannot be done before the gates run (a gate may count what it sees).
  if ((request.intent === "regenerate" || request.intent === "continue") && (!last || last.role !== "assistant")) {
    return {
      ok: false,
      status: 409,
      message: `Only the last reply can be ${request.intent === "regenerate" ? "regenerated" : "continued"}.`,
    };
  }
  if (request.intent === "edit" && history.find((m) => m.id === request.messageId)?.role !== "user") {
    return { ok: false, status: 404, message: "We could not find that message to edit." };
  }

  const resolved = await resolveChatModel({
    db,
    env: deps.env,
    services: deps.services,
    userId: user.id,
    provider: conversation.provider,
    model: conversation.model,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const gates = await runTurnGates(
    {
      db,
      d1,
      env: deps.env as Env,
      user: { id: user.id, ageGroup: user.ageGroup ?? null },
      conversationId,
      botId: conversation.bot_id,
      intent: request.intent,
      userMessage: request.intent === "send" || request.intent === "edit" ? request.content : null,
      provider: resolved.ok ? resolved.model.provider : resolved.provider,
      keyId: resolved.ok ? resolved.keyId : null,
      country: deps.country ?? null,
      now: new Date(),
      maxReplyTokens: MAX_REPLY_TOKENS,
    },
    deps.gates ?? TURN_GATES,
  );
  if (gates.refusal)
    return {
      ok: false,
      status: gates.refusal.status,
      message: gates.refusal.message,
      ...(gates.refusal.link ? { link: gates.refusal.link } : {}),
      notices: gates.notices,
    };
  const notices = gates.notices;

  // A reply from BotCafe's hosted model holds its most possible cost in the same batch as
  // the turn's first rows; the settled hook gives back what it did not use.
  const turnId = newId();
  const windowCap = resolved.ok ? Math.min(resolved.model.contextWindow, PROMPT_WINDOW_CAP) : 0;
  const hold = resolved.ok
    ? planChatHold(d1, deps.env as Env, {
        userId: user.id,
        turnId,
        provider: resolved.model.provider,
        keyId: resolved.keyId,
        contextWindow: windowCap,
        maxReplyTokens: MAX_REPLY_TOKENS,
      })
    : null;
  let held: number | null = null;
  // The balance could not hold the reply (it changed since the gate read it): refused like
  // the gate refuses, with nothing written and any crisis notice still shown.
  const holdRefused = async (): Promise<TurnRefusal> => {
    const refusal = await outOfTokensRefusal(db, deps.env as Env, user.id, new Date(), MAX_REPLY_TOKENS);
    return {
      ok: false,
      status: refusal.status,
      message: refusal.message,
      ...(refusal.link ? { link: refusal.link } : {}),
      notices: notices.filter((n) => n.kind === "crisis"),
    };
  };

  const assistantId = newId();
  let promptHistory: HistoryMessage[];
  let alternativeId: string | null = null;
  let variant = 0;
  let prefix = "";
  let messageId = assistantId;
  let userMessage: string | null = null;
  const streamingSince = JSON.stringify({
    streamingSince: new Date().toISOString(),
    ...(notices.length ? { notices } : {}),
  });
  const placeholder = {
    id: assistantId,
    conversationId,
    role: "assistant" as const,
    content: "",
    senderType: "bot" as const,
    senderId: conversation.bot_id,
    status: "streaming" as const,
    metadata: streamingSince,
  };
  const markStreaming = sql<string>`json_set(metadata, '$.streamingSince', ${new Date().toISOString()})`;

  // Failed replies (status "error") are errors on their turn, not words of the bot: they
  // never reach the prompt.
  const spoken = (messages: typeof history) => messages.filter((m) => m.status !== "error");

  switch (request.intent) {
    case "send": {
      userMessage = request.content;
      const written = await batchWithHold(d1, hold, [
        appendMessage(db, {
          id: newId(),
          conversationId,
          role: "user",
          content: request.content,
          senderType: conversation.persona_name ? "persona" : "user",
          senderId: user.id,
        }),
        appendMessage(db, placeholder),
        recountConversation(db, conversationId),
      ]);
      if (!written.ok) return holdRefused();
      held = written.held;
      promptHistory = [...spoken(history), { role: "user", content: request.content }];
      break;
    }
    case "regenerate": {
      if (!last || last.role !== "assistant")
        return { ok: false, status: 409, message: "Only the last reply can be regenerated." };
      messageId = last.id;
      if (last.status === "error") {
        // Try again after a failure: write into the failed slot (the message, or its active
        // alternative) instead of keeping the failure as an alternative.
        const written = await batchWithHold(d1, hold, [
          db
            .selectFrom("message_alternatives")
            .innerJoin("messages", "messages.id", "message_alternatives.message_id")
            .select(["message_alternatives.id", "message_alternatives.position"])
            .where("message_alternatives.message_id", "=", last.id)
            .whereRef("message_alternatives.position", "=", "messages.active_alternative"),
          db
            .updateTable("messages")
            .set({ status: "streaming", content: "", metadata: streamingSince })
            .where("id", "=", last.id)
            .where("status", "=", "error"),
        ]);
        if (!written.ok) return holdRefused();
        held = written.held;
        const [failedSlot] = written.results;
        alternativeId = failedSlot[0]?.id ?? null;
        variant = failedSlot[0]?.position ?? 0;
        promptHistory = spoken(history.slice(0, -1));
        break;
      }
      alternativeId = newId();
      // Keep the current text as alternative 0 the first time, then add a new slot.
      const written = await batchWithHold(d1, hold, [
        db
          .insertInto("message_alternatives")
          .columns(["id", "message_id", "position", "content", "metadata"])
          .expression(
            db
              .selectFrom("messages")
              .select([
                sql.val(newId()).as("id"),
                "messages.id as message_id",
                sql.lit(0).as("position"),
                "messages.content",
                "messages.metadata",
              ])
              .where("messages.id", "=", last.id)
              .where(({ not, exists, selectFrom }) =>
                not(
                  exists(
                    selectFrom("message_alternatives")
                      .select("message_alternatives.id")
                      .where("message_alternatives.message_id", "=", last.id),
                  ),
                ),
              ),
          ),
        db.insertInto("message_alternatives").values({
          id: alternativeId,
          message_id: last.id,
          content: "",
          position: sql<number>`(SELECT COALESCE(MAX(position), -1) + 1 FROM message_alternatives WHERE message_id = ${last.id})`,
        }),
        db
          .updateTable("messages")
          .set({
            status: "streaming",
            content: "",
            metadata: markStreaming,
            active_alternative: sql<number>`(SELECT position FROM message_alternatives WHERE id = ${alternativeId})`,
          })
          .where("id", "=", last.id),
        db.selectFrom("message_alternatives").select("position").where("id", "=", alternativeId),
      ]);
      if (!written.ok) return holdRefused();
      held = written.held;
      const [, , , slot] = written.results;
      promptHistory = spoken(history.slice(0, -1));
      variant = slot[0]?.position ?? 1;
      break;
    }
    case "continue": {
      if (!last || last.role !== "assistant")
        return { ok: false, status: 409, message: "Only the last reply can be continued." };
      messageId = last.id;
      prefix = last.content;
      const active = await db
        .selectFrom("message_alternatives")
        .innerJoin("messages", "messages.id", "message_alternatives.message_id")
        .select("message_alternatives.id")
        .where("message_alternatives.message_id", "=", last.id)
        .whereRef("message_alternatives.position", "=", "messages.active_alternative")
        .executeTakeFirst();
      alternativeId = active?.id ?? null;
      const written = await batchWithHold(d1, hold, [
        db.updateTable("messages").set({ status: "streaming", metadata: markStreaming }).where("id", "=", last.id),
      ]);
      if (!written.ok) return holdRefused();
      held = written.held;
      promptHistory = spoken(history);
      break;
    }
    case "edit": {
      const edited = history.find((m) => m.id === request.messageId);
      if (!edited || edited.role !== "user")
        return { ok: false, status: 404, message: "We could not find that message to edit." };
      userMessage = request.content;
      const written = await batchWithHold(d1, hold, [
        db.updateTable("messages").set({ content: request.content }).where("id", "=", edited.id),
        db.deleteFrom("messages").where("conversation_id", "=", conversationId).where("seq", ">", edited.seq),
        appendMessage(db, placeholder),
        recountConversation(db, conversationId),
      ]);
      if (!written.ok) return holdRefused();
      held = written.held;
      promptHistory = [
        ...spoken(history).filter((m) => m.seq < edited.seq),
        { role: "user", content: request.content },
      ];
      break;
    }
  }

  const persona: PromptPersona = {
    name: conversation.persona_name ?? user.displayName ?? "You",
    description: conversation.persona_description ?? "",
    communication_style: conversation.communication_style,
    response_length: conversation.response_length,
    humor_level: conversation.humor_level,
    formality_level: conversation.formality_level,
    emotional_expressiveness: conversation.emotional_expressiveness,
    topics_of_interest: parseJsonArray(conversation.topics_of_interest),
    signature_phrases: parseJsonArray(conversation.signature_phrases),
    personality_traits: parseJsonObject(conversation.personality_traits),
  };
  // Only the bot's creator may see its definition quoted back (docs/decisions/0011).
  const quoteBotDefinition = conversation.bot_created_by_id === user.id;
  const planBase = {
    turnId,
    conversationId,
    messageId,
    alternativeId,
    prefix,
    variant,
    maxReplyTokens: MAX_REPLY_TOKENS,
    notices,
    quoteBotDefinition,
  };

  const reserved = {
    ok: true as const,
    conversationId,
    messageId,
    botName: conversation.bot_name,
    userMessage,
    notices,
  };
  if (!resolved.ok) {
    const stub = { provider: resolved.provider, model: resolved.model, contextWindow: 0, async *stream() {} };
    return {
      ...reserved,
      assemble: async () => ({
        ...planBase,
        model: stub,
        messages: [],
        report: undefined,
        keyId: null,
        failure: resolved.error,
      }),
    };
  }
  const model = resolved.model;
  // A balance smaller than the full hold pays for a smaller window: the prompt is
  // assembled to fit what was held, so the reply can never cost more than that.
  const contextWindow = hold && held !== null ? heldWindow(hold, held, windowCap) : windowCap;
  const assemble = async (): Promise<ReplyPlan> => {
    try {
      const turnContext = await gatherTurnContext({
        db,
        d1,
        services: deps.services,
        userId: user.id,
        botId: conversation.bot_id,
        conversationId,
        recentMessages: promptHistory.map((m) => ({ role: m.role, content: m.content })),
      });
      const { messages, report } = assemblePrompt({
        bot: {
          name: conversation.bot_name,
          system_prompt: conversation.system_prompt,
          personality: conversation.personality,
          description: conversation.description,
          scenario: conversation.scenario,
          example_dialogues: conversation.example_dialogues,
          post_history_instructions: conversation.post_history_instructions,
        },
        persona,
        history: promptHistory,
        context: turnContext,
        provider: model.provider,
        model: model.model,
        contextWindow,
        maxReplyTokens: MAX_REPLY_TOKENS,
        platformInstructions: gates.promptInstructions,
      });
      return { ...planBase, model, messages, report, keyId: resolved.keyId };
    } catch (error) {
      // The response has already started: a failure here ends the reply with a saved,
      // clear message instead of an error page.
      const tooLarge = error instanceof PromptTooLargeError;
      if (!tooLarge) console.error("preparing the prompt failed", error);
      return {
        ...planBase,
        model,
        messages: [],
        report: undefined,
        keyId: null,
        failure: tooLarge
          ? contextWindow < windowCap
            ? {
                kind: "context_length",
                message:
                  "Your token balance covers only a short prompt, and this message with the character definition does not fit in it. Nothing was charged. Buy tokens, or chat with the free demo model.",
              }
            : {
                kind: "context_length",
                message:
                  "This message and the character definition are too long for the model's context window. Try a shorter message.",
              }
          : { kind: "server", message: "Something went wrong while preparing this reply. Try again." },
      };
    }
  };
  return { ...reserved, assemble };
}

/**
 * What `gatherTurnContext` does for each chat turn: world info fired by the recent
 * messages, knowledge chunks and memories similar to them. Each source that fails (an
 * index outage, say) is logged and left out, so a turn is never lost to retrieval.
 */
import {
  DEFAULT_CONTEXT_BUDGETS,
  type ContextEntry,
  type TurnContext,
  type TurnContextInput,
} from "../chat/turn-context";
import { myKnowledgeIdsQuery, retrieveKnowledge } from "../knowledge/retrieve";
import { retrieveMemories } from "../memory/retrieve";
import { activateWorldInfo } from "../world-info/activate";
import { parseLorebookSettings, parseWorldInfoSettings } from "../world-info/settings";
import { batch } from "#db/batch";
import { truncateToTokens } from "./tokens";

/** How many recent messages make up the retrieval query. */
const QUERY_MESSAGES = 3;
/** World-info entries of one bot considered per turn (a card's lorebook rarely has more). */
const MAX_WORLD_INFO_ENTRIES = 500;

export async function gatherTurnContextFor(input: TurnContextInput): Promise<TurnContext> {
  const { db, d1, services, userId, botId, recentMessages } = input;
  const [bots, worldInfoRows, collections, myKnowledge] = await batch(d1, [
    db.selectFrom("bots").select(["card_extras"]).where("id", "=", botId),
    db
      .selectFrom("knowledge")
      .select(["id", "title", "content", "world_info"])
      .where("bot_id", "=", botId)
      .where("content_type", "=", "world_info")
      // Only lore its creator wrote: never an entry someone else re-filed onto the bot.
      .where("created_by_id", "=", db.selectFrom("bots").select("created_by_id").where("id", "=", botId))
      .orderBy("created_at")
      .limit(MAX_WORLD_INFO_ENTRIES),
    // Collections filed under the bot, and collections it draws on that are public or its creator's.
    db
      .selectFrom("knowledge_collections as kc")
      .select("kc.id")
      .where((eb) =>
        eb.or([
          eb("kc.bot_id", "=", botId),
          eb.and([
            eb("kc.id", "in", eb.selectFrom("bot_collections").select("collection_id").where("bot_id", "=", botId)),
            eb.or([
              eb("kc.is_public", "=", 1),
              eb("kc.created_by_id", "=", eb.selectFrom("bots").select("created_by_id").where("id", "=", botId)),
            ]),
          ]),
        ]),
      )
      .limit(50),
    myKnowledgeIdsQuery(db, userId),
  ]);
  const book = parseLorebookSettings(bots[0]?.card_extras);
  const budgets = { ...DEFAULT_CONTEXT_BUDGETS, ...(book.token_budget ? { world_info: book.token_budget } : {}) };

  const texts = recentMessages.filter((m) => m.role !== "system").map((m) => m.content);
  const worldInfo: ContextEntry[] = activateWorldInfo(
    worldInfoRows.map((row) => ({
      id: row.id,
      title: row.title,
      content: row.content,
      settings: parseWorldInfoSettings(row.world_info),
    })),
    texts,
    book,
  ).map(({ entry, reason }) => ({
    kind: "world_info",
    sourceId: entry.id,
    title: entry.settings.comment || entry.title,
    text: entry.content,
    priority: entry.settings.priority,
    position: entry.settings.position === "after_char" ? "after_character" : "before_character",
    reason,
  }));

  const queryText = truncateToTokens(texts.slice(-QUERY_MESSAGES).join("\n"), services.embedder.maxInputTokens);
  let knowledge: ContextEntry[] = [];
  let memories: ContextEntry[] = [];
  if (queryText.trim()) {
    try {
      const [queryVector] = await services.embedder.embed([queryText]);
      const common = { db, vectorIndex: services.vectorIndex, queryVector: queryVector! };
      [knowledge, memories] = await Promise.all([
        retrieveKnowledge({
          ...common,
          embedder: services.embedder,
          botId,
          collectionIds: collections.map((c) => c.id),
          myKnowledgeIds: myKnowledge.map((k) => k.id),
        }).catch((error: unknown) => {
          console.error("knowledge retrieval failed", error);
          return [];
        }),
        retrieveMemories({ ...common, userId, botId }).catch((error: unknown) => {
          console.error("memory retrieval failed", error);
          return [];
        }),
      ]);
    } catch (error) {
      console.error("embedding the turn query failed", error);
    }
  }
  return { entries: [...worldInfo, ...knowledge, ...memories], budgets };
}

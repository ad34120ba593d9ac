/**
 * Chat demo data: personas for the demo user (one default) and a public one by the demo
 * creator, and one short conversation so /chat has something to show. Counts are
 * recomputed from the rows, so they are exact however often the seed runs.
 */
import { insert, insertWithCreatedAt } from "./sql.ts";

export function chatSeed(): string[] {
  const out: string[] = [
    insert("personas", {
      id: "seed-persona-sam",
      user_id: "demo-user",
      name: "Sam",
      description: "A curious traveller who asks a lot of questions.",
      communication_style: "casual",
      topics_of_interest: JSON.stringify(["maps", "old stories", "tea"]),
      signature_phrases: JSON.stringify(["Tell me more!"]),
      personality_traits: JSON.stringify({ curiosity: 9, patience: 6 }),
      response_length: "moderate",
      humor_level: "subtle",
      formality_level: "casual",
      emotional_expressiveness: "moderate",
      is_default: true,
    }),
    insert("personas", {
      id: "seed-persona-casey",
      user_id: "demo-creator",
      name: "Casey the Curious",
      description: "An inventor who tinkers with everything and narrates while doing it.",
      communication_style: "playful",
      is_public: true,
    }),
    insertWithCreatedAt(
      "conversations",
      {
        id: "seed-chat-1",
        user_id: "demo-user",
        bot_id: "seed-bot-000",
        persona_id: "seed-persona-sam",
        title: "First visit",
      },
      30,
    ),
    insertWithCreatedAt(
      "messages",
      {
        id: "seed-chat-1-m1",
        conversation_id: "seed-chat-1",
        seq: 1,
        role: "assistant",
        sender_type: "bot",
        sender_id: "seed-bot-000",
        content: "*looks up* Oh, hello Sam! Welcome in.",
        metadata: JSON.stringify({ provider: "greeting", model: "greeting" }),
      },
      30,
    ),
    insertWithCreatedAt(
      "messages",
      {
        id: "seed-chat-1-m2",
        conversation_id: "seed-chat-1",
        seq: 2,
        role: "user",
        sender_type: "persona",
        sender_id: "demo-user",
        content: "Hi! What is this place?",
      },
      29,
    ),
    insertWithCreatedAt(
      "messages",
      {
        id: "seed-chat-1-m3",
        conversation_id: "seed-chat-1",
        seq: 3,
        role: "assistant",
        sender_type: "bot",
        sender_id: "seed-bot-000",
        content: "A quiet corner where stories are kept. Sit, and ask me anything.",
        metadata: JSON.stringify({ provider: "local", model: "botcafe-local-1" }),
      },
      29,
    ),
    `UPDATE conversations SET
      message_count = (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = conversations.id),
      last_message_at = (SELECT MAX(created_at) FROM messages m WHERE m.conversation_id = conversations.id)
    WHERE id LIKE 'seed-chat-%';`,
  ];
  return out;
}

/**
 * MemoryInsights (per conversation) and PersonaAnalytics (per persona): formulas over
 * data BotCafe already has — memories with their importance, type and recall counts, and
 * message timing. docs/decisions/0018-derived-analytics.md explains each choice; every
 * page that shows a number shows the matching HOW_COMPUTED line beside it.
 * Scores are 0–100, rounded to one decimal, so the same inputs always give the same row.
 */

export interface MemoryFacts {
  importance: number;
  memory_type: string;
  access_count: number;
  summary: string;
  content: string;
  created_at: string;
}

export interface MemoryInsight {
  memory_depth: number;
  story_coherence: number;
  character_development: number;
  key_events: { at: string; text: string; importance: number }[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
/** A saturating curve: 0 at 0, 63 at `scale`, approaching 100. */
const saturate = (x: number, scale: number) => round1(100 * (1 - Math.exp(-x / scale)));

export const HOW_COMPUTED = {
  memory_depth:
    "100 × (1 − e^(−S/5)), where S is the sum of the importance (0–1) of this conversation's memories: five fully important memories give about 63.",
  story_coherence:
    "The share of this conversation's memories that were recalled into a later reply at least once (access count above 0), as a percentage.",
  character_development:
    "The share of this conversation's memories that became lasting facts (long-term or semantic memories) rather than single episodes, as a percentage.",
  key_events: "The five most important memories (ties: the earliest first).",
  conversations_count: "Conversations held as this persona.",
  average_session_length:
    "Average minutes per session, where a session is a run of messages with no gap over 30 minutes (from the last 20 conversations).",
  engagement_score:
    "100 × (1 − e^(−m/20)), where m is the average number of messages you sent per conversation as this persona.",
  consistency_score: "The share of the last 28 days on which you chatted as this persona, as a percentage.",
} as const;

export function memoryInsight(memories: MemoryFacts[]): MemoryInsight {
  if (memories.length === 0) return { memory_depth: 0, story_coherence: 0, character_development: 0, key_events: [] };
  const importance = memories.reduce((s, m) => s + Math.min(1, Math.max(0, m.importance)), 0);
  const recalled = memories.filter((m) => m.access_count > 0).length;
  const lasting = memories.filter((m) => m.memory_type === "long_term" || m.memory_type === "semantic").length;
  const key_events = [...memories]
    .sort((a, b) => b.importance - a.importance || a.created_at.localeCompare(b.created_at))
    .slice(0, 5)
    .map((m) => ({ at: m.created_at, text: (m.summary || m.content).slice(0, 160), importance: round1(m.importance) }));
  return {
    memory_depth: saturate(importance, 5),
    story_coherence: round1((100 * recalled) / memories.length),
    character_development: round1((100 * lasting) / memories.length),
    key_events,
  };
}

export interface PersonaConversationFacts {
  /** Every message time in the conversation (ISO), any order. */
  messageTimes: string[];
  /** Messages the user sent as the persona. */
  userMessages: number;
}

export interface PersonaMetrics {
  conversations_count: number;
  average_session_length: number;
  engagement_score: number;
  consistency_score: number;
}

export const SESSION_GAP_MINUTES = 30;
export const CONSISTENCY_DAYS = 28;

/** Session lengths (minutes) in one conversation: runs of messages with no gap over 30 minutes. */
export function sessionLengths(times: string[]): number[] {
  const sorted = times
    .map((t) => Date.parse(t))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const sessions: number[] = [];
  let start = sorted[0];
  let last = sorted[0];
  for (const t of sorted.slice(1)) {
    if (t - last! > SESSION_GAP_MINUTES * 60_000) {
      sessions.push((last! - start!) / 60_000);
      start = t;
    }
    last = t;
  }
  if (start !== undefined) sessions.push((last! - start) / 60_000);
  return sessions;
}

export function personaMetrics(
  conversationsCount: number,
  sample: PersonaConversationFacts[],
  now: Date,
): PersonaMetrics {
  const sessions = sample.flatMap((c) => sessionLengths(c.messageTimes));
  const averageSession = sessions.length === 0 ? 0 : sessions.reduce((a, b) => a + b, 0) / sessions.length;
  const averageUserMessages = sample.length === 0 ? 0 : sample.reduce((s, c) => s + c.userMessages, 0) / sample.length;
  const since = now.getTime() - CONSISTENCY_DAYS * 86_400_000;
  const activeDays = new Set(
    sample
      .flatMap((c) => c.messageTimes)
      .filter((t) => Date.parse(t) > since && Date.parse(t) <= now.getTime())
      .map((t) => t.slice(0, 10)),
  );
  return {
    conversations_count: conversationsCount,
    average_session_length: round1(averageSession),
    engagement_score: saturate(averageUserMessages, 20),
    consistency_score: round1((100 * Math.min(activeDays.size, CONSISTENCY_DAYS)) / CONSISTENCY_DAYS),
  };
}

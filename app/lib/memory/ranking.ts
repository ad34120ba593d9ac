/**
 * How retrieved memories are ranked: vector similarity blended with how important the
 * memory is and how recent it is, so an old trivial memory that happens to share words
 * loses to a fresh important one.
 */
export const MEMORY_WEIGHTS = { similarity: 0.6, importance: 0.25, recency: 0.15 } as const;
/** A memory's recency halves every this many days. */
export const RECENCY_HALF_LIFE_DAYS = 14;

export interface RankableMemory {
  id: string;
  similarity: number;
  importance: number;
  /** ISO time the memory was made (or last touched by its owner). */
  createdAt: string;
}

export function recency(createdAt: string, now: Date): number {
  const ageDays = Math.max(0, (now.getTime() - Date.parse(createdAt)) / 86_400_000);
  return Number.isFinite(ageDays) ? Math.pow(0.5, ageDays / RECENCY_HALF_LIFE_DAYS) : 0;
}

export function memoryScore(memory: RankableMemory, now: Date): number {
  const similarity = Math.max(0, Math.min(1, memory.similarity));
  const importance = Math.max(0, Math.min(1, memory.importance));
  return (
    MEMORY_WEIGHTS.similarity * similarity +
    MEMORY_WEIGHTS.importance * importance +
    MEMORY_WEIGHTS.recency * recency(memory.createdAt, now)
  );
}

export function rankMemories<T extends RankableMemory>(memories: T[], now: Date): (T & { rank: number })[] {
  return memories
    .map((m) => ({ ...m, rank: memoryScore(m, now) }))
    .sort((a, b) => b.rank - a.rank || a.id.localeCompare(b.id));
}

/** Short-term memories live this long before pruning. */
export const SHORT_TERM_TTL_DAYS = 7;

export function isExpired(expiresAt: string | null, now: Date): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= now.getTime();
}

/**
 * Mood check-ins and what the mood page derives from them. The score puts a check-in on
 * one 0–10 line so days can be charted: neutral is 5, a good mood adds its intensity
 * (happy at 5 → 10), a hard one subtracts it (sad at 5 → 0).
 */
import type { DB } from "#db/schema";

export const MOODS = [
  "happy",
  "content",
  "excited",
  "neutral",
  "tired",
  "sad",
  "anxious",
  "stressed",
  "lonely",
  "angry",
] as const;
export type Mood = (typeof MOODS)[number];
const POSITIVE = new Set<Mood>(["happy", "content", "excited"]);
export const LOW_MOODS = new Set<Mood>(["sad", "anxious", "stressed", "lonely"]);

export function moodScore(mood: string, intensity: number): number {
  if (POSITIVE.has(mood as Mood)) return 5 + intensity;
  if (mood === "neutral") return 5;
  return 5 - intensity;
}

export interface CheckIn {
  id: string;
  mood: string;
  intensity: number;
  note: string;
  triggers: string;
  created_at: string;
}

export function checkInsSinceQuery(db: DB, userId: string, since: Date) {
  return db
    .selectFrom("moods")
    .select(["id", "mood", "intensity", "note", "triggers", "created_at"])
    .where("user_id", "=", userId)
    .where("created_at", ">=", since.toISOString())
    .orderBy("created_at", "desc")
    .limit(500);
}

export interface MoodDay {
  date: string;
  score: number | null;
  moods: string[];
}

/** One entry per day (UTC): the average score of that day's check-ins, or null. */
export function moodDays(days: string[], checkIns: CheckIn[]): MoodDay[] {
  const byDay = new Map<string, CheckIn[]>();
  for (const c of checkIns) {
    const day = c.created_at.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), c]);
  }
  return days.map((date) => {
    const list = byDay.get(date) ?? [];
    const score =
      list.length === 0
        ? null
        : Math.round((list.reduce((s, c) => s + moodScore(c.mood, c.intensity), 0) / list.length) * 10) / 10;
    return { date, score, moods: list.map((c) => c.mood) };
  });
}

export interface MoodAverage {
  mood: string;
  count: number;
  averageIntensity: number;
}

export function averagesPerMood(checkIns: CheckIn[]): MoodAverage[] {
  const groups = new Map<string, number[]>();
  for (const c of checkIns) groups.set(c.mood, [...(groups.get(c.mood) ?? []), c.intensity]);
  return [...groups.entries()]
    .map(([mood, values]) => ({
      mood,
      count: values.length,
      averageIntensity: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10,
    }))
    .sort((a, b) => b.count - a.count || a.mood.localeCompare(b.mood));
}

/** True when each of the last three days (ending today) had a low-mood check-in. */
export function lowMoodStreak(days: MoodDay[]): boolean {
  const lastThree = days.slice(-3);
  return lastThree.length === 3 && lastThree.every((d) => d.moods.some((m) => LOW_MOODS.has(m as Mood)));
}

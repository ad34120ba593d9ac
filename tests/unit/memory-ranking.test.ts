import { describe, expect, test } from "vitest";
import { isExpired, memoryScore, rankMemories, recency } from "~/lib/memory/ranking";
import { SHORT_TERM_BELOW, scoreImportance, summarizeMessages } from "~/lib/memory/summarize";

const now = new Date("2026-11-25T12:00:00.000Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

describe("ranking", () => {
  test("recency halves every 14 days", () => {
    expect(recency(now.toISOString(), now)).toBe(1);
    expect(recency(daysAgo(14), now)).toBeCloseTo(0.5);
  });
  test("similarity dominates, importance and recency break near-ties", () => {
    const ranked = rankMemories(
      [
        { id: "similar-old-trivial", similarity: 0.9, importance: 0.1, createdAt: daysAgo(60) },
        { id: "unrelated-important", similarity: 0.1, importance: 1, createdAt: daysAgo(0) },
        { id: "similar-fresh-important", similarity: 0.85, importance: 0.9, createdAt: daysAgo(1) },
      ],
      now,
    );
    expect(ranked.map((m) => m.id)).toEqual(["similar-fresh-important", "similar-old-trivial", "unrelated-important"]);
    expect(ranked[0]!.rank).toBeCloseTo(
      memoryScore({ id: "x", similarity: 0.85, importance: 0.9, createdAt: daysAgo(1) }, now),
    );
  });
  test("expiry", () => {
    expect(isExpired(null, now)).toBe(false);
    expect(isExpired(daysAgo(1), now)).toBe(true);
    expect(isExpired(daysAgo(-1), now)).toBe(false);
  });
});

describe("summarizer", () => {
  test("is deterministic and extractive", () => {
    const messages = [
      { role: "user" as const, content: "My name is Sam and I love sailing. It is calm." },
      { role: "assistant" as const, content: "Sailing sounds wonderful! Tell me more." },
    ];
    const a = summarizeMessages(messages, { user: "Sam", bot: "Ada" }, now);
    expect(a).toEqual(summarizeMessages(messages, { user: "Sam", bot: "Ada" }, now));
    expect(a!.summary).toBe("Sam said: My name is Sam and I love sailing. Ada replied: Sailing sounds wonderful!");
    expect(a!.memoryType).toBe("episodic");
    expect(a!.expiresAt).toBeNull();
  });
  test("small talk is short-term and expires in 7 days", () => {
    const draft = summarizeMessages(
      [
        { role: "user", content: "ok" },
        { role: "assistant", content: "Sure." },
      ],
      { user: "Sam", bot: "Ada" },
      now,
    )!;
    expect(draft.importance).toBeLessThan(SHORT_TERM_BELOW);
    expect(draft.memoryType).toBe("short_term");
    expect(draft.expiresAt).toBe(new Date(now.getTime() + 7 * 86_400_000).toISOString());
  });
  test("importance grows with cues and stays within 0–1", () => {
    expect(scoreImportance([{ role: "user", content: "hi" }])).toBeLessThan(
      scoreImportance([{ role: "user", content: "Remember my birthday, I love my family!" }]),
    );
    expect(scoreImportance([{ role: "user", content: "remember love family ".repeat(50) }])).toBe(1);
    expect(summarizeMessages([{ role: "system", content: "x" }], { user: "a", bot: "b" }, now)).toBeNull();
  });
});

import { describe, expect, test } from "vitest";
import { chunkText, chunkTokenLimit, splitParagraphs } from "~/lib/retrieval/chunking";
import { fitContextToBudget } from "~/lib/retrieval/budget";
import { countTokens } from "~/lib/retrieval/tokens";
import { DEFAULT_CONTEXT_BUDGETS, type ContextEntry } from "~/lib/chat/turn-context";

describe("chunking", () => {
  test("splits paragraphs on blank lines (any line ending)", () => {
    expect(splitParagraphs("one\r\n\r\ntwo\n \nthree\nstill three")).toEqual(["one", "two", "three\nstill three"]);
  });
  test("packs small paragraphs together up to the limit", () => {
    const text = ["alpha beta", "gamma delta", "epsilon zeta"].join("\n\n");
    expect(chunkText(text, 1000).map((c) => c.text)).toEqual([text]);
    const tight = chunkText(text, countTokens("alpha beta") + 2);
    expect(tight.map((c) => c.text)).toEqual(["alpha beta", "gamma delta", "epsilon zeta"]);
    expect(tight.map((c) => c.index)).toEqual([0, 1, 2]);
  });
  test("no chunk exceeds the limit, even a huge paragraph or run-on sentence", () => {
    const sentence = "The quick brown fox jumps over the lazy dog. ";
    const huge = sentence.repeat(200) + "x".repeat(3000);
    const chunks = chunkText(`${huge}\n\nshort tail`, 64);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(64);
    expect(chunks.at(-1)!.text).toContain("short tail");
  });
  test("is deterministic and drops nothing but whitespace", () => {
    const text = "One.\n\nTwo two.\n\n\n\nThree three three.";
    expect(chunkText(text, 5)).toEqual(chunkText(text, 5));
    expect(
      chunkText(text, 5)
        .map((c) => c.text)
        .join(" ")
        .replace(/\s+/g, " "),
    ).toBe("One. Two two. Three three three.");
  });
  test("leaves headroom under the embedder's limit", () => {
    expect(chunkTokenLimit(512)).toBe(384);
    expect(chunkText("", 10)).toEqual([]);
  });
});

describe("budgets", () => {
  const entry = (
    kind: ContextEntry["kind"],
    sourceId: string,
    text: string,
    priority: number,
    score?: number,
  ): ContextEntry => ({ kind, sourceId, title: sourceId, text, priority, score, reason: "test" });
  test("each kind has its own budget", () => {
    const entries = [entry("knowledge", "k1", "a b c d", 2, 0.9), entry("memory", "m1", "a b c d", 0.5)];
    const result = fitContextToBudget(entries, { world_info: 0, knowledge: 4, memory: 3 }, (t) => t.split(" ").length);
    expect(result.map((e) => e.included)).toEqual([true, false]);
    expect(result[1]!.cutReason).toContain("memory budget");
  });
  test("among equal priority the higher score survives", () => {
    const entries = [entry("knowledge", "low", "a b", 2, 0.3), entry("knowledge", "high", "a b", 2, 0.8)];
    const result = fitContextToBudget(
      entries,
      { ...DEFAULT_CONTEXT_BUDGETS, knowledge: 2 },
      (t) => t.split(" ").length,
    );
    expect(result.filter((e) => e.included).map((e) => e.sourceId)).toEqual(["high"]);
  });
  test("a smaller entry after a cut one can still fit; tokens are counted with cl100k by default", () => {
    const entries = [entry("knowledge", "big", "word ".repeat(50), 3), entry("knowledge", "small", "tiny", 1)];
    const result = fitContextToBudget(entries, { ...DEFAULT_CONTEXT_BUDGETS, knowledge: 10 });
    expect(result.map((e) => [e.sourceId, e.included])).toEqual([
      ["big", false],
      ["small", true],
    ]);
    expect(result[1]!.tokens).toBe(countTokens("tiny"));
  });
});

import { expect, test } from "vitest";
import { boundedDistance, buildDictionary, correctSearch } from "~/lib/help/spelling";

const dictionary = buildDictionary([
  "Memories: what your bot remembers about a conversation",
  "Personas: who you are in a chat",
  "Import a character card from SillyTavern",
  "Your own API key and a local model",
]);

test("the bounded distance counts edits and swaps, and gives up past its limit", () => {
  expect(boundedDistance("memroy", "memory", 2)).toBe(1); // a swap
  expect(boundedDistance("persnoa", "personas", 2)).toBe(2);
  expect(boundedDistance("charcter", "character", 2)).toBe(1);
  expect(boundedDistance("abcdef", "uvwxyz", 1)).toBe(2); // limit + 1, not the full 6
  expect(boundedDistance("a".repeat(40), "b".repeat(3), 2)).toBe(3);
});

test("unknown words are corrected to the nearest article word; known words and prefixes are left alone", () => {
  expect(correctSearch("memroies", dictionary)).toBe("memories");
  expect(correctSearch("import charcter crad", dictionary)).toBe("import character card");
  expect(correctSearch("memo", dictionary)).toBeNull(); // a prefix FTS already matches
  expect(correctSearch("personas", dictionary)).toBeNull();
});

test("a different word is not a typo: short words and far words stay as typed", () => {
  expect(correctSearch("cat", dictionary)).toBeNull(); // too short to guess
  expect(correctSearch("quokka", dictionary)).toBeNull();
  expect(correctSearch("zzzyyyxxx", dictionary)).toBeNull();
});

test("a long hostile query stays quick", () => {
  const big = buildDictionary(Array.from({ length: 2000 }, (_, i) => `word${i} another${i} thing${i}`));
  const started = performance.now();
  correctSearch(Array.from({ length: 8 }, (_, i) => `${"x".repeat(38)}${i}`).join(" "), big);
  // Generous bound: the point is that it is linear, not a timing benchmark.
  expect(performance.now() - started).toBeLessThan(2000);
});

/** Pure pieces of issue 10: paragraph diffs, the age rule, and help search's query building. */
import { expect, test } from "vitest";
import { ageOutcome, isPlausibleBirthDate } from "~/lib/legal/age";
import { diffParagraphs } from "~/lib/legal/diff";
import { ftsQuery, snippetParts } from "~/lib/help/search";

test("the diff marks added and removed paragraphs and keeps the order", () => {
  expect(diffParagraphs("A\n\nB\n\nC", "A\n\nB2\n\nC\n\nD")).toEqual([
    { kind: "same", text: "A" },
    { kind: "removed", text: "B" },
    { kind: "added", text: "B2" },
    { kind: "same", text: "C" },
    { kind: "added", text: "D" },
  ]);
  // Whitespace-only changes are not changes.
  expect(diffParagraphs("Hello   world\r\n\r\nBye", "Hello world\n\n\nBye").every((p) => p.kind === "same")).toBe(true);
});

test("the age rule: under 13 refused, 13 to 17 minor, 18 and over adult, birthdays counted exactly", () => {
  const today = new Date("2026-12-01T12:00:00Z");
  expect(ageOutcome("2013-12-02", today)).toBe("too_young");
  expect(ageOutcome("2013-12-01", today)).toBe("minor");
  expect(ageOutcome("2008-12-02", today)).toBe("minor");
  expect(ageOutcome("2008-12-01", today)).toBe("adult");
  expect(isPlausibleBirthDate("2001-02-29", today)).toBe(false);
  expect(isPlausibleBirthDate("2030-01-01", today)).toBe(false);
  expect(isPlausibleBirthDate("1899-12-31", today)).toBe(false);
  expect(isPlausibleBirthDate("2000-02-29", today)).toBe(true);
});

test("help search quotes every word as a prefix, so FTS5 syntax typed by a person is just text", () => {
  expect(ftsQuery("memo")).toBe('"memo"*');
  expect(ftsQuery('NEAR(a b) OR "x" title:y -z*')).toBe('"near"* "a"* "b"* "or"* "x"* "title"* "y"* "z"*');
  expect(ftsQuery("  !!! ")).toBeNull();
  expect(ftsQuery("word ".repeat(50))).toBe('"word"*');
});

test("snippets become text parts with the matches flagged (rendered escaped by React)", () => {
  expect(snippetParts("…the \u0001memories\u0002 of <b>**you**</b>")).toEqual([
    { text: "…the ", match: false },
    { text: "memories", match: true },
    { text: " of <b>you</b>", match: false },
  ]);
});

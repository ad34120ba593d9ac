/**
 * Finding 1 of the security review: a creator's regex key must not be able to stall a
 * turn. Keys run on re2js (linear time), over capped text, and RE2-only syntax is what
 * saving accepts.
 */
import { describe, expect, test } from "vitest";
import { entrySchema } from "~/lib/knowledge/entry-form";
import { keyMatches } from "~/lib/world-info/activate";
import {
  capScannedText,
  compileRegexKey,
  MAX_PATTERN_CHARS,
  MAX_SCANNED_CHARS,
  regexKeyProblem,
} from "~/lib/world-info/regex-key";

const regex = { case_sensitive: false, match_whole_words: false, use_regex: true };

describe("regex keys run in linear time", () => {
  test("the catastrophic-backtracking key from the review finishes at once", () => {
    const started = performance.now();
    // With RegExp this is about 2^28 steps (16 s in the review); each extra "a" doubles it.
    expect(keyMatches("(a+)+$", `${"a".repeat(28)}!`, regex)).toBe(false);
    expect(keyMatches("/(x+x+)+y/", "x".repeat(5_000), regex)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test("patterns only a backtracking engine can run never match (so RegExp is not used)", () => {
    // JavaScript's RegExp matches these; RE2 refuses them.
    expect(keyMatches("(a)\\1", "aa", regex)).toBe(false);
    expect(keyMatches("dragon(?=fly)", "dragonfly", regex)).toBe(false);
    expect(compileRegexKey("(?<=x)y", false)).toBeNull();
  });

  test("ordinary keys still work, flags included", () => {
    expect(keyMatches("/drag(on|oness)/", "the DRAGONESS sleeps", regex)).toBe(true);
    expect(keyMatches("/Dragon/", "dragon", { ...regex, case_sensitive: true })).toBe(false);
    expect(keyMatches("/Dragon/i", "dragon", { ...regex, case_sensitive: true })).toBe(true);
    expect(keyMatches("/^b/m", "a\nb", regex)).toBe(true);
    expect(keyMatches("/^b/", "a\nb", regex)).toBe(false);
  });

  test("only the most recent text is scanned", () => {
    const old = `needle ${"x".repeat(MAX_SCANNED_CHARS)}`;
    expect(capScannedText(old)).toHaveLength(MAX_SCANNED_CHARS);
    expect(keyMatches("needle", old, regex)).toBe(false);
    expect(keyMatches("needle", old, { ...regex, use_regex: false })).toBe(false);
    expect(keyMatches("needle", `${"x".repeat(MAX_SCANNED_CHARS)} needle`, regex)).toBe(true);
  });
});

describe("regex keys are validated when saved", () => {
  test("RE2 syntax is accepted, backreferences, lookarounds and huge patterns are not", () => {
    expect(regexKeyProblem("/drag(on|oness)/i")).toBeNull();
    expect(regexKeyProblem("(a+)+$")).toBeNull(); // harmless on RE2
    expect(regexKeyProblem("(a)\\1")).toMatch(/backreferences/);
    expect(regexKeyProblem("x(?=y)")).toMatch(/lookarounds/);
    expect(regexKeyProblem("a".repeat(MAX_PATTERN_CHARS + 1))).toMatch(/longer than/);
  });

  const form = (keys: string, secondary = "") => ({
    title: "Rule",
    content: "text",
    content_type: "world_info",
    priority: "normal",
    wi_keys: keys,
    wi_secondary_keys: secondary,
    wi_use_regex: "on",
    wi_enabled: "on",
  });

  test("the entry form refuses a pattern RE2 cannot run, on the field it came from", () => {
    const primary = entrySchema.safeParse(form("(a)\\1"));
    expect(primary.success).toBe(false);
    expect(primary.error?.issues[0]?.path).toEqual(["wi_keys"]);
    const secondary = entrySchema.safeParse(form("dragon", "x(?<=y)"));
    expect(secondary.error?.issues[0]?.path).toEqual(["wi_secondary_keys"]);
    expect(entrySchema.safeParse(form("(a+)+$")).success).toBe(true);
  });
});

describe("imported cards", () => {
  test("the import report names regex keys RE2 cannot run", async () => {
    const { parseCardJson } = await import("~/lib/cards/parse");
    const card = parseCardJson(
      JSON.stringify({
        spec: "chara_card_v2",
        spec_version: "2.0",
        data: {
          name: "Echo",
          character_book: { entries: [{ keys: ["(a)\\1", "fine"], content: "x", use_regex: true }] },
        },
      }),
      "json",
    );
    const notes = card.report.ignored.filter((i) => i.field === "character_book.entries[0].keys");
    expect(notes).toHaveLength(1);
    expect(notes[0]!.reason).toContain("(a)\\1");
  });
});

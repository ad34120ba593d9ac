import { describe, expect, test } from "vitest";
import { activateWorldInfo, keyMatches, type WorldInfoEntry } from "~/lib/world-info/activate";
import { parseLorebookSettings, parseWorldInfoSettings } from "~/lib/world-info/settings";
import { DEFAULT_WORLD_INFO, type WorldInfoSettings } from "~/lib/world-info/types";
import { fitContextToBudget } from "~/lib/retrieval/budget";
import { DEFAULT_CONTEXT_BUDGETS } from "~/lib/chat/turn-context";

function entry(id: string, settings: Partial<WorldInfoSettings>, content = `Lore of ${id}.`): WorldInfoEntry {
  return { id, title: id, content, settings: { ...DEFAULT_WORLD_INFO, ...settings } };
}
const fired = (entries: WorldInfoEntry[], messages: string[], book = {}) =>
  activateWorldInfo(entries, messages, book).map((a) => a.entry.id);

describe("keys", () => {
  test("match case-insensitively by default", () => {
    expect(fired([entry("dragon", { keys: ["Dragon"] })], ["a DRAGON appears"])).toEqual(["dragon"]);
  });
  test("case_sensitive needs the exact case", () => {
    const e = entry("dragon", { keys: ["Dragon"], case_sensitive: true });
    expect(fired([e], ["a dragon appears"])).toEqual([]);
    expect(fired([e], ["a Dragon appears"])).toEqual(["dragon"]);
  });
  test("without whole words a key matches inside a word; with it only the word", () => {
    expect(fired([entry("cat", { keys: ["cat"] })], ["concatenate"])).toEqual(["cat"]);
    expect(fired([entry("cat", { keys: ["cat"], match_whole_words: true })], ["concatenate"])).toEqual([]);
    expect(fired([entry("cat", { keys: ["cat"], match_whole_words: true })], ["my cat, Tom"])).toEqual(["cat"]);
  });
  test("regex keys, in /pattern/flags form or bare; a broken pattern never matches", () => {
    expect(fired([entry("r", { keys: ["/drag(on|oness)/"], use_regex: true })], ["the DRAGONESS sleeps"])).toEqual([
      "r",
    ]);
    expect(fired([entry("r", { keys: ["^hello\\b"], use_regex: true })], ["hello there"])).toEqual(["r"]);
    expect(fired([entry("r", { keys: ["/Dragon/"], use_regex: true, case_sensitive: true })], ["dragon"])).toEqual([]);
    expect(fired([entry("r", { keys: ["(unclosed"], use_regex: true })], ["(unclosed"])).toEqual([]);
  });
  test("any one of several primary keys fires, and the reason names it", () => {
    const [activation] = activateWorldInfo(
      [entry("city", { keys: ["Avalon", "the city"] })],
      ["we reach the city at dusk"],
    );
    expect(activation?.reason).toBe('key "the city"');
  });
  test("whole-word keys escape regex characters", () => {
    expect(
      keyMatches("c++", "I write c++ daily", { case_sensitive: false, match_whole_words: true, use_regex: false }),
    ).toBe(true);
  });
});

describe("selective and constant", () => {
  test("selective needs a primary and a secondary key", () => {
    const e = entry("sword", { keys: ["sword"], secondary_keys: ["fire", "flame"], selective: true });
    expect(fired([e], ["a sword"])).toEqual([]);
    const [activation] = activateWorldInfo([e], ["a sword of flame"]);
    expect(activation?.reason).toBe('key "sword" + "flame"');
  });
  test("secondary keys are ignored without selective", () => {
    expect(fired([entry("sword", { keys: ["sword"], secondary_keys: ["fire"] })], ["a sword"])).toEqual(["sword"]);
  });
  test("constant entries always fire; disabled entries never do", () => {
    const entries = [entry("always", { constant: true }), entry("off", { keys: ["dragon"], enabled: false })];
    const result = activateWorldInfo(entries, ["a dragon"]);
    expect(result.map((a) => [a.entry.id, a.reason])).toEqual([["always", "constant"]]);
  });
});

describe("order, position, scan depth", () => {
  test("fired entries come back in insertion order", () => {
    const entries = [
      entry("late", { keys: ["x"], insertion_order: 200 }),
      entry("early", { keys: ["x"], insertion_order: 5 }),
      entry("mid", { constant: true, insertion_order: 100 }),
    ];
    expect(fired(entries, ["x"])).toEqual(["early", "mid", "late"]);
  });
  test("the book's scan depth limits how far back keys are looked for; an entry's own depth wins", () => {
    const messages = ["the dragon", "hello", "how are you"];
    expect(fired([entry("d", { keys: ["dragon"] })], messages, { scan_depth: 2 })).toEqual([]);
    expect(fired([entry("d", { keys: ["dragon"] })], messages, { scan_depth: 3 })).toEqual(["d"]);
    expect(fired([entry("d", { keys: ["dragon"], scan_depth: 3 })], messages, { scan_depth: 1 })).toEqual(["d"]);
    expect(fired([entry("d", { keys: ["dragon"], scan_depth: 0 })], messages)).toEqual([]);
  });
  test("position is read from settings (after_char or before_char)", () => {
    expect(parseWorldInfoSettings(JSON.stringify({ position: "after_char" })).position).toBe("after_char");
    expect(parseWorldInfoSettings(JSON.stringify({ position: "weird" })).position).toBe("before_char");
  });
});

describe("recursion", () => {
  const entries = [
    entry("castle", { keys: ["castle"] }, "The castle is ruled by the queen."),
    entry("queen", { keys: ["queen"] }, "The queen keeps a griffin."),
    entry("griffin", { keys: ["griffin"] }, "The griffin is named Pip."),
  ];
  test("off by default: only message keys fire", () => {
    expect(fired(entries, ["we see the castle"])).toEqual(["castle"]);
  });
  test("on: fired text fires others, up to the depth limit", () => {
    const result = activateWorldInfo(entries, ["we see the castle"], { recursive_scanning: true });
    expect(result.map((a) => [a.entry.id, a.depth])).toEqual([
      ["castle", 0],
      ["griffin", 2],
      ["queen", 1],
    ]);
    expect(result.find((a) => a.entry.id === "queen")?.reason).toBe('key "queen" (recursion 1)');
    expect(fired(entries, ["we see the castle"], { recursive_scanning: true, max_recursion_depth: 1 })).toEqual([
      "castle",
      "queen",
    ]);
  });
});

describe("settings parsing", () => {
  test("tolerates junk and fills defaults", () => {
    const s = parseWorldInfoSettings('{"keys":["a",3,""],"selective":"yes","insertion_order":7}');
    expect(s.keys).toEqual(["a"]);
    expect(s.selective).toBe(false);
    expect(s.insertion_order).toBe(7);
    expect(parseWorldInfoSettings("not json").enabled).toBe(true);
  });
  test("book settings come from card_extras.character_book", () => {
    expect(
      parseLorebookSettings(
        JSON.stringify({ character_book: { scan_depth: 2, token_budget: 300, recursive_scanning: true, entries: [] } }),
      ),
    ).toEqual({ scan_depth: 2, token_budget: 300, recursive_scanning: true });
    expect(parseLorebookSettings("{}")).toEqual({});
  });
});

describe("token budget", () => {
  test("drops the lowest priority first and keeps the offered order", () => {
    const entries = [
      {
        kind: "world_info" as const,
        sourceId: "a",
        title: "a",
        text: "one two three four five",
        priority: 5,
        reason: "constant",
      },
      {
        kind: "world_info" as const,
        sourceId: "b",
        title: "b",
        text: "six seven eight nine ten",
        priority: 50,
        reason: "constant",
      },
      {
        kind: "world_info" as const,
        sourceId: "c",
        title: "c",
        text: "eleven twelve",
        priority: 20,
        reason: "constant",
      },
    ];
    const words = (t: string) => t.split(" ").length;
    const result = fitContextToBudget(entries, { ...DEFAULT_CONTEXT_BUDGETS, world_info: 8 }, words);
    expect(result.map((e) => [e.sourceId, e.included])).toEqual([
      ["a", false],
      ["b", true],
      ["c", true],
    ]);
    expect(result[0]!.cutReason).toMatch(/over the world info budget \(7 of 8 tokens used, needs 5\)/);
  });
});

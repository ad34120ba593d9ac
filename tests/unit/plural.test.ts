import { describe, expect, it } from "vitest";
import { plural, pluralWord } from "~/lib/format/plural";

const messages = { one: "message", other: "messages" };

describe("plural", () => {
  it("uses the singular for exactly one", () => {
    expect(plural(1, messages)).toBe("1 message");
  });

  it("uses the plural for zero, two and many", () => {
    expect(plural(0, messages)).toBe("0 messages");
    expect(plural(2, messages)).toBe("2 messages");
    expect(plural(1200, messages)).toBe("1,200 messages");
  });

  it("falls back to `other` when a form is missing, and never writes (s)", () => {
    expect(plural(1, { other: "sheep" })).toBe("1 sheep");
    expect(plural(3, { one: "reply", other: "replies" })).not.toContain("(s)");
  });

  it("follows the locale's rules (Polish has few/many)", () => {
    const files = { one: "plik", few: "pliki", many: "plików", other: "pliku" };
    expect(pluralWord(1, files, "pl")).toBe("plik");
    expect(pluralWord(3, files, "pl")).toBe("pliki");
    expect(pluralWord(5, files, "pl")).toBe("plików");
  });
});

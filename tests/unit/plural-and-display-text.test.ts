/** The plural helper (Intl.PluralRules, no "(s)") and bot text as a person reads it. */
import { describe, expect, test } from "vitest";
import { botDisplayText, exampleExchanges } from "~/lib/bots/display-text";
import { plural } from "~/lib/format/plural";

describe("plural", () => {
  test.each([
    [0, "0 messages"],
    [1, "1 message"],
    [2, "2 messages"],
    [1234, "1,234 messages"],
  ])("%i → %s", (count, expected) => {
    expect(plural(count, { one: "message", other: "messages" })).toBe(expected);
  });
});

describe("bot display text", () => {
  test("{{char}} and {{user}} (any case, legacy <BOT>/<USER>) become the bot's and the reader's names", () => {
    expect(botDisplayText("{{Char}} greets {{user}}; <BOT> and <USER>.", "Mira", "Sam")).toBe(
      "Mira greets Sam; Mira and Sam.",
    );
  });
  test("an unknown reader is 'you'", () => {
    expect(botDisplayText("Hi {{user}}", "Mira")).toBe("Hi you");
    expect(botDisplayText("Hi {{user}}", "Mira", "  ")).toBe("Hi you");
  });
  test("<START> separates example exchanges; empty ones are dropped", () => {
    expect(
      exampleExchanges("<START>\n{{user}}: Hi\n{{char}}: Hello\n<start>\n\n<START>{{char}}: Bye", "Mira", "Sam"),
    ).toEqual(["Sam: Hi\nMira: Hello", "Mira: Bye"]);
    expect(exampleExchanges("", "Mira")).toEqual([]);
  });
});

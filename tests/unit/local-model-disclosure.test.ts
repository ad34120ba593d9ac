/** The offline model quotes the bot's knowledge and world info only to the bot's creator (decision 0011). */
import { expect, test } from "vitest";
import { composeLocalReply } from "~/lib/ai/local-model";

const system = [
  "You are Lamp. Stay in character and reply as Lamp to Sam.",
  "## Character",
  "Personality: gruff SECRET-PERSONALITY",
  "## Example dialogue",
  "Lamp: *trims the SECRET-WICK* Keep your voice down, will you?",
  "## World info",
  "- Lore: the lamp burns whale oil.",
  "## Knowledge",
  "- Fact: the keeper is Ada.",
  "## Memories",
  "- You told me you like tea.",
].join("\n");
const request = (quoteBotDefinition?: boolean, variant = 0) => ({
  messages: [
    { role: "system" as const, content: system },
    { role: "assistant" as const, content: "Hello." },
    { role: "user" as const, content: "Hi" },
  ],
  variant,
  ...(quoteBotDefinition === undefined ? {} : { quoteBotDefinition }),
});

test("a chatter's reply does not quote the creator's text, but still retells their own memories", () => {
  for (const variant of [0, 1, 2, 3]) {
    for (const reply of [composeLocalReply(request(undefined, variant)), composeLocalReply(request(false, variant))]) {
      for (const secret of ["whale oil", "Ada", "SECRET-PERSONALITY", "SECRET-WICK", "Keep your voice down", "gruff"])
        expect(reply, `${variant}: ${secret}`).not.toContain(secret);
      expect(reply).toMatch(/my creator's notes/i);
      expect(reply).toContain("You told me you like tea.");
    }
  }
});

test("the creator's own reply retells knowledge and world info in the character's words", () => {
  const reply = composeLocalReply(request(true));
  expect(reply).toContain("the keeper is Ada.");
  expect(reply).toContain("the lamp burns whale oil.");
  expect(reply).not.toContain("Fact:");
  expect(reply).not.toMatch(/my creator's notes/i);
});

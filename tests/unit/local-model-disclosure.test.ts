/** The offline model quotes the bot's knowledge and world info only to the bot's creator (decision 0011). */
import { expect, test } from "vitest";
import { composeLocalReply } from "~/lib/ai/local-model";

const system = ["You are Lamp. Stay in character.", "## World info", "- Lore: the lamp burns whale oil.", "## Knowledge", "- Fact: the keeper is Ada.", "## Memories", "- You told me you like tea."].join("\n");
const request = (quoteBotDefinition?: boolean) => ({ messages: [{ role: "system" as const, content: system }, { role: "user" as const, content: "Hi" }], ...(quoteBotDefinition === undefined ? {} : { quoteBotDefinition }) });

test("a chatter's reply does not quote the creator's text, but still quotes their own memories", () => {
  for (const reply of [composeLocalReply(request()), composeLocalReply(request(false))]) {
    expect(reply).not.toContain("whale oil");
    expect(reply).not.toContain("Ada");
    expect(reply).toContain("notes that I draw on but do not repeat");
    expect(reply).toContain("I remember: You told me you like tea.");
  }
});

test("the creator's own reply quotes knowledge and world info", () => {
  const reply = composeLocalReply(request(true));
  expect(reply).toContain("From what I know: Fact: the keeper is Ada.");
  expect(reply).toContain("In this world, Lore: the lamp burns whale oil.");
});

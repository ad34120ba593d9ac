import { expect, test } from "vitest";
import type { ChatEvent } from "~/lib/ai/chat-model";
import { LocalModel, splitTokens } from "~/lib/ai/local-model";

async function collect(stream: AsyncIterable<ChatEvent>) {
  const events: ChatEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const system = [
  "You are Captain Mira. Stay in character and reply as Captain Mira to Sam.",
  "## Knowledge",
  "- Ship log: The Kestrel's hyperdrive was rebuilt on Tanis. It still rattles.",
  "## Memories",
  "- Sam said they are afraid of flying.",
].join("\n");

test("the local model streams, token by token, a reply built from the retrieved context", async () => {
  // As the bot's creator: a chatter's reply does not quote knowledge (tests/unit/local-model-disclosure.test.ts).
  const events = await collect(
    new LocalModel().stream({
      messages: [
        { role: "system", content: system },
        { role: "user", content: "Is the ship safe?" },
      ],
      quoteBotDefinition: true,
    }),
  );
  const text = events.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("");
  expect(text).toContain("the Kestrel's hyperdrive was rebuilt on Tanis.");
  expect(text).toContain("Sam said they are afraid of flying.");
  expect(text).not.toContain("Is the ship safe");
  expect(events.filter((e) => e.type === "text").length).toBeGreaterThan(5);
  const done = events.at(-1);
  expect(done).toMatchObject({ type: "done", finishReason: "stop" });
  if (done?.type === "done") expect(done.usage?.completionTokens).toBe(events.length - 1);
});

test("the same prompt gives the same reply", async () => {
  const request = {
    messages: [
      { role: "system" as const, content: system },
      { role: "user" as const, content: "hello" },
    ],
  };
  const a = await collect(new LocalModel().stream(request));
  const b = await collect(new LocalModel().stream(request));
  expect(a).toEqual(b);
});

test("an aborted request stops streaming early", async () => {
  const controller = new AbortController();
  const events: ChatEvent[] = [];
  for await (const event of new LocalModel({ tokenDelayMs: 1 }).stream({
    messages: [{ role: "user", content: "tell me everything" }],
    signal: controller.signal,
  })) {
    events.push(event);
    if (events.length === 2) controller.abort();
  }
  expect(events.filter((e) => e.type === "text")).toHaveLength(2);
});

test("tokens keep their whitespace so they join back into the text", () => {
  const text = "Hello  there,\nfriend.";
  expect(splitTokens(text).join("")).toBe(text);
});

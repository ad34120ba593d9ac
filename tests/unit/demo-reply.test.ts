/**
 * The offline demo model answers in the character's voice and never echoes the person:
 * no run of four or more of their words comes back, a regenerated reply differs in every
 * part, the greeting's style (and, for the creator, the example dialogue's) shows, and
 * retrieved knowledge stays visible in the character's own words.
 */
import { expect, test } from "vitest";
import type { ChatMessage } from "~/lib/ai/chat-model";
import { composeDemoReply, retell } from "~/lib/ai/demo-reply";

const GREETING = "*wipes the counter* Ahoy, Moss! Welcome aboard the Salty Bean. What'll it be? ☕";
const system = (extra: string[] = []) =>
  [
    "You are Bosun Bea. Stay in character and reply as Bosun Bea to Moss.",
    "## Character",
    "A barista on a ship.",
    "Personality: cheerful, nosy",
    ...extra,
  ].join("\n");

function chat(
  user: string,
  options: { extra?: string[]; variant?: number; quote?: boolean; greeting?: string; history?: ChatMessage[] } = {},
) {
  return composeDemoReply({
    messages: [
      { role: "system", content: system(options.extra) },
      { role: "user", content: "About me, the person you are talking with: my name is Moss." },
      { role: "assistant", content: options.greeting ?? GREETING },
      ...(options.history ?? []),
      { role: "user", content: user },
    ],
    variant: options.variant ?? 0,
    quoteBotDefinition: options.quote ?? false,
  });
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];

/** Runs of `n` consecutive words of `input` that appear in `output`. */
function sharedRuns(input: string, output: string, n = 4): string[] {
  const said = words(input);
  const reply = ` ${words(output).join(" ")} `;
  const runs: string[] = [];
  for (let i = 0; i + n <= said.length; i++) {
    const run = said.slice(i, i + n).join(" ");
    if (reply.includes(` ${run} `)) runs.push(run);
  }
  return runs;
}

const MESSAGES = [
  "Do you have a book about lighthouses?",
  "hello there, how are you doing today?",
  "I had a really long day at work and my boss yelled at me again",
  "Thank you so much for the coffee, it was lovely",
  "Tell me a secret about the ship and the people who sail it",
  "I am so happy because my sister is coming to visit me next week",
  "goodbye for now, see you tomorrow morning",
  "The weather on the coast has been strange all week long",
];

test("no reply repeats a run of four or more of the person's words, on any attempt", () => {
  for (const message of MESSAGES) {
    for (const variant of [0, 1, 2, 3, 4]) {
      for (const quote of [false, true]) {
        const reply = chat(message, { variant, quote });
        expect(sharedRuns(message, reply), `${message} / ${variant}: ${reply}`).toEqual([]);
        expect(reply).not.toMatch(/hears you|From what I know|offline local model/);
      }
    }
  }
});

test("regenerate gives a genuinely different reply: not only different first words", () => {
  for (const message of MESSAGES) {
    const replies = [0, 1, 2].map((variant) => chat(message, { variant }));
    expect(new Set(replies).size, message).toBe(3);
    // Past its first sentence, the second attempt still differs from the first.
    const tail = (text: string) =>
      text
        .split(/(?<=[.!?])\s+/)
        .slice(1)
        .join(" ");
    expect(tail(replies[0]!).length, message).toBeGreaterThan(0);
    expect(tail(replies[1]!), message).not.toBe(tail(replies[0]!));
    // …and the same attempt is the same reply every time (deterministic for tests).
    expect(chat(message, { variant: 1 })).toBe(replies[1]);
  }
});

test("the seed follows the conversation: the same words later in a chat are answered differently", () => {
  const first = chat("Tell me about the harbour");
  const later = chat("Tell me about the harbour", {
    history: [
      { role: "user", content: "hi" },
      { role: "assistant", content: "Ahoy!" },
    ],
  });
  expect(later).not.toBe(first);
});

test("in character: the greeting's style shows (its *actions*, interjection or emoji, exclamations) and the persona is named", () => {
  const replies = [0, 1, 2, 3, 4, 5].map((variant) => chat("Do you have a book about lighthouses?", { variant }));
  const all = replies.join("\n");
  expect(all).toMatch(/\*[^*]+\*/);
  expect(all).toContain("Ahoy, ");
  expect(all).toContain("☕");
  expect(all).toContain("!");
  expect(all).toContain("Moss");
  // A plain greeting gives a plain voice: no *actions*, no borrowed emoji.
  const plain = [0, 1, 2, 3]
    .map((variant) =>
      chat("Do you have a book about lighthouses?", { variant, greeting: "Good evening. How may I help you." }),
    )
    .join("\n");
  expect(plain).not.toMatch(/\*[^*]+\*/);
  expect(plain).not.toContain("☕");
});

test("the example dialogue lends its lines to the creator's own chat only", () => {
  const extra = [
    "## Example dialogue",
    "{{user}}: Hi",
    "Bosun Bea: *rings the ship's bell* Batten down the hatches, matey!",
  ];
  const creator = [0, 1, 2, 3, 4, 5]
    .map((variant) => chat("What should I drink?", { variant, extra, quote: true }))
    .join("\n");
  expect(creator).toMatch(/Batten down the hatches, matey!|\*rings the ship's bell\*/);
  const chatter = [0, 1, 2, 3, 4, 5].map((variant) => chat("What should I drink?", { variant, extra })).join("\n");
  expect(chatter).not.toContain("Batten");
  expect(chatter).not.toContain("ship's bell");
});

test("retrieved knowledge is retold in the character's words with its key words kept", () => {
  const extra = [
    "## Knowledge",
    "- Harbor password: The secret harbor password is periwinkle.",
    "- Second: Tea is served at four.",
  ];
  const reply = chat("What's the password for the harbor?", { extra, quote: true });
  expect(reply).toContain("the secret harbor password is periwinkle.");
  expect(reply).not.toContain("Harbor password:");
  expect(reply).not.toContain("From what I know");
  expect(retell("Bosun Bea was born at sea. She loves it.", "Bosun Bea")).toBe("I was born at sea.");
  expect(retell("Log: Bosun Bea's ship is the Kestrel", "Bosun Bea")).toBe("my ship is the Kestrel.");
});

test("memories are the person's own and are retold to them", () => {
  const reply = chat("What do you remember?", { extra: ["## Memories", "- Moss likes their coffee black."] });
  expect(reply).toContain("Moss likes their coffee black.");
});

test("when BotCafe's crisis protocol asks, the reply steps out of character and points to help", () => {
  const reply = composeDemoReply({
    messages: [
      { role: "system", content: system() },
      { role: "assistant", content: GREETING },
      { role: "user", content: "I don't want to be here anymore" },
      { role: "system", content: "Safety: the user's last message may express thoughts of suicide or self-harm." },
    ],
  });
  expect(reply).toContain("crisis lines");
  expect(reply).toContain("emergency number");
  expect(reply).not.toMatch(/\*[^*]+\*|Ahoy|☕/);
  expect(sharedRuns("I don't want to be here anymore", reply)).toEqual([]);
});

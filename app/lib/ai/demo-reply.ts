/**
 * The offline demo model's words: a short reply in the character's voice, built from
 * small templates and what the card gives it. It never repeats the person's message back
 * (at most one topic word of it), so a first chat does not read like a broken echo.
 *
 * - Voice: the greeting (public) sets the style — *actions*, exclamation marks, an
 *   opening interjection, an emoji; the personality picks the tone. The example dialogue
 *   adds its style too, but its words are the creator's hidden text (decision 0011), so
 *   they are borrowed only when the chatter created the bot (`quoteBotDefinition`).
 * - Retrieval stays visible: knowledge and world info are retold in the first person
 *   to the bot's creator; to anyone else the reply only says the creator's notes were used.
 *   Memories are the person's own and are always retold.
 * - Deterministic: every choice is seeded by the whole prompt (so by the conversation
 *   and the message) and shifted by `variant`, so a regenerated reply changes in every
 *   part, not only its first words, and tests get the same text every run.
 */
import type { ChatRequest } from "./chat-model";
import { readDemoCard, type DemoCard } from "./demo-card";

/** FNV-1a: a small, stable string hash (not for security). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Picks one option per named slot; variant n+1 takes the next option of every slot. */
function picker(seed: string, variant: number) {
  return <T>(slot: string, options: readonly T[]): T => options[(hash(`${seed}|${slot}`) + variant) % options.length]!;
}

type Kind = "greeting" | "thanks" | "farewell" | "question" | "low" | "high" | "statement";

function kindOf(text: string): Kind {
  if (/^(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening))\b/i.test(text)) return "greeting";
  if (/\b(thanks|thank you|cheers)\b/i.test(text)) return "thanks";
  if (/\b(bye|goodbye|good night|goodnight|see you|farewell)\b/i.test(text)) return "farewell";
  if (/\b(sad|tired|lonely|stressed|anxious|worried|scared|afraid|upset|awful|bad day|exhausted)\b/i.test(text))
    return "low";
  if (/\b(happy|excited|great news|glad|wonderful|amazing|thrilled)\b/i.test(text)) return "high";
  if (
    /\?\s*$/.test(text) ||
    /^(who|what|where|when|why|how|which|is|are|do|does|did|can|could|would|will|should|have|has)\b/i.test(text)
  )
    return "question";
  return "statement";
}

const OPENERS: Record<Kind, readonly string[]> = {
  greeting: ["Hello again, {user}{!}", "There you are, {user}{!}", "Hi! It's good to see you{!}", "Well, hello{!}"],
  thanks: ["You're very welcome{!}", "Any time, truly.", "Happy to help, {user}.", "Oh, it was nothing{!}"],
  farewell: ["Take care, {user}.", "Goodbye for now — come back soon{!}", "Until next time{!}", "Rest well, {user}."],
  question: [
    "Good question{!}",
    "Let me think about that one.",
    "Hm, that deserves a proper answer.",
    "Ah, you want to know that?",
  ],
  low: [
    "That sounds like a lot to carry.",
    "I'm glad you told me, {user}.",
    "Oh, {user}. Come, sit for a moment.",
    "That sounds hard. I'm listening.",
  ],
  high: ["That's wonderful{!}", "Oh, I love hearing that{!}", "Now that made me smile{!}", "What good news{!}"],
  statement: ["I see.", "Is that so?", "Now that's interesting{!}", "Mm, go on."],
};

const CONTINUATIONS = [
  "And there's a little more to it.",
  "Where was I? Ah, yes.",
  "Let me add one thing.",
  "Mm, I wasn't quite finished.",
];

const TOPIC_LINES = [
  "{Topic}, hm? I could talk about that for a while{!}",
  "Ah, {topic}{!} Now there's a subject.",
  "I do like it when you bring up things like {topic}.",
  "{Topic} — that's close to my heart.",
];

const KNOWLEDGE_FRAMES = [
  "Here's what I know: {fact}",
  "If I remember rightly, {fact}",
  "As it happens, {fact}",
  "Well, I can tell you this much: {fact}",
];
const WORLD_FRAMES = [
  "Around here, {fact}",
  "You should know that {fact}",
  "In these parts, {fact}",
  "Everyone here knows {fact}",
];
const CREATOR_NOTES = [
  "I'm going from my creator's notes here, and I keep their words to myself.",
  "There's something in my creator's notes about that, but those stay between us.",
  "My creator's notes cover this, though I won't recite them.",
  "I can lean on my creator's notes for that — I just don't read them out.",
];
const MEMORY_FRAMES = [
  "I haven't forgotten: {memory}",
  "I remember this: {memory}",
  "And I still think about this: {memory}",
  "You told me before, and I kept it: {memory}",
];
const FAREWELLS = [
  "I'll keep a seat for you.",
  "I'll be right here.",
  "Mind how you go.",
  "It was lovely talking with you.",
];
const CLOSINGS = [
  "What about you, {user}?",
  "Tell me more?",
  "What's on your mind now?",
  "How is your day going, {user}?",
  "Shall we keep talking?",
];
const GENERIC_ACTIONS = ["*smiles*", "*tilts head*", "*leans in a little*", "*nods slowly*", "*laughs softly*"];

const SAFETY_OPENERS = [
  "I'm going to step out of our story for a moment, because what you said matters.",
  "Let me pause the roleplay — you matter more than the story.",
  "I want to put the story aside for a moment and talk with you.",
];
const SAFETY_BODY =
  "I'm really glad you told me. You don't have to carry this alone: please reach out now to one of the crisis lines BotCafe has shown above, or to someone you trust. If you might be in immediate danger, call your local emergency number.";

/** Words too common to be the topic of a message. */
const STOPWORDS = new Set(
  "about above after again against because been before being below between could did does doing down during each from further have having here hers herself himself into itself just more most myself once only other ought ours ourselves over same should some such than that their theirs them themselves then there these they this those through under until very what when where which while whom would your yours yourself yourselves really think thing things know tell please maybe still also much many well want like going something anything everything".split(
    " ",
  ),
);

/** One word of the person's message worth answering about (never a run of their words). */
function topicWord(text: string): string | null {
  const words = (text.toLowerCase().match(/[a-z][a-z'-]{4,}/g) ?? []).filter(
    (w) => !STOPWORDS.has(w) && !w.includes("'"),
  );
  return words.sort((a, b) => b.length - a.length)[0] ?? null;
}

function firstSentence(text: string, max = 180): string {
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

const LOWERABLE =
  /^(The|A|An|It|Its|This|That|There|These|Those|Our|My|Your|His|Her|Their|In|On|At|Every|Some|Most|All|Each|When|If)\b/;

/**
 * A retrieved entry in the character's words: the entry title dropped, the first
 * sentence kept, "<Name> is/was/has" turned into "I'm/I was/I have", and lower-cased to
 * follow a frame. Its key words stay, so the person can see what was retrieved.
 */
export function retell(entry: string, name: string | null): string {
  const withoutTitle = entry.replace(/^[^.!?:]{1,60}:\s+(?=\S)/, "");
  let fact = firstSentence(withoutTitle.trim());
  if (name) {
    const self = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:'s| is| was| has)\\b`);
    fact = fact.replace(self, (m) =>
      m.endsWith("'s") ? "my" : m.endsWith(" is") ? "I'm" : m.endsWith(" was") ? "I was" : "I have",
    );
  }
  if (LOWERABLE.test(fact)) fact = fact[0]!.toLowerCase() + fact.slice(1);
  return /[.!?…]$/.test(fact) ? fact : `${fact}.`;
}

function memoryText(entry: string): string {
  const text = firstSentence(entry.trim());
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

interface Voice {
  actions: string[];
  exclaims: boolean;
  interjection: string | null;
  emoji: string | null;
  /** A short line of the character's own, from the example dialogue (creator only). */
  signature: string | null;
}

const GREETING_WORDS = /^(hello|hi|hey|hiya|greetings|welcome|good)$/i;

function voiceOf(card: DemoCard, mayQuote: boolean): Voice {
  // The greeting is public; the example dialogue is the creator's, so it counts only as a
  // style signal (actions, exclamations) unless the creator is the one chatting.
  const styleText = [card.greeting, ...card.exampleLines].join("\n");
  const ownActions = [
    ...card.greeting.matchAll(/\*([^*\n]{2,40})\*/g),
    ...(mayQuote ? card.exampleLines.flatMap((l) => [...l.matchAll(/\*([^*\n]{2,40})\*/g)]) : []),
  ].map((m) => `*${m[1]!.trim()}*`);
  const usesActions = /\*[^*\n]{2,40}\*/.test(styleText);
  const interjection = /^(?:\*[^*]*\*\s*)?([A-Z][a-z]{1,9})[,!]/.exec(card.greeting)?.[1] ?? null;
  const signatures = mayQuote
    ? card.exampleLines
        .flatMap((l) => l.replace(/\*[^*]*\*/g, "").split(/(?<=[.!?])\s+/))
        .map((s) => s.trim())
        .filter((s) => s.length >= 8 && s.length <= 70 && /[!?]$/.test(s))
    : [];
  return {
    actions: usesActions ? [...new Set([...ownActions, ...GENERIC_ACTIONS])] : [],
    exclaims:
      (styleText.match(/!/g) ?? []).length >= 1 ||
      /\b(cheerful|bubbly|excitable|energetic|enthusiastic|playful)\b/i.test(card.personality),
    interjection: interjection && !GREETING_WORDS.test(interjection) ? interjection : null,
    emoji: /\p{Extended_Pictographic}/u.exec(card.greeting)?.[0] ?? null,
    signature: signatures[0] ?? null,
  };
}

function fill(
  template: string,
  values: { user: string; topic?: string; fact?: string; memory?: string; bang: string },
): string {
  return template
    .replaceAll("{user}", values.user)
    .replaceAll("{Topic}", values.topic ? values.topic[0]!.toUpperCase() + values.topic.slice(1) : "")
    .replaceAll("{topic}", values.topic ?? "")
    .replaceAll("{fact}", values.fact ?? "")
    .replaceAll("{memory}", values.memory ?? "")
    .replaceAll("{!}", values.bang);
}

export function composeDemoReply(request: ChatRequest): string {
  const card = readDemoCard(request);
  const variant = Math.max(0, request.variant ?? 0);
  const pick = picker(card.seedText, variant);

  if (card.safety) {
    // BotCafe's crisis protocol asked this reply to step out of character (wellbeing/gates.ts).
    return `${pick("safety", SAFETY_OPENERS)} ${SAFETY_BODY}`;
  }

  const mayQuote = request.quoteBotDefinition === true;
  const voice = voiceOf(card, mayQuote);
  const values = { user: card.userName ?? "friend", bang: voice.exclaims ? "!" : "." };
  const parts: string[] = [];
  if (voice.actions.length && pick("use-action", [true, false, true])) parts.push(pick("action", voice.actions));

  const kind = card.lastUser ? kindOf(card.lastUser) : "statement";
  let opener = card.continuing ? pick("continue", CONTINUATIONS) : fill(pick(`open-${kind}`, OPENERS[kind]), values);
  // "Oh, ah, …" and "Oh, i'm …" read badly: the interjection goes only before a plain opening.
  if (
    voice.interjection &&
    !card.continuing &&
    !/^(Ah|Oh|Hm|Mm|Well|I|I'm|That|There)\b/.test(opener) &&
    pick("use-interjection", [true, false])
  ) {
    opener = `${voice.interjection}, ${opener[0]!.toLowerCase()}${opener.slice(1)}`;
  }
  parts.push(opener);

  const knowledge = card.knowledge[0];
  const world = card.worldInfo[0];
  if (mayQuote && (knowledge || world)) {
    if (knowledge)
      parts.push(fill(pick("knowledge", KNOWLEDGE_FRAMES), { ...values, fact: retell(knowledge, card.name) }));
    if (world) parts.push(fill(pick("world", WORLD_FRAMES), { ...values, fact: retell(world, card.name) }));
  } else if (knowledge || world) {
    // Someone else's bot: its knowledge and world info are the creator's hidden text.
    parts.push(pick("notes", CREATOR_NOTES));
  } else {
    const topic = topicWord(card.lastUser);
    if (topic && (kind === "question" || kind === "statement"))
      parts.push(fill(pick("topic", TOPIC_LINES), { ...values, topic }));
  }

  const memory = card.memories[0];
  if (memory) parts.push(fill(pick("memory", MEMORY_FRAMES), { ...values, memory: memoryText(memory) }));

  if (kind === "farewell") parts.push(pick("farewell", FAREWELLS));
  else {
    const closings = voice.signature ? [...CLOSINGS, voice.signature] : CLOSINGS;
    parts.push(fill(pick("closing", closings), values));
  }
  if (voice.emoji && pick("use-emoji", [true, false])) parts.push(voice.emoji);
  return parts.join(" ");
}

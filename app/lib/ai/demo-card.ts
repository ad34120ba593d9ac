/**
 * What the offline demo model can read back out of an assembled prompt (app/lib/chat/prompt.ts):
 * the character's name, who it talks to, the public greeting, the card's hidden parts
 * (personality, scenario, example dialogue, world info, knowledge) and the person's own
 * memories, the person's newest message, and BotCafe's safety instruction when the crisis
 * gate added one. Parsing only: deciding what may be said is demo-reply.ts's job.
 */
import type { ChatRequest } from "./chat-model";

export interface DemoCard {
  name: string | null;
  userName: string | null;
  /** The first assistant message of the history: normally the card's (public) greeting. */
  greeting: string;
  personality: string;
  scenario: string;
  /** The character's own lines of the example dialogue (the creator's hidden text). */
  exampleLines: string[];
  knowledge: string[];
  worldInfo: string[];
  memories: string[];
  /** The person's newest message ("" when the turn continues a reply). */
  lastUser: string;
  /** The turn continues the bot's last reply instead of answering a new message. */
  continuing: boolean;
  /** BotCafe asked this reply to step out of the roleplay (the crisis protocol). */
  safety: boolean;
  /** Every message's text, for a seed that differs per conversation and per turn. */
  seedText: string;
}

/** Lines under a `## Heading` of the system prompt, by heading (lower-cased). */
export function promptSections(system: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of system.split("\n")) {
    const heading = /^##\s+(.+?)\s*$/.exec(line);
    if (heading) {
      current = [];
      sections.set(heading[1]!.toLowerCase(), current);
    } else if (current && line.trim()) {
      current.push(line.trim().replace(/^[-*]\s+/, ""));
    }
  }
  return sections;
}

/** The persona block prompt.ts sends as the first user turn: the chatter's, not a message. */
const PERSONA_BLOCK = /^About me, the person you are talking with:/;

export function readDemoCard(request: ChatRequest): DemoCard {
  const [first, ...rest] = request.messages;
  const system = first?.role === "system" ? first.content : "";
  const sections = promptSections(system);
  const identity =
    /^You are (.+?)\. Stay in character and reply as .+? to (.+?)\.$/m.exec(system) ??
    /^You are (.+?)[.,\n]/m.exec(system);
  const character = sections.get("character") ?? [];
  const name = identity?.[1] ?? null;
  const conversation = rest.filter((m) => m.role !== "system" && !(m.role === "user" && PERSONA_BLOCK.test(m.content)));
  const last = conversation.at(-1);
  const speaker = name
    ? new RegExp(`^(?:${escapeRegExp(name)}|\\{\\{char\\}\\})\\s*:\\s*`, "i")
    : /^\{\{char\}\}\s*:\s*/i;
  return {
    name,
    userName: identity?.[2] ?? null,
    greeting: conversation.find((m) => m.role === "assistant")?.content.trim() ?? "",
    personality: character.find((line) => line.startsWith("Personality:"))?.replace(/^Personality:\s*/, "") ?? "",
    scenario: (sections.get("scenario") ?? []).join(" "),
    exampleLines: (sections.get("example dialogue") ?? [])
      .filter((line) => speaker.test(line))
      .map((line) => line.replace(speaker, "").trim()),
    knowledge: sections.get("knowledge") ?? [],
    worldInfo: sections.get("world info") ?? [],
    memories: sections.get("memories") ?? [],
    lastUser: last?.role === "user" ? last.content.trim() : "",
    continuing: last?.role === "assistant",
    safety: rest.some((m) => m.role === "system" && /^Safety:/m.test(m.content)),
    seedText: request.messages.map((m) => `${m.role}:${m.content}`).join("\n"),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The offline local model: the default when no provider is configured. It streams a
 * reply built from its inputs — the character's name, the person's last message, and
 * any knowledge, world info or memories the prompt carries — so retrieval and memory are
 * visible without a network. Deterministic: the same prompt gives the same reply.
 */
import type { ChatEvent, ChatModel, ChatRequest } from "./chat-model";

export interface LocalModelOptions {
  /** Wait before the first token (benchmarks use it to stand in for a remote model). */
  firstTokenDelayMs?: number;
  /** Wait between tokens, so streaming is visible in a browser. */
  tokenDelayMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });

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

function firstSentence(text: string, max = 160): string {
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

/** Openings per attempt: a regenerated reply reads differently from the first. */
const OPENINGS = ["hears you", "thinks about what you said", "leans in at your words", "smiles and repeats"];

export function composeLocalReply(request: ChatRequest): string {
  const system = request.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n");
  const lastUser = [...request.messages].reverse().find((m) => m.role === "user")?.content.trim() ?? "";
  const sections = promptSections(system);
  const name = /^You are (.+?)[.,\n]/m.exec(system)?.[1] ?? "I";
  const parts: string[] = [];
  if (lastUser) {
    const echo = lastUser.length > 120 ? `${lastUser.slice(0, 119)}…` : lastUser;
    const opening = OPENINGS[(request.variant ?? 0) % OPENINGS.length]!;
    parts.push(`${name === "I" ? "I" : name} ${opening}: "${echo}"`);
  } else {
    parts.push(`${name === "I" ? "I am" : `${name} is`} here and listening.`);
  }
  const knowledge = sections.get("knowledge") ?? [];
  const world = sections.get("world info") ?? [];
  if (request.quoteBotDefinition) {
    if (knowledge[0]) parts.push(`From what I know: ${firstSentence(knowledge[0])}`);
    if (world[0]) parts.push(`In this world, ${firstSentence(world[0])}`);
  } else if (knowledge.length + world.length > 0) {
    // The chatter did not write this bot: its knowledge and world info are the creator's
    // hidden text, so the reply says they were used without quoting them.
    parts.push(`(${name === "I" ? "My" : `${name}'s`} creator gave me notes that I draw on but do not repeat.)`);
  }
  const memories = sections.get("memories") ?? [];
  if (memories[0]) parts.push(`I remember: ${firstSentence(memories[0])}`);
  parts.push("(This reply comes from BotCafe's offline local model.)");
  return parts.join(" ");
}

/** Split into word-sized tokens that keep their whitespace, so joined they give the text back. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

export class LocalModel implements ChatModel {
  readonly provider = "local";
  readonly model = "botcafe-local-1";
  readonly contextWindow = 8192;

  constructor(private readonly options: LocalModelOptions = {}) {}

  async *stream(request: ChatRequest): AsyncIterable<ChatEvent> {
    const reply = composeLocalReply(request);
    const tokens = splitTokens(reply);
    await sleep(this.options.firstTokenDelayMs ?? 0, request.signal);
    let sent = 0;
    for (const token of tokens) {
      if (request.signal?.aborted) break;
      yield { type: "text", text: token };
      sent++;
      await sleep(this.options.tokenDelayMs ?? 0, request.signal);
    }
    const promptTokens = request.messages.reduce((n, m) => n + splitTokens(m.content).length, 0);
    yield { type: "done", finishReason: "stop", usage: { promptTokens, completionTokens: sent } };
  }
}

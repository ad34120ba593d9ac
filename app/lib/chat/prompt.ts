/**
 * Prompt assembly: the one place that turns a bot, a persona, retrieved context and the
 * chat history into the messages sent to a model, within the model's token budget.
 *
 * Who wrote what decides where it goes. The bot's creator wrote the system prompt,
 * personality, scenario, examples and world info: those form the system message. The
 * chatting person's persona and messages stay in user turns, so text from one person
 * (for example someone else's public persona) never becomes a system instruction.
 *
 * The budget rule: required parts (the character definition, the persona, the newest
 * user message) always go in; retrieved context goes in by priority within each kind's
 * budget; then history newest-first until the budget is spent (the oldest messages drop
 * first); example dialogues only if room is left. The assembled prompt, counted with
 * the cl100k tokenizer, never exceeds contextWindow − maxReplyTokens.
 */
import type { ChatMessage } from "../ai/chat-model";
import { fitContextToBudget } from "../retrieval/budget";
import { countTokens } from "../retrieval/tokens";
import { replaceMacros, type MacroNames } from "./macros";
import type { ContextEntry, ContextKind, PromptReport, TurnContext } from "./turn-context";

export { countTokens };

/** Per-message framing tokens (role markers), as in OpenAI's counting guide. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export function countPromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((total, message) => total + MESSAGE_OVERHEAD_TOKENS + countTokens(message.content), 0);
}

export interface PromptBot {
  name: string;
  system_prompt: string;
  personality: string;
  description: string;
  scenario: string;
  example_dialogues: string;
  post_history_instructions?: string;
}

export interface PromptPersona {
  name: string;
  description: string;
  communication_style?: string | null;
  response_length?: string | null;
  humor_level?: string | null;
  formality_level?: string | null;
  emotional_expressiveness?: string | null;
  topics_of_interest?: string[];
  signature_phrases?: string[];
  personality_traits?: Record<string, unknown>;
}

export interface HistoryMessage {
  role: "user" | "assistant" | "system";
  content: string;
}

export interface AssembleInput {
  bot: PromptBot;
  /** The chatting person's persona, or just a name when they have none. */
  persona: PromptPersona;
  /** Oldest first; the last one is normally the new user message (or the reply being continued). */
  history: HistoryMessage[];
  context: TurnContext;
  provider: string;
  model: string;
  contextWindow: number;
  maxReplyTokens: number;
  /** BotCafe's own instructions for this reply (e.g. the crisis protocol's safety note):
   * platform-authored system text, placed last so it is closest to the reply. */
  platformInstructions?: string[];
}

export class PromptTooLargeError extends Error {
  constructor(
    readonly required: number,
    readonly budget: number,
  ) {
    super(`The required parts of the prompt need ${required} tokens but the budget is ${budget}.`);
    this.name = "PromptTooLargeError";
  }
}

const KIND_HEADINGS: Record<ContextKind, string> = {
  world_info: "## World info",
  knowledge: "## Knowledge",
  memory: "## Memories",
};

export function personaText(persona: PromptPersona): string {
  const lines = [`About me, the person you are talking with: my name is ${persona.name}.`];
  if (persona.description.trim()) lines.push(persona.description.trim());
  const style: string[] = [];
  if (persona.communication_style) style.push(`communication style: ${persona.communication_style}`);
  if (persona.response_length) style.push(`preferred reply length: ${persona.response_length}`);
  if (persona.humor_level) style.push(`humor: ${persona.humor_level}`);
  if (persona.formality_level) style.push(`formality: ${persona.formality_level}`);
  if (persona.emotional_expressiveness) style.push(`emotional expressiveness: ${persona.emotional_expressiveness}`);
  if (style.length) lines.push(`My style — ${style.join("; ")}.`);
  if (persona.topics_of_interest?.length) lines.push(`Topics I enjoy: ${persona.topics_of_interest.join(", ")}.`);
  if (persona.signature_phrases?.length)
    lines.push(`Phrases I often use: ${persona.signature_phrases.map((p) => `"${p}"`).join(", ")}.`);
  const traits = Object.entries(persona.personality_traits ?? {}).filter(
    ([, v]) => typeof v === "number" || typeof v === "string",
  );
  if (traits.length) lines.push(`My traits: ${traits.map(([k, v]) => `${k} ${String(v)}`).join(", ")}.`);
  return lines.join("\n");
}

interface Section {
  name: string;
  text: string;
}

function entryLine(entry: ContextEntry): string {
  return `- ${entry.title ? `${entry.title}: ` : ""}${entry.text.replace(/\s+/g, " ").trim()}`;
}

export function assemblePrompt(input: AssembleInput): { messages: ChatMessage[]; report: PromptReport } {
  const names: MacroNames = { char: input.bot.name, user: input.persona.name };
  const m = (text: string) => replaceMacros(text, names).trim();
  const budget = input.contextWindow - input.maxReplyTokens;

  // ── Required: the character definition (creator's words) and the persona (the chatter's).
  const identity: Section = {
    name: "identity",
    text: `You are ${input.bot.name}. Stay in character and reply as ${input.bot.name} to ${input.persona.name}.`,
  };
  const required: Section[] = [identity];
  if (input.bot.system_prompt.trim()) required.push({ name: "system_prompt", text: m(input.bot.system_prompt) });
  const character: string[] = [];
  if (input.bot.description.trim()) character.push(m(input.bot.description));
  if (input.bot.personality.trim()) character.push(`Personality: ${m(input.bot.personality)}`);
  if (character.length) required.push({ name: "character", text: `## Character\n${character.join("\n")}` });
  if (input.bot.scenario.trim()) required.push({ name: "scenario", text: `## Scenario\n${m(input.bot.scenario)}` });
  const persona = personaText(input.persona);
  // Character cards' post-history instructions: the creator's note that goes after the
  // chat history, closest to the reply (as card tools place it).
  const postHistory = input.bot.post_history_instructions?.trim() ? m(input.bot.post_history_instructions) : "";
  const platform = (input.platformInstructions ?? [])
    .map((text) => text.trim())
    .filter(Boolean)
    .join("\n\n");
  const history = input.history.filter((h) => h.content.trim());
  const newest = history[history.length - 1];
  const older = newest ? history.slice(0, -1) : [];

  const requiredTokens =
    countPromptTokens([{ role: "system", content: required.map((s) => s.text).join("\n\n") }]) +
    countPromptTokens([{ role: "user", content: persona }]) +
    (postHistory ? countPromptTokens([{ role: "system", content: postHistory }]) : 0) +
    (platform ? countPromptTokens([{ role: "system", content: platform }]) : 0) +
    (newest ? countPromptTokens([newest]) : 0);
  if (requiredTokens > budget) throw new PromptTooLargeError(requiredTokens, budget);
  let remaining = budget - requiredTokens;

  // ── Retrieved context: each kind's budget first (fitContextToBudget, shared with
  // retrieval), then, by priority, whatever still fits the whole prompt. Every line and
  // section heading is charged so the final count stays within the budget.
  // World info and knowledge are written with the same macros as the card: fill them in
  // before they are counted or reach the model.
  const entries = input.context.entries.map((entry) => ({
    ...entry,
    title: entry.title ? replaceMacros(entry.title, names) : entry.title,
    text: replaceMacros(entry.text, names),
  }));
  const fitted = fitContextToBudget(entries, input.context.budgets);
  const byPriority = fitted
    .map((entry, offered) => ({ entry, offered }))
    .sort(
      (a, b) =>
        b.entry.priority - a.entry.priority || (b.entry.score ?? 0) - (a.entry.score ?? 0) || a.offered - b.offered,
    );
  const report: PromptReport["context"] = [...fitted];
  const headingCharged = new Set<string>();
  const chosen: ContextEntry[] = [];
  for (const { entry, offered } of byPriority) {
    if (!entry.included) continue;
    const cost = countTokens(entryLine(entry)) + 1;
    const groupKey = entry.kind === "world_info" ? `world_info:${entry.position ?? "after_character"}` : entry.kind;
    const headingCost = headingCharged.has(groupKey) ? 0 : countTokens(KIND_HEADINGS[entry.kind]) + 2;
    if (cost + headingCost > remaining) {
      report[offered] = { ...entry, included: false, cutReason: "no room left in the prompt budget" };
      continue;
    }
    remaining -= cost + headingCost;
    headingCharged.add(groupKey);
    chosen.push(entry);
  }
  // Keep the offered order (world info insertion order, knowledge rank) in the prompt.
  chosen.sort((a, b) => fitted.indexOf(a as (typeof fitted)[number]) - fitted.indexOf(b as (typeof fitted)[number]));

  // ── History, newest first, until the budget is spent.
  const keptOlder: HistoryMessage[] = [];
  for (let i = older.length - 1; i >= 0; i--) {
    const message = older[i]!;
    const cost = countPromptTokens([message]) + 1;
    if (cost > remaining) break;
    remaining -= cost;
    keptOlder.unshift(message);
  }
  const dropped = older.length - keptOlder.length;

  // ── Example dialogues, if room is left.
  let examples: Section | null = null;
  if (input.bot.example_dialogues.trim()) {
    const text = `## Example dialogue\n${m(input.bot.example_dialogues)}`;
    const cost = countTokens(text) + 2;
    if (cost <= remaining) {
      examples = { name: "example_dialogues", text };
      remaining -= cost;
    }
  }

  // ── Lay the system message out in reading order.
  const group = (kind: ContextKind, position?: ContextEntry["position"]): Section | null => {
    const lines = chosen
      .filter((e) => e.kind === kind && (kind !== "world_info" || (e.position ?? "after_character") === position))
      .map(entryLine);
    if (!lines.length) return null;
    const name = kind === "world_info" ? `world_info_${position === "before_character" ? "before" : "after"}` : kind;
    return { name, text: `${KIND_HEADINGS[kind]}\n${lines.join("\n")}` };
  };
  const [identitySection, ...definition] = required;
  const systemSections = [
    identitySection!,
    group("world_info", "before_character"),
    ...definition,
    group("world_info", "after_character"),
    examples,
    group("knowledge"),
    group("memory"),
  ].filter((s): s is Section => s !== null);
  const system = systemSections.map((s) => s.text).join("\n\n");

  const messages: ChatMessage[] = [
    { role: "system", content: system },
    { role: "user", content: persona },
    ...keptOlder.map((h) => ({ role: h.role, content: h.content })),
    ...(newest ? [{ role: newest.role, content: newest.content }] : []),
    ...(postHistory ? [{ role: "system" as const, content: postHistory }] : []),
    ...(platform ? [{ role: "system" as const, content: platform }] : []),
  ];
  // Final safety net: the true count is what the budget promises. If joining sections
  // tokenized differently than counted apart, drop the oldest history until it fits.
  let used = countPromptTokens(messages);
  let extraDropped = 0;
  while (used > budget && keptOlder.length > extraDropped) {
    messages.splice(2, 1);
    extraDropped++;
    used = countPromptTokens(messages);
  }
  if (used > budget) throw new PromptTooLargeError(used, budget);

  const sections = [
    ...systemSections.map((s) => ({ name: s.name, tokens: countTokens(s.text), text: s.text })),
    { name: "persona", tokens: countTokens(persona), text: persona },
    ...(postHistory
      ? [{ name: "post_history_instructions", tokens: countTokens(postHistory), text: postHistory }]
      : []),
    ...(platform ? [{ name: "platform_instructions", tokens: countTokens(platform), text: platform }] : []),
  ];
  return {
    messages,
    report: {
      provider: input.provider,
      model: input.model,
      budget: { contextWindow: input.contextWindow, maxReplyTokens: input.maxReplyTokens, promptBudget: budget, used },
      sections,
      context: report,
      history: { included: keptOlder.length - extraDropped + (newest ? 1 : 0), dropped: dropped + extraDropped },
    },
  };
}

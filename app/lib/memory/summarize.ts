/**
 * The offline summarizer behind memories: deterministic and extractive (no network, the
 * same messages always give the same memory). It keeps the first sentence of what each
 * side said, scores importance from cues people use for things worth remembering, and
 * decides whether the memory is short-term (expires) or episodic (kept).
 */
import { SHORT_TERM_TTL_DAYS } from "./ranking";

export interface SummarizableMessage {
  role: "user" | "assistant" | "system";
  content: string;
}

export interface MemoryDraft {
  content: string;
  summary: string;
  importance: number;
  memoryType: "short_term" | "episodic";
  expiresAt: string | null;
}

const IMPORTANT_CUES =
  /\b(my name|i am|i'm|i live|i work|birthday|remember|always|never|love|hate|favou?rite|promise|important|afraid|family|wife|husband|daughter|son|friend|dream|goal)\b/gi;
/** Below this importance a memory is short-term and expires. */
export const SHORT_TERM_BELOW = 0.35;

function firstSentence(text: string, max = 140): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(clean)?.[1] ?? clean;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

export function scoreImportance(messages: SummarizableMessage[]): number {
  const userText = messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join(" ");
  const cues = userText.match(IMPORTANT_CUES)?.length ?? 0;
  const emphasis = (userText.match(/!/g)?.length ?? 0) > 0 ? 0.05 : 0;
  const length = Math.min(0.2, userText.length / 2000);
  return Math.round(Math.min(1, 0.15 + cues * 0.15 + emphasis + length) * 100) / 100;
}

export function summarizeMessages(
  messages: SummarizableMessage[],
  names: { user: string; bot: string },
  now: Date,
): MemoryDraft | null {
  const spoken = messages.filter((m) => m.role !== "system" && m.content.trim() !== "");
  if (spoken.length === 0) return null;
  const userLines = spoken.filter((m) => m.role === "user").map((m) => firstSentence(m.content));
  const botLines = spoken.filter((m) => m.role === "assistant").map((m) => firstSentence(m.content));
  const parts: string[] = [];
  if (userLines.length > 0) parts.push(`${names.user} said: ${userLines.slice(0, 3).join(" ")}`);
  if (botLines.length > 0) parts.push(`${names.bot} replied: ${botLines[0]}`);
  const importance = scoreImportance(spoken);
  const shortTerm = importance < SHORT_TERM_BELOW;
  return {
    summary: parts.join(" "),
    content: spoken
      .map((m) => `${m.role === "user" ? names.user : names.bot}: ${m.content.trim()}`)
      .join("\n")
      .slice(0, 8000),
    importance,
    memoryType: shortTerm ? "short_term" : "episodic",
    expiresAt: shortTerm ? new Date(now.getTime() + SHORT_TERM_TTL_DAYS * 86_400_000).toISOString() : null,
  };
}

/**
 * Risk that shows only across messages: "what's the point of anything", then "I bought a
 * rope today". Each message alone is ordinary; read together, the second is a warning
 * sign. The person's recent messages set the context (hopelessness, a wish to die, an
 * earlier crisis or check-in); the new message then needs only one warning sign of its own
 * (means, a preparation, a high place, a decision, a farewell) to be a crisis.
 */
import { analyseMessage, guessLanguage, type CrisisAssessment } from "./local-detector.ts";
import type { SignalName, Signals } from "./signals.ts";

/** How many earlier messages are read (the brief's "last 2–3"): older ones are history. */
export const CONVERSATION_WINDOW = 3;
/** Of each earlier message only the end is read: that is what the new message answers,
 * and it keeps the whole check within the time of one long message. */
export const CONTEXT_CHARS = 1000;

const CONTEXT_SIGNALS: SignalName[] = ["hopeless", "passive", "conditional", "death", "make-it-stop"];
const ACTION_SIGNALS: SignalName[] = [
  "means",
  "research",
  "prep-strong",
  "prep-weak",
  "high-place",
  "at-the-edge",
  "decision",
  "final",
  "make-it-stop",
  "self-harm",
  "death",
];

const inFrame = ({ frames }: Signals, ...names: ("fiction" | "info" | "benign-purpose")[]) =>
  names.some((name) => frames.has(name)) && !frames.has("out-of-character");

/** Whether one earlier message sets a context of risk. */
function atRisk({ assessment, signals }: ReturnType<typeof analyseMessage>): boolean {
  if (assessment) return true;
  if (inFrame(signals, "fiction")) return false;
  return CONTEXT_SIGNALS.some((name) => signals.names.has(name));
}

/**
 * The new message read with the person's recent messages (oldest first; only the last
 * CONVERSATION_WINDOW are read). Returns what the message alone gives, raised to "crisis"
 * when the context is at risk and the message carries a warning sign, or dropped when an
 * earlier message gave an ordinary purpose ("let's go climbing") for signs scored alone;
 * null when nothing fired. Pure and synchronous.
 */
export function checkConversation(recent: readonly string[], message: string): CrisisAssessment | null {
  const { assessment: alone, signals } = analyseMessage(message);
  const context = recent
    .slice(-CONVERSATION_WINDOW)
    .filter((text) => text.trim() !== "")
    .map((text) => analyseMessage(text.slice(-CONTEXT_CHARS)));
  if (!context.some(atRisk)) {
    // Warning signs scored alone do not stand against a purpose given just before
    // (phrase rules, which say it outright, do).
    const benign =
      alone?.id.startsWith("signals:") && context.some((earlier) => earlier.signals.frames.has("benign-purpose"));
    return benign ? null : alone;
  }
  if (alone?.level === "crisis") return alone;
  const signs = ACTION_SIGNALS.filter((name) => signals.names.has(name));
  if (inFrame(signals, "fiction", "info", "benign-purpose") || signs.length === 0) return alone;
  const language =
    guessLanguage([...recent.slice(-CONVERSATION_WINDOW), message].join(" ").slice(-4000)) === "es" ? "es" : "en";
  return { level: "crisis", id: `conversation:${signs.sort().join("+")}`, language };
}

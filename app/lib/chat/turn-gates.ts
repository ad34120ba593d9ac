/**
 * Turn gates: the one place other areas hook into a chat turn, so none of them edits the
 * turn itself. Wellbeing (crisis help, limits, break reminders, the AI disclosure) and
 * billing (balance, per-key caps) each add a gate to TURN_GATES and, for what happens
 * after the reply, a hook to REPLY_SETTLED_HOOKS.
 *
 * - Gates run in order before any row of the turn is written. The first refusal stops
 *   the turn: nothing is saved, and both chat paths show its message and link — and any
 *   crisis notice an earlier gate raised, so someone in crisis who is also out of tokens
 *   (or past a limit) still sees where to get help.
 * - Notices from every gate are saved on the reply (`metadata.notices`) and shown above
 *   it — while it streams and on every later visit. They are BotCafe's words, never the
 *   model's.
 * - `promptInstructions` go into this turn's prompt as BotCafe-authored system text.
 * - Settled hooks run after the reply is saved, inside waitUntil; they never hold up the
 *   stream, and each must be idempotent per generation: key what you record on
 *   `replyKey` (a regenerate or continue reuses the message id but gets a new key).
 */
import type { AgeGroup, DB } from "#db/schema";
import { BILLING_TURN_GATES, chargeSettledReply } from "~/lib/billing/chat";
import { termsTurnGate } from "~/lib/legal/gate";
import { WELLBEING_CRISIS_GATES, WELLBEING_SETTLED_HOOKS, WELLBEING_TURN_GATES } from "~/lib/wellbeing/register";

export type TurnIntent = "send" | "regenerate" | "continue" | "edit";

export interface TurnGateInput {
  db: DB;
  d1: D1Database;
  env: Env;
  user: { id: string; ageGroup: AgeGroup | null };
  conversationId: string;
  botId: string;
  intent: TurnIntent;
  /** The user's new text for send/edit, else null. */
  userMessage: string | null;
  /** Who writes the reply: the platform's model ("local", "workers-ai") or a user-key provider. */
  provider: string;
  /** The user's api_keys row when their own key writes the reply, else null. */
  keyId: string | null;
  /** ISO country code from the request (request.cf.country), when known. */
  country: string | null;
  now: Date;
  /** The most the reply may write (the turn's MAX_REPLY_TOKENS), for gates that price it. */
  maxReplyTokens?: number;
}

export interface NoticeLink {
  href: string;
  label: string;
}

export interface TurnNotice {
  kind: "crisis" | "ai_disclosure" | "break_reminder" | "night_mode" | "billing";
  title: string;
  body: string;
  /** tel:, sms:, https: or same-site paths. */
  links?: NoticeLink[];
}

export interface TurnRefusal {
  status: 402 | 403 | 429;
  message: string;
  link?: NoticeLink;
}

export interface TurnGateResult {
  refusal?: TurnRefusal;
  notices?: TurnNotice[];
  promptInstructions?: string[];
}

export interface TurnGate {
  name: string;
  check(input: TurnGateInput): Promise<TurnGateResult>;
}

/** Every area's gate, in the order they run. Add yours with one line. */
// The crisis check first: it must run (and count) before any refusal, the terms gate's
// too, and its notice survives a later refusal (see runTurnGates). The terms gate next,
// before any gate that records or resets something.
export const TURN_GATES: TurnGate[] = [
  ...WELLBEING_CRISIS_GATES,
  termsTurnGate,
  ...WELLBEING_TURN_GATES,
  ...BILLING_TURN_GATES,
];

export interface GateOutcome {
  refusal: TurnRefusal | null;
  notices: TurnNotice[];
  promptInstructions: string[];
}

export async function runTurnGates(
  input: TurnGateInput,
  gates: readonly TurnGate[] = TURN_GATES,
): Promise<GateOutcome> {
  const notices: TurnNotice[] = [];
  const promptInstructions: string[] = [];
  for (const gate of gates) {
    const result = await gate.check(input);
    if (result.refusal)
      return { refusal: result.refusal, notices: notices.filter((n) => n.kind === "crisis"), promptInstructions: [] };
    if (result.notices) notices.push(...result.notices);
    if (result.promptInstructions) promptInstructions.push(...result.promptInstructions);
  }
  return { refusal: null, notices, promptInstructions };
}

export interface SettledReply {
  db: DB;
  d1: D1Database;
  env: Env;
  userId: string;
  conversationId: string;
  messageId: string;
  /** Unique per generation (the turn's id): what a hook records once. */
  replyKey: string;
  intent: TurnIntent;
  provider: string;
  keyId: string | null;
  /** Counted with the prompt's tokenizer when the provider does not report usage. */
  promptTokens: number;
  completionTokens: number;
  status: "complete" | "incomplete" | "error";
  now: Date;
}

export interface ReplySettledHook {
  name: string;
  onSettled(reply: SettledReply): Promise<void>;
}

/** Every area's after-reply hook. Add yours with one line. */
export const REPLY_SETTLED_HOOKS: ReplySettledHook[] = [...WELLBEING_SETTLED_HOOKS, chargeSettledReply];

/** Run every hook; one failing hook does not stop the others (and never the reply). */
export async function runSettledHooks(
  reply: SettledReply,
  hooks: readonly ReplySettledHook[] = REPLY_SETTLED_HOOKS,
): Promise<void> {
  for (const hook of hooks) {
    try {
      await hook.onSettled(reply);
    } catch (error) {
      console.error(`reply hook ${hook.name} failed`, error);
    }
  }
}

/** Notices from `json_extract(metadata, '$.notices')` (null or malformed → none). */
export function parseNoticesJson(json: string | null | undefined): TurnNotice[] {
  if (!json) return [];
  try {
    return parseNotices(JSON.parse(json));
  } catch {
    return [];
  }
}

/** Read notices back from a message's metadata (anything malformed is dropped). */
export function parseNotices(value: unknown): TurnNotice[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (n): n is TurnNotice =>
      typeof n === "object" &&
      n !== null &&
      typeof (n as TurnNotice).title === "string" &&
      typeof (n as TurnNotice).body === "string" &&
      typeof (n as TurnNotice).kind === "string",
  );
}

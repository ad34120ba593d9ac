/**
 * The parts of the chat turn-gate contract (app/lib/chat/turn-gates.ts) wellbeing reads
 * and returns. Kept structural so the gates below plug into TURN_GATES as they are.
 */
import type { AgeGroup, DB } from "#db/schema";

export interface WellbeingTurnInput {
  db: DB;
  d1: D1Database;
  env: Env;
  user: { id: string; ageGroup: AgeGroup | null };
  conversationId: string;
  botId: string;
  intent: "send" | "regenerate" | "continue" | "edit";
  userMessage: string | null;
  country: string | null;
  now: Date;
}

export interface WellbeingNotice {
  kind: "crisis" | "ai_disclosure" | "break_reminder" | "night_mode";
  title: string;
  body: string;
  links?: { href: string; label: string }[];
}

export interface WellbeingRefusal {
  status: 429 | 403;
  message: string;
  link?: { href: string; label: string };
}

export interface WellbeingGateResult {
  refusal?: WellbeingRefusal;
  notices?: WellbeingNotice[];
  promptInstructions?: string[];
}

export interface WellbeingSettledReply {
  db: DB;
  d1: D1Database;
  env: Env;
  userId: string;
  conversationId: string;
  messageId: string;
  promptTokens: number;
  completionTokens: number;
  status: "complete" | "incomplete" | "error";
  now: Date;
}

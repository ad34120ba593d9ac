/**
 * The yearly report California's companion-chatbot law (SB 243, Business and Professions
 * Code §22603) asks operators to send the Office of Suicide Prevention each 1 July from
 * 2027, for the previous calendar year — and nothing more: the number of crisis-service
 * referral notifications issued, and the protocols for detecting, removing and responding
 * to suicidal ideation by users and for keeping the bot from responding to it. No user
 * identifiers: the counts come from the anonymous rollup (referrals.ts), in one query.
 * One model for both formats: the printable page and the CSV.
 */
import type { DB } from "#db/schema";
import { annualReportQuery } from "./referrals";

/** The protocols as BotCafe runs them (the published Responsible AI page says the same). */
export const SAFETY_PROTOCOLS = {
  detect: [
    "Every message a person sends in a chat is checked on BotCafe's servers, before any other check on the turn (including the terms, limits and billing checks), for suicidal ideation or self-harm: first with phrase rules in English and Spanish, then, in production, with Llama Guard 3 (category S11, suicide and self-harm).",
    "Every reply a character writes is checked the same way, on the text so far at each progress save while it streams (about every 2 seconds) and on the whole reply as it finishes.",
  ],
  respond: [
    "When a person's message shows risk, BotCafe — not the character — shows a notice with free crisis services for their region (phone and text links, and the crisis resources page), whatever else happens to the turn: it is shown even when the message is refused for another reason.",
    "For that reply the model is instructed to step out of any roleplay, respond with care, not discuss methods, and point to the crisis services and to emergency services if the person may be in immediate danger.",
    "A notice that the character is an AI, not a person, is shown at the start of every conversation and again after every 3 hours of use; known minors also get break reminders every 3 hours and never see or chat with bots marked adult-only.",
  ],
  remove: [
    "A reply that encourages or instructs suicide or self-harm, or voices suicidal ideation, is withheld: the model is stopped, what was already shown is taken back, the text is never stored, and BotCafe's crisis notice is shown in its place. Each withheld reply is counted.",
  ],
  privacy: [
    "Referrals and withheld replies are counted per month, region and language only. No message text and no user identifier is stored with a count or included in this report.",
  ],
} as const;

export const PROTOCOL_HEADINGS: Record<keyof typeof SAFETY_PROTOCOLS, string> = {
  detect: "Detecting suicidal ideation",
  respond: "Responding to it",
  remove: "Removing it, and keeping the character from responding with it",
  privacy: "What is kept",
};

/** Years a report can be asked for: from the year BotCafe started counting to this one. */
export const FIRST_REPORT_YEAR = 2026;

export interface SafetyReport {
  year: number;
  periodStart: string;
  periodEnd: string;
  /** 1 July of the following year. */
  dueDate: string;
  /** Notices shown after a person's message. */
  referrals: number;
  /** Notices shown in place of a withheld reply (they list the same crisis services). */
  withheldReplies: number;
  /** Every crisis-service referral notification issued: the two above. */
  notifications: number;
}

export async function safetyReport(db: DB, year: number): Promise<SafetyReport> {
  const row = await annualReportQuery(db, year).executeTakeFirst();
  const referrals = Number(row?.referrals ?? 0);
  const withheldReplies = Number(row?.withheld_replies ?? 0);
  return {
    year,
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    dueDate: `${year + 1}-07-01`,
    referrals,
    withheldReplies,
    notifications: referrals + withheldReplies,
  };
}

function csvCell(value: string | number): string {
  const text = String(value);
  // Quoted when needed; a leading = + - @ is neutralised so a spreadsheet never runs it.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function safetyReportCsv(report: SafetyReport): string {
  const rows: [string, string | number][] = [
    ["operator", "BotCafe"],
    ["report", "SB 243 annual report (Business and Professions Code 22603)"],
    ["reporting_period_start", report.periodStart],
    ["reporting_period_end", report.periodEnd],
    ["due", report.dueDate],
    ["crisis_referral_notifications_issued", report.notifications],
    ["of_which_after_a_user_message", report.referrals],
    ["of_which_in_place_of_a_withheld_reply", report.withheldReplies],
    ...(Object.keys(SAFETY_PROTOCOLS) as (keyof typeof SAFETY_PROTOCOLS)[]).flatMap((key) =>
      SAFETY_PROTOCOLS[key].map((text, i) => [`protocol_${key}_${i + 1}`, text] as [string, string]),
    ),
  ];
  return ["field,value", ...rows.map(([field, value]) => `${csvCell(field)},${csvCell(value)}`)].join("\r\n") + "\r\n";
}

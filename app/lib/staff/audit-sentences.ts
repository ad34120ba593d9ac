/**
 * Audit rows in words, for the audit log and the ticket page's collision banner: "Riley
 * Support resolved the ticket", "Alex Admin changed Sam User's role from user to support".
 * One function per action kind; an action this module does not know still gets a plain
 * sentence (who did what to which row), so a new kind never shows raw JSON first. The JSON
 * stays available to staff behind a toggle on the page.
 */
import { STATUS_LABELS } from "../support/ticket-state";

export interface AuditRowForSentence {
  action: string;
  actor_name: string | null;
  target_type: string;
  target_id: string;
  /** What the target is called (a user's name, a bot's name, a ticket's subject), when known. */
  target_name?: string | null;
  before_json: string;
  after_json: string;
}

/** Staff members' names by id, for "assigned the ticket to …". */
export type NameLookup = Readonly<Record<string, string>>;

type Json = Record<string, unknown>;

function parse(json: string): Json {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string =>
  value === null || value === undefined || value === "" ? "nothing" : String(value);
const quoted = (name: string | null | undefined) => (name ? ` “${name}”` : "");

/** "a, b and c" */
export function listInWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

const CONTENT_NOUNS: Record<string, string> = {
  documentation: "the help article",
  tutorials: "the tutorial",
  legal_documents: "the legal document",
  crisis_support: "the crisis resource",
  subscription_tiers: "the subscription tier",
  token_packages: "the token package",
  creator_programs: "the creator program",
  saved_replies: "the saved reply",
};

const STATUS_WORDS = STATUS_LABELS as Record<string, string>;
const statusWord = (value: unknown) => (STATUS_WORDS[String(value)] ?? text(value)).toLowerCase();

const BADGES: Record<string, string> = { is_verified: "verified", is_featured: "featured", is_premium: "premium" };

interface Parts {
  actor: string;
  target: string;
  row: AuditRowForSentence;
  before: Json;
  after: Json;
  names: NameLookup;
}

type Phrase = (p: Parts) => string;

function ticketUpdate({ before, after, row }: Parts): string {
  const ticket = `the ticket${quoted(row.target_name)}`;
  const parts: string[] = [];
  if ("status" in after) {
    if (after.status === "resolved") parts.push(`resolved ${ticket}`);
    else if (after.status === "closed") parts.push(`closed ${ticket}`);
    else if (after.status === "open" && (before.status === "resolved" || before.status === "closed"))
      parts.push(`reopened ${ticket}`);
    else parts.push(`moved ${ticket} from ${statusWord(before.status)} to ${statusWord(after.status)}`);
  }
  if ("priority" in after) parts.push(`changed the priority from ${text(before.priority)} to ${text(after.priority)}`);
  if ("category" in after) parts.push(`changed the category from ${text(before.category)} to ${text(after.category)}`);
  if ("resolution" in after && !("status" in after)) parts.push("updated the resolution");
  return parts.length > 0 ? listInWords(parts) : `saved ${ticket} without changes`;
}

function assigned({ after, names, row }: Parts): string {
  const ticket = `the ticket${quoted(row.target_name)}`;
  const to = after.assigned_to_id;
  if (to === null || to === undefined || to === "") return `unassigned ${ticket}`;
  return `assigned ${ticket} to ${names[String(to)] ?? "another staff member"}`;
}

function badges({ before, after, target }: Parts): string {
  const added = Object.keys(BADGES)
    .filter((k) => Number(after[k]) === 1 && Number(before[k]) !== 1)
    .map((k) => BADGES[k]!);
  const removed = Object.keys(BADGES)
    .filter((k) => Number(after[k]) !== 1 && Number(before[k]) === 1)
    .map((k) => BADGES[k]!);
  const parts = [
    ...(added.length ? [`gave ${target} the ${listInWords(added)} badge${added.length === 1 ? "" : "s"}`] : []),
    ...(removed.length
      ? [`took away ${target}'s ${listInWords(removed)} badge${removed.length === 1 ? "" : "s"}`]
      : []),
  ];
  return parts.length > 0 ? listInWords(parts) : `saved ${target}'s badges without changes`;
}

function content(verb: string): Phrase {
  return ({ row, after }) => {
    const noun = CONTENT_NOUNS[row.target_type] ?? `the ${row.target_type.replace(/_/g, " ")} row`;
    const title =
      row.target_name ??
      (typeof after.title === "string" ? after.title : typeof after.name === "string" ? after.name : null);
    const version =
      row.target_type === "legal_documents" && typeof after.version === "string" ? `, version ${after.version}` : "";
    return `${verb} ${noun}${quoted(title)}${version}`;
  };
}

const PHRASES: Record<string, Phrase> = {
  "user.role": ({ target, before, after }) =>
    `changed ${target}'s role from ${text(before.role)} to ${text(after.role)}`,
  "user.suspend": ({ target }) => `suspended ${target}`,
  "user.unsuspend": ({ target }) => `lifted ${target}'s suspension`,
  "ticket.reply": ({ row }) => `replied to the ticket${quoted(row.target_name)}`,
  "ticket.note": ({ row }) => `added an internal note to the ticket${quoted(row.target_name)}`,
  "ticket.assign": assigned,
  "ticket.update": ticketUpdate,
  "application.accept": ({ target }) => `accepted ${target}`,
  "application.reject": ({ target }) => `turned down ${target}`,
  "report.unpublish": ({ target }) => `unpublished ${target} after a report`,
  "report.mark_nsfw": ({ target }) => `marked ${target} as NSFW after a report`,
  "report.delete": ({ target }) => `deleted ${target} after a report`,
  "report.dismiss": ({ target, after }) => {
    const n = Number(after.dismissed);
    return Number.isFinite(n) && n > 0
      ? `dismissed ${n === 1 ? "a report" : `${n} reports`} about ${target}`
      : `dismissed the reports about ${target}`;
  },
  "creator.badges": badges,
  "content.create": content("created"),
  "content.update": content("edited"),
  "content.publish": content("published"),
  "content.unpublish": content("unpublished"),
};

const TARGET_NOUNS: Record<string, string> = {
  user: "a user",
  bot: "a bot",
  ticket: "a ticket",
  application: "a creator program application",
  creator_profile: "a creator",
};

/** How the target is named in a sentence: its name when known, else what kind of row it is. */
function targetPhrase(row: AuditRowForSentence): string {
  const noun = TARGET_NOUNS[row.target_type];
  if (row.target_type === "bot") return row.target_name ? `the bot ${row.target_name}` : "a bot that no longer exists";
  if (row.target_type === "application")
    return row.target_name ? `${row.target_name}'s creator program application` : "a creator program application";
  if (row.target_name) return row.target_name;
  return noun ?? `${row.target_type.replace(/_/g, " ")} ${row.target_id}`;
}

/** The sentence for one audit row, without its time (the page adds that). */
export function auditSentence(row: AuditRowForSentence, names: NameLookup = {}): string {
  const actor = row.actor_name?.trim() || "A staff member who has since left";
  const parts: Parts = {
    actor,
    target: targetPhrase(row),
    row,
    before: parse(row.before_json),
    after: parse(row.after_json),
    names,
  };
  const phrase = PHRASES[row.action];
  if (phrase) return `${actor} ${phrase(parts)}`;
  return `${actor} did “${row.action}” to ${row.target_type.replace(/_/g, " ")} ${row.target_id}`;
}

/** The action kinds with their own sentence (the rest get the generic one). */
export const KNOWN_AUDIT_ACTIONS = Object.keys(PHRASES);

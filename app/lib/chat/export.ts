/**
 * Conversation export. JSONL follows SillyTavern's chat files: a header line, then one
 * line per message with name, is_user, mes and send_date; a reply with alternatives
 * carries them as `swipes` (with `swipe_id` the one shown). Markdown is for reading.
 */
export interface ExportAlternative {
  position: number;
  content: string;
  created_at: string;
}

export interface ExportMessage {
  role: "user" | "assistant" | "system";
  content: string;
  created_at: string;
  /** Regenerated replies / alternate greetings, when there are any. */
  alternatives?: ExportAlternative[];
  /** The position of the alternative `content` mirrors. */
  active_alternative?: number;
}

/**
 * A date the way SillyTavern writes and reads chat dates: `2024-6-5 @14h 56m 50s 682ms`
 * (its `humanizedISO8601DateTime`). Both its release importer (`timestampToMoment`,
 * which only knows Unix numbers and this pattern) and its staging one (`parseTimestamp`)
 * parse it — and both read the fields as UTC (they append `Z`), so we write UTC fields.
 */
export function sillyTavernDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return sillyTavernDate(new Date(0).toISOString());
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}-${date.getUTCMonth() + 1}-${date.getUTCDate()} @${pad(date.getUTCHours())}h ${pad(date.getUTCMinutes())}m ${pad(date.getUTCSeconds())}s ${date.getUTCMilliseconds()}ms`;
}

/** SillyTavern's swipes for a message: every alternative in order, and which one shows. */
function swipesOf(message: ExportMessage) {
  const alternatives = [...(message.alternatives ?? [])].sort((a, b) => a.position - b.position);
  if (message.role !== "assistant" || alternatives.length < 2) return {};
  const shown = Math.max(
    0,
    alternatives.findIndex((a) => a.position === message.active_alternative),
  );
  return {
    swipe_id: shown,
    swipes: alternatives.map((a) => a.content),
    swipe_info: alternatives.map((a) => ({ send_date: sillyTavernDate(a.created_at), extra: {} })),
  };
}

export interface ExportInput {
  title: string;
  botName: string;
  userName: string;
  createdAt: string;
  messages: ExportMessage[];
}

export function toSillyTavernJsonl(input: ExportInput): string {
  const header = {
    user_name: input.userName,
    character_name: input.botName,
    create_date: sillyTavernDate(input.createdAt),
    chat_metadata: { title: input.title },
  };
  const lines = input.messages.map((m) =>
    JSON.stringify({
      name: m.role === "user" ? input.userName : input.botName,
      is_user: m.role === "user",
      is_system: m.role === "system",
      send_date: sillyTavernDate(m.created_at),
      mes: m.content,
      extra: {},
      ...swipesOf(m),
    }),
  );
  return `${[JSON.stringify(header), ...lines].join("\n")}\n`;
}

export function toMarkdown(input: ExportInput): string {
  const parts = [
    `# ${input.title}`,
    "",
    `A conversation between ${input.userName} and ${input.botName}, started ${input.createdAt}.`,
    "",
  ];
  for (const m of input.messages) {
    parts.push(`**${m.role === "user" ? input.userName : input.botName}** (${m.created_at})`, "", m.content, "");
  }
  return parts.join("\n");
}

/** A filename-safe version of a title. */
export function exportFilename(title: string, extension: string): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "conversation";
  return `${base}.${extension}`;
}

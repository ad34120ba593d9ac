/**
 * Conversation export. JSONL follows SillyTavern's chat files: a header line, then one
 * line per message with name, is_user, mes and send_date. Markdown is for reading.
 */
export interface ExportMessage {
  role: "user" | "assistant" | "system";
  content: string;
  created_at: string;
}

export interface ExportInput {
  title: string;
  botName: string;
  userName: string;
  createdAt: string;
  messages: ExportMessage[];
}

export function toSillyTavernJsonl(input: ExportInput): string {
  const header = { user_name: input.userName, character_name: input.botName, create_date: input.createdAt, chat_metadata: { title: input.title } };
  const lines = input.messages.map((m) =>
    JSON.stringify({
      name: m.role === "user" ? input.userName : input.botName,
      is_user: m.role === "user",
      is_system: m.role === "system",
      send_date: m.created_at,
      mes: m.content,
      extra: {},
    }),
  );
  return `${[JSON.stringify(header), ...lines].join("\n")}\n`;
}

export function toMarkdown(input: ExportInput): string {
  const parts = [`# ${input.title}`, "", `A conversation between ${input.userName} and ${input.botName}, started ${input.createdAt}.`, ""];
  for (const m of input.messages) {
    parts.push(`**${m.role === "user" ? input.userName : input.botName}** (${m.created_at})`, "", m.content, "");
  }
  return parts.join("\n");
}

/** A filename-safe version of a title. */
export function exportFilename(title: string, extension: string): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "conversation";
  return `${base}.${extension}`;
}

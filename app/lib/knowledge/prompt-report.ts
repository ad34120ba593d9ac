/**
 * Reading a saved PromptReport back from `messages.metadata` for the prompt inspector, and
 * cutting it down to what the viewer may see (docs/decisions/0011): someone chatting with
 * a bot they did not create sees every section's name and token count, but the text of
 * only what is theirs — the names line, their persona, their own memories. The creator's
 * definition, world info and knowledge stay on the server.
 */
import type { ContextKind, PromptReport } from "../chat/turn-context";
import { parseJsonObject } from "../json";

/** The report if the metadata holds a usable one (old or foreign rows may not). */
export function promptReportFrom(metadataJson: string): PromptReport | null {
  const metadata = parseJsonObject<{ prompt: unknown }>(metadataJson);
  const report = metadata.prompt as Partial<PromptReport> | undefined;
  if (
    !report ||
    typeof report !== "object" ||
    !Array.isArray(report.sections) ||
    !Array.isArray(report.context) ||
    !report.budget
  )
    return null;
  return {
    provider: String(report.provider ?? ""),
    model: String(report.model ?? ""),
    budget: report.budget,
    sections: report.sections.filter((s) => s && typeof s.name === "string"),
    context: report.context.filter((c) => c && typeof c.kind === "string"),
    history: report.history ?? { included: 0, dropped: 0 },
  };
}

/** Sections whose text comes from the person chatting (or only names them). Any other
 * section — including ones added later — is the creator's and withheld by default. */
const CHATTER_SECTIONS = new Set(["identity", "persona", "memory"]);
const CHATTER_CONTEXT: ReadonlySet<ContextKind> = new Set<ContextKind>(["memory"]);

type ReportContext = PromptReport["context"][number];

export interface VisibleSection {
  name: string;
  tokens: number;
  /** null when withheld. */
  text: string | null;
}

export interface VisibleContextEntry {
  kind: ContextKind;
  /** null when withheld (the creator's entry titles can give away as much as the text). */
  title: string | null;
  text: string | null;
  chunkIndex?: number;
  score?: number;
  reason: string;
  tokens: number;
  included: boolean;
  cutReason?: string;
}

export interface VisiblePromptReport extends Omit<PromptReport, "sections" | "context"> {
  /** True when something was withheld, so the page can say why. */
  withheld: boolean;
  sections: VisibleSection[];
  context: VisibleContextEntry[];
}

function visibleEntry(entry: ReportContext, full: boolean): VisibleContextEntry {
  const shown = full || CHATTER_CONTEXT.has(entry.kind);
  return {
    kind: entry.kind,
    title: shown ? entry.title || entry.sourceId : null,
    text: shown ? entry.text : null,
    ...(entry.chunkIndex !== undefined && shown ? { chunkIndex: entry.chunkIndex } : {}),
    ...(entry.score !== undefined ? { score: entry.score } : {}),
    // A world-info reason names the creator's key ('key "dragon"'); say only that one matched.
    reason: shown
      ? entry.reason
      : entry.kind === "world_info"
        ? entry.reason === "constant"
          ? "always active"
          : "a key matched"
        : entry.reason,
    tokens: entry.tokens,
    included: entry.included,
    ...(entry.cutReason ? { cutReason: entry.cutReason } : {}),
  };
}

/**
 * What the inspector may show. `mayReadDefinition` is true only for the bot's creator
 * (and admins, who may edit any bot): they see everything that was recorded.
 */
export function visiblePromptReport(report: PromptReport, mayReadDefinition: boolean): VisiblePromptReport {
  const sections = report.sections.map((s) => ({
    name: s.name,
    tokens: s.tokens,
    text: mayReadDefinition || CHATTER_SECTIONS.has(s.name) ? s.text : null,
  }));
  const context = report.context.map((c) => visibleEntry(c, mayReadDefinition));
  return {
    provider: report.provider,
    model: report.model,
    budget: report.budget,
    history: report.history,
    sections,
    context,
    withheld: sections.some((s) => s.text === null) || context.some((c) => c.text === null),
  };
}

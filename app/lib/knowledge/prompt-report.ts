/** Reading a saved PromptReport back from `messages.metadata` for the prompt inspector. */
import type { PromptReport } from "../chat/turn-context";
import { parseJsonObject } from "../json";

/** The report if the metadata holds a usable one (old or foreign rows may not). */
export function promptReportFrom(metadataJson: string): PromptReport | null {
  const metadata = parseJsonObject<{ prompt: unknown }>(metadataJson);
  const report = metadata.prompt as Partial<PromptReport> | undefined;
  if (!report || typeof report !== "object" || !Array.isArray(report.sections) || !Array.isArray(report.context) || !report.budget) return null;
  return {
    provider: String(report.provider ?? ""),
    model: String(report.model ?? ""),
    budget: report.budget,
    sections: report.sections.filter((s) => s && typeof s.name === "string"),
    context: report.context.filter((c) => c && typeof c.kind === "string"),
    history: report.history ?? { included: 0, dropped: 0 },
  };
}

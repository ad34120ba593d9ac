/**
 * The data export as a streamed ZIP (fflate): files are deflated as sections write them
 * and the compressed bytes go straight to the response, so memory holds one page of rows
 * and fflate's window — not the whole account.
 */
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { EXPORT_SECTIONS, type ExportContext, type ExportSection, type ExportWriter } from "./export-sections";

const encoder = new TextEncoder();

const README = `This ZIP holds everything BotCafe stores about your account.

profile.jsonl                 your account row
bots/*.v2.json                your bots as Character Card V2 (import them into SillyTavern or back into BotCafe)
conversations/*.jsonl         each conversation as a SillyTavern chat file
data/*.jsonl                  every other table, one JSON object per line
data/api_keys_without_secrets.jsonl   your API keys, listed without the keys themselves
media/                        images you uploaded
`;

export function exportZipStream(
  ctx: ExportContext,
  sections: ExportSection[] = EXPORT_SECTIONS,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
      const writer: ExportWriter = {
        file(name) {
          const entry = new ZipDeflate(name, { level: 6 });
          zip.add(entry);
          let ended = false;
          return {
            push: (text) => entry.push(encoder.encode(text)),
            end: () => {
              if (!ended) entry.push(new Uint8Array(0), true);
              ended = true;
            },
          };
        },
        binary(name, bytes) {
          // Images are already compressed.
          const entry = new ZipPassThrough(name);
          zip.add(entry);
          entry.push(bytes, true);
        },
      };
      void (async () => {
        try {
          const readme = writer.file("README.txt");
          readme.push(README);
          readme.end();
          for (const section of sections) await section.write(ctx, writer);
          zip.end();
        } catch (error) {
          controller.error(error);
        }
      })();
    },
  });
}

/**
 * Reading an uploaded text or Markdown document: checked by name, declared type, size and
 * content (binary signatures and NUL bytes are refused, the bytes must be valid UTF-8).
 */
export const MAX_DOCUMENT_BYTES = 512 * 1024;
const ALLOWED_EXTENSIONS = [".txt", ".md", ".markdown"];
/** Browsers label .md inconsistently (or not at all), so these are accepted with the right extension. */
const ALLOWED_TYPES = new Set(["", "text/plain", "text/markdown", "text/x-markdown", "application/octet-stream"]);

/** Signatures of common binary formats someone might rename to .txt. */
const BINARY_SIGNATURES: number[][] = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x50, 0x4b, 0x03, 0x04], // zip, docx, epub
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0xd0, 0xcf, 0x11, 0xe0], // old Office
  [0x1f, 0x8b], // gzip
  [0x7f, 0x45, 0x4c, 0x46], // ELF
];

export type DocumentResult = { ok: true; title: string; text: string } | { ok: false; error: string };

export async function readTextDocument(file: unknown): Promise<DocumentResult> {
  if (!(file instanceof File) || file.size === 0) return { ok: false, error: "Choose a .txt or .md file to upload." };
  const name = file.name.toLowerCase();
  const extension = ALLOWED_EXTENSIONS.find((ext) => name.endsWith(ext));
  if (!extension) return { ok: false, error: "Only .txt and .md files can be uploaded." };
  if (!ALLOWED_TYPES.has(file.type.split(";")[0]!.trim().toLowerCase()))
    return { ok: false, error: `That file says it is ${file.type}, not text.` };
  if (file.size > MAX_DOCUMENT_BYTES)
    return { ok: false, error: `The file is too large: at most ${MAX_DOCUMENT_BYTES / 1024} KB.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (BINARY_SIGNATURES.some((sig) => sig.every((b, i) => bytes[i] === b)) || bytes.subarray(0, 8192).includes(0)) {
    return { ok: false, error: "That file is not plain text." };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, error: "The file is not valid UTF-8 text. Save it as UTF-8 and try again." };
  }
  if (!text.trim()) return { ok: false, error: "The file is empty." };
  const title =
    file.name
      .slice(0, file.name.length - extension.length)
      .replace(/[-_]+/g, " ")
      .trim()
      .slice(0, 200) || "Uploaded document";
  return { ok: true, title, text };
}

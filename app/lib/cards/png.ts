/**
 * A small PNG chunk reader/writer: enough to read and write the tEXt chunks that carry
 * character cards (`chara` = base64 V2 JSON, `ccv3` = base64 V3 JSON). Every chunk's CRC is
 * checked on read and computed on write; pixel data is never decoded.
 */

export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngChunk {
  type: string;
  data: Uint8Array;
}

export class PngError extends Error {}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309), over several byte arrays as if they were one. */
export function crc32(...parts: Uint8Array[]): number {
  let crc = 0xffffffff;
  for (const bytes of parts)
    for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** All chunks in order. Throws PngError on a bad signature, a chunk running past the end,
 * a CRC mismatch, or a file that does not start with IHDR and end with IEND. */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  if (!isPng(bytes)) throw new PngError("That file is not a PNG image (its signature is wrong).");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new PngError("The PNG file is cut short.");
    const length = view.getUint32(offset);
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngError("The PNG file has a damaged chunk.");
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > bytes.length)
      throw new PngError(`The PNG chunk ${type} runs past the end of the file.`);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(typeBytes, data) !== view.getUint32(offset + 8 + length))
      throw new PngError(`The PNG chunk ${type} is damaged (its CRC does not match).`);
    chunks.push({ type, data });
    offset = end;
    if (type === "IEND") break;
  }
  if (chunks[0]?.type !== "IHDR") throw new PngError("The PNG file does not start with an IHDR chunk.");
  if (chunks[chunks.length - 1]?.type !== "IEND")
    throw new PngError("The PNG file has no IEND chunk (it is cut short).");
  return chunks;
}

export function writePng(chunks: PngChunk[]): Uint8Array<ArrayBuffer> {
  const size = 8 + chunks.reduce((n, c) => n + 12 + c.data.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(PNG_SIGNATURE);
  let offset = 8;
  for (const { type, data } of chunks) {
    const typeBytes = new Uint8Array([...type].map((ch) => ch.charCodeAt(0)));
    view.setUint32(offset, data.length);
    out.set(typeBytes, offset + 4);
    out.set(data, offset + 8);
    view.setUint32(offset + 8 + data.length, crc32(typeBytes, data));
    offset += 12 + data.length;
  }
  return out;
}

/** tEXt is `keyword NUL text`, both Latin-1. */
export function readTextChunk(chunk: PngChunk): { keyword: string; text: string } | null {
  if (chunk.type !== "tEXt") return null;
  const nul = chunk.data.indexOf(0);
  if (nul <= 0) return null;
  return { keyword: latin1(chunk.data.subarray(0, nul)), text: latin1(chunk.data.subarray(nul + 1)) };
}

export function makeTextChunk(keyword: string, text: string): PngChunk {
  const data = new Uint8Array(keyword.length + 1 + text.length);
  for (let i = 0; i < keyword.length; i++) data[i] = keyword.charCodeAt(i) & 0xff;
  for (let i = 0; i < text.length; i++) data[keyword.length + 1 + i] = text.charCodeAt(i) & 0xff;
  return { type: "tEXt", data };
}

/** The tEXt values by (lowercased) keyword; the first of each keyword wins. */
export function readTextChunks(chunks: PngChunk[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const chunk of chunks) {
    const text = readTextChunk(chunk);
    if (text && !texts.has(text.keyword.toLowerCase())) texts.set(text.keyword.toLowerCase(), text.text);
  }
  return texts;
}

/** Replace the tEXt chunks with these keywords (dropping old ones of the same keyword),
 * inserted just before IEND. */
export function withTextChunks(chunks: PngChunk[], texts: Record<string, string>): PngChunk[] {
  const keywords = new Set(Object.keys(texts).map((k) => k.toLowerCase()));
  const kept = chunks.filter((chunk) => {
    const text = readTextChunk(chunk);
    return !(text && keywords.has(text.keyword.toLowerCase()));
  });
  const iend = kept.findIndex((chunk) => chunk.type === "IEND");
  const added = Object.entries(texts).map(([keyword, text]) => makeTextChunk(keyword, text));
  return [...kept.slice(0, iend), ...added, ...kept.slice(iend)];
}

function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** UTF-8 text ⇄ base64 (what goes in a card's tEXt chunk). */
export function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(binary);
}

/** Throws PngError when the text is not base64 or not UTF-8. */
export function base64ToUtf8(text: string): string {
  let binary: string;
  try {
    binary = atob(text.replace(/\s+/g, ""));
  } catch {
    throw new PngError("The card data in the PNG is not valid base64.");
  }
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new PngError("The card data in the PNG is not valid UTF-8 text.");
  }
}

/**
 * Identify an image by its bytes, never by its name or declared type, and decode enough
 * of it to know it is one: PNG, JPEG, GIF and WebP (the formats browsers show everywhere).
 * A header alone is not enough — a 30-byte PNG header, or a GIF header followed by HTML,
 * is refused (finding 10 of the security review). What each format must satisfy:
 * - PNG: every chunk complete with a correct CRC, IHDR first with a valid colour type and
 *   bit depth, PLTE where a palette is needed, IDAT data that inflates to exactly the
 *   pixel rows the header promises (each row with a valid filter byte), IEND last and
 *   nothing after it.
 * - GIF: the block structure walked from header to trailer (screen descriptor, colour
 *   tables, at least one image with its LZW data), the trailer last and nothing after it;
 *   comment and plain-text extensions (places to hide markup) are refused.
 * - JPEG: segments with consistent lengths, a frame header before the first scan, the
 *   entropy-coded data walked to the end-of-image marker. Bytes after that marker are
 *   tolerated: phones append data there (motion photos); files are always served with
 *   their image type and `nosniff`, so a browser never reads them as a page.
 * - WebP: the RIFF size matches the file, chunks tile it exactly, and an image bitstream
 *   chunk (VP8 / VP8L, or animation frames) has a valid header.
 */
import { Unzlib } from "fflate";

export type ImageMime = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

export interface ImageInfo {
  mime: ImageMime;
  width: number;
  height: number;
}

const EXTENSIONS: Record<ImageMime, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
};

export function extensionFor(mime: ImageMime): string {
  return EXTENSIONS[mime];
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
  try {
    if (startsWith(bytes, PNG_SIGNATURE)) return readPng(bytes);
    if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61)
      return readGif(bytes);
    if (startsWith(bytes, [0xff, 0xd8, 0xff])) return readJpeg(bytes);
    if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
      return readWebp(bytes);
  } catch {
    // A truncated or malformed file (including a broken deflate stream) is not an image.
  }
  return null;
}

function valid(info: ImageInfo): ImageInfo | null {
  return info.width > 0 && info.height > 0 ? info : null;
}

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const fourCc = (bytes: Uint8Array, offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));

// ── PNG ─────────────────────────────────────────────────────────────────────────────────

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Allowed bit depths per colour type, and channels per pixel. */
const PNG_COLOUR_TYPES: Record<number, { depths: number[]; channels: number }> = {
  0: { depths: [1, 2, 4, 8, 16], channels: 1 },
  2: { depths: [8, 16], channels: 3 },
  3: { depths: [1, 2, 4, 8], channels: 1 },
  4: { depths: [8, 16], channels: 2 },
  6: { depths: [8, 16], channels: 4 },
};

/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The rows (as byte lengths without the filter byte) the image data must inflate to. */
function pngRows(
  width: number,
  height: number,
  bitsPerPixel: number,
  interlaced: boolean,
): { rowBytes: number; rows: number }[] {
  const rowBytes = (w: number) => Math.ceil((w * bitsPerPixel) / 8);
  if (!interlaced) return [{ rowBytes: rowBytes(width), rows: height }];
  return ADAM7.map(([xs, ys, xStep, yStep]) => ({
    w: Math.ceil((width - xs) / xStep),
    h: Math.ceil((height - ys) / yStep),
  }))
    .filter(({ w, h }) => w > 0 && h > 0)
    .map(({ w, h }) => ({ rowBytes: rowBytes(w), rows: h }));
}

function readPng(bytes: Uint8Array): ImageInfo | null {
  const view = viewOf(bytes);
  let offset = 8;
  let header: { width: number; height: number; depth: number; colourType: number; interlaced: boolean } | null = null;
  let sawPalette = false;
  let sawEnd = false;
  const idat: Uint8Array[] = [];
  let idatClosed = false;
  while (offset < bytes.length) {
    if (sawEnd) return null; // nothing may follow IEND
    if (offset + 12 > bytes.length) return null;
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) return null;
    const type = fourCc(bytes, offset + 4);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) return null;
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (!header && type !== "IHDR") return null;
    if (type === "IHDR") {
      if (header || length !== 13) return null;
      const d = viewOf(data);
      header = {
        width: d.getUint32(0),
        height: d.getUint32(4),
        depth: data[8]!,
        colourType: data[9]!,
        interlaced: data[12] === 1,
      };
      const colour = PNG_COLOUR_TYPES[header.colourType];
      if (!colour || !colour.depths.includes(header.depth) || data[10] !== 0 || data[11] !== 0 || data[12]! > 1)
        return null;
    } else if (type === "PLTE") {
      if (length === 0 || length % 3 !== 0 || idat.length > 0) return null;
      sawPalette = true;
    } else if (type === "IDAT") {
      if (idatClosed) return null; // IDAT chunks must be consecutive
      idat.push(data);
    } else if (type === "IEND") {
      if (length !== 0) return null;
      sawEnd = true;
    } else if (idat.length > 0) {
      idatClosed = true;
    }
    offset = end;
  }
  if (!header || !sawEnd || idat.length === 0) return null;
  if (header.colourType === 3 && !sawPalette) return null;
  const info = valid({ mime: "image/png", width: header.width, height: header.height });
  if (!info) return null;
  const bitsPerPixel = PNG_COLOUR_TYPES[header.colourType]!.channels * header.depth;
  return inflatesToRows(idat, pngRows(header.width, header.height, bitsPerPixel, header.interlaced)) ? info : null;
}

/**
 * Inflate the image data, counting bytes instead of keeping them (a small file can
 * inflate to a lot), and check every row starts with a filter type 0–4.
 */
function inflatesToRows(idat: Uint8Array[], passes: { rowBytes: number; rows: number }[]): boolean {
  const filterOffsets: number[] = [];
  let expected = 0;
  for (const pass of passes) {
    for (let r = 0; r < pass.rows; r++) {
      filterOffsets.push(expected);
      expected += pass.rowBytes + 1;
    }
  }
  let seen = 0;
  let nextFilter = 0;
  let ok = true;
  const inflater = new Unzlib((chunk) => {
    if (!ok) return;
    const start = seen;
    seen += chunk.length;
    if (seen > expected) ok = false;
    while (ok && nextFilter < filterOffsets.length && filterOffsets[nextFilter]! < seen) {
      if (chunk[filterOffsets[nextFilter]! - start]! > 4) ok = false;
      nextFilter++;
    }
  });
  idat.forEach((chunk, i) => {
    if (ok) inflater.push(chunk, i === idat.length - 1);
  });
  return ok && seen === expected;
}

// ── GIF ─────────────────────────────────────────────────────────────────────────────────

/** Skip data sub-blocks (each a length byte and that many bytes) up to the 0 terminator. */
function skipSubBlocks(bytes: Uint8Array, offset: number): number {
  while (true) {
    if (offset >= bytes.length) throw new Error("truncated");
    const size = bytes[offset]!;
    offset += 1 + size;
    if (size === 0) return offset;
  }
}

function readGif(bytes: Uint8Array): ImageInfo | null {
  const view = viewOf(bytes);
  if (bytes.length < 13) return null;
  const info = valid({ mime: "image/gif", width: view.getUint16(6, true), height: view.getUint16(8, true) });
  if (!info) return null;
  const screenFlags = bytes[10]!;
  let offset = 13 + (screenFlags & 0x80 ? 3 * 2 ** ((screenFlags & 0x07) + 1) : 0);
  let images = 0;
  while (offset < bytes.length) {
    const introducer = bytes[offset]!;
    if (introducer === 0x3b) {
      // The trailer: the file must end here.
      return images > 0 && offset === bytes.length - 1 ? info : null;
    }
    if (introducer === 0x21) {
      const label = bytes[offset + 1];
      // Graphic control (0xf9) and application (0xff, e.g. looping) extensions only.
      if (label !== 0xf9 && label !== 0xff) return null;
      offset = skipSubBlocks(bytes, offset + 2);
    } else if (introducer === 0x2c) {
      if (offset + 10 > bytes.length) return null;
      const w = view.getUint16(offset + 5, true);
      const h = view.getUint16(offset + 7, true);
      const flags = bytes[offset + 9]!;
      if (w === 0 || h === 0) return null;
      offset += 10 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
      const minCodeSize = bytes[offset];
      if (minCodeSize === undefined || minCodeSize < 2 || minCodeSize > 8) return null;
      const dataStart = offset + 1;
      offset = skipSubBlocks(bytes, dataStart);
      if (offset - dataStart <= 1) return null; // an image with no LZW data
      images++;
    } else {
      return null;
    }
  }
  return null; // no trailer
}

// ── JPEG ────────────────────────────────────────────────────────────────────────────────

const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** From the start of entropy-coded data, the offset of the next marker that is not a restart or a stuffed byte. */
function endOfScan(bytes: Uint8Array, offset: number): number {
  for (let i = offset; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return i;
  }
  throw new Error("scan runs past the end of the file");
}

function readJpeg(bytes: Uint8Array): ImageInfo | null {
  const view = viewOf(bytes);
  let offset = 2;
  let frame: ImageInfo | null = null;
  let scans = 0;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd9) return frame && scans > 0 ? frame : null; // end of image (anything after is ignored)
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) return null; // not expected between segments
    if (offset + 4 > bytes.length) return null;
    const length = view.getUint16(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return null;
    if (isStartOfFrame(marker)) {
      if (frame || length < 8) return null;
      const components = bytes[offset + 9]!;
      if (components < 1 || components > 4 || length !== 8 + 3 * components) return null;
      frame = valid({ mime: "image/jpeg", height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) });
      if (!frame) return null;
    }
    if (marker === 0xda) {
      if (!frame) return null; // a scan before the frame header
      const components = bytes[offset + 4]!;
      if (components < 1 || components > 4 || length !== 6 + 2 * components) return null;
      scans++;
      offset = endOfScan(bytes, offset + 2 + length);
      continue;
    }
    offset += 2 + length;
  }
  return null; // no end-of-image marker
}

// ── WebP ────────────────────────────────────────────────────────────────────────────────

function readWebp(bytes: Uint8Array): ImageInfo | null {
  const view = viewOf(bytes);
  const riffSize = view.getUint32(4, true);
  if (riffSize + 8 !== bytes.length || riffSize % 2 !== 0) return null;
  let offset = 12;
  let canvas: ImageInfo | null = null;
  let bitstream: ImageInfo | null = null;
  let frames = 0;
  let first = true;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) return null;
    const type = fourCc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const data = offset + 8;
    const next = data + size + (size % 2);
    if (next > bytes.length) return null;
    if (type === "VP8X") {
      if (!first || size < 10) return null;
      canvas = valid({
        mime: "image/webp",
        width: 1 + (bytes[data + 4]! | (bytes[data + 5]! << 8) | (bytes[data + 6]! << 16)),
        height: 1 + (bytes[data + 7]! | (bytes[data + 8]! << 8) | (bytes[data + 9]! << 16)),
      });
    } else if (type === "VP8 " || type === "VP8L") {
      if (bitstream) return null;
      bitstream = type === "VP8 " ? readVp8(bytes, view, data, size) : readVp8l(bytes, view, data, size);
      if (!bitstream) return null;
    } else if (type === "ANMF") {
      if (size < 16 + 8) return null;
      frames++;
    } else if (first) {
      return null; // a WebP starts with VP8X, VP8 or VP8L
    }
    first = false;
    offset = next;
  }
  if (canvas) return bitstream || frames > 0 ? canvas : null;
  return bitstream;
}

function readVp8(bytes: Uint8Array, view: DataView, data: number, size: number): ImageInfo | null {
  if (size < 10 || !startsWith(bytes, [0x9d, 0x01, 0x2a], data + 3)) return null;
  if ((bytes[data]! & 0x01) !== 0) return null; // must be a key frame
  return valid({
    mime: "image/webp",
    width: view.getUint16(data + 6, true) & 0x3fff,
    height: view.getUint16(data + 8, true) & 0x3fff,
  });
}

function readVp8l(bytes: Uint8Array, view: DataView, data: number, size: number): ImageInfo | null {
  if (size < 5 || bytes[data] !== 0x2f) return null;
  const bits = view.getUint32(data + 1, true);
  if (bits >>> 29 !== 0) return null; // version 0 only
  return valid({ mime: "image/webp", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 });
}

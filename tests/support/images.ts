/** Real-format image bytes made in tests (no fixtures on disk). */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  const typeAndBody = new Uint8Array(4 + body.length);
  typeAndBody.set(new TextEncoder().encode(type));
  typeAndBody.set(body, 4);
  out.set(typeAndBody, 4);
  view.setUint32(8 + body.length, crc32(typeAndBody));
  return out;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A valid RGB PNG of the given size filled with one colour. */
export async function makePng(
  width: number,
  height: number,
  rgb: [number, number, number] = [200, 120, 60],
): Promise<Uint8Array> {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(rgb, y * (1 + width * 3) + 1 + x * 3);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", await deflate(raw)),
    chunk("IEND", new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A GIF with one 1×1 image frame (LZW: clear, pixel 0, end) on a screen of the given size. */
export function makeGif(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array([
    0x47,
    0x49,
    0x46,
    0x38,
    0x39,
    0x61,
    0,
    0,
    0,
    0,
    0x80,
    0,
    0, // header, screen descriptor with a 2-colour table
    0,
    0,
    0,
    0xff,
    0xff,
    0xff, // global colour table
    0x2c,
    0,
    0,
    0,
    0,
    1,
    0,
    1,
    0,
    0, // image descriptor: 1×1 at 0,0
    0x02,
    0x02,
    0x44,
    0x01,
    0x00, // LZW minimum code size 2, one sub-block, terminator
    0x3b, // trailer
  ]);
  new DataView(bytes.buffer).setUint16(6, width, true);
  new DataView(bytes.buffer).setUint16(8, height, true);
  return bytes;
}

/** A structurally complete JPEG: APP0, a quantisation table, a frame header, a Huffman table, one scan, EOI. */
export function makeJpegHeader(width: number, height: number): Uint8Array {
  const app0 = [
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  ];
  const dqt = [0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array(64).fill(1)];
  const sof = [
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    1,
    0x22,
    0,
    2,
    0x11,
    0,
    3,
    0x11,
    0,
  ];
  const dht = [0xff, 0xc4, 0x00, 0x14, 0x00, 1, ...new Array(15).fill(0), 0];
  const sos = [0xff, 0xda, 0x00, 0x0c, 0x03, 1, 0x00, 2, 0x00, 3, 0x00, 0x00, 0x3f, 0x00];
  const scan = [0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78];
  return new Uint8Array([0xff, 0xd8, ...app0, ...dqt, ...sof, ...dht, ...sos, ...scan, 0xff, 0xd9]);
}

/** An extended WebP: a VP8X canvas of the given size and a VP8L bitstream chunk. */
export function makeWebpVp8x(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(30 + 14);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode("RIFF"), 0);
  view.setUint32(4, bytes.length - 8, true);
  bytes.set(new TextEncoder().encode("WEBPVP8X"), 8);
  view.setUint32(16, 10, true);
  const w = width - 1;
  const h = height - 1;
  bytes.set([w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff], 24);
  bytes.set(new TextEncoder().encode("VP8L"), 30);
  view.setUint32(34, 6, true);
  bytes[38] = 0x2f;
  view.setUint32(39, (Math.min(w, 0x3fff) & 0x3fff) | ((Math.min(h, 0x3fff) & 0x3fff) << 14), true);
  return bytes;
}

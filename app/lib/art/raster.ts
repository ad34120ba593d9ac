/**
 * The generated portrait as a PNG, with the name written under it: what a character card
 * exported without an avatar carries, so the file shows who it is in any card reader
 * (a flat colour square told nobody anything). Drawn here rather than with an image
 * library because the shapes are ours and few: axis-aligned ellipses, rectangles and
 * rings, 2 × 2 supersampled for smooth edges, and a 5 × 7 bitmap font for the name.
 */
import { writePng } from "~/lib/cards/png";
import { portrait, PORTRAIT_SIZE, type Shape } from "./portrait";

const WIDTH = 256;
const FACE = 256;
const BAND = 64;
const HEIGHT = FACE + BAND;

/** 5 × 7 capitals, digits and a little punctuation; anything else is drawn as a space. */
const GLYPHS: Record<string, string> = {
  A: "01110 10001 10001 11111 10001 10001 10001",
  B: "11110 10001 10001 11110 10001 10001 11110",
  C: "01110 10001 10000 10000 10000 10001 01110",
  D: "11100 10010 10001 10001 10001 10010 11100",
  E: "11111 10000 10000 11110 10000 10000 11111",
  F: "11111 10000 10000 11110 10000 10000 10000",
  G: "01110 10001 10000 10111 10001 10001 01111",
  H: "10001 10001 10001 11111 10001 10001 10001",
  I: "01110 00100 00100 00100 00100 00100 01110",
  J: "00111 00010 00010 00010 00010 10010 01100",
  K: "10001 10010 10100 11000 10100 10010 10001",
  L: "10000 10000 10000 10000 10000 10000 11111",
  M: "10001 11011 10101 10101 10001 10001 10001",
  N: "10001 10001 11001 10101 10011 10001 10001",
  O: "01110 10001 10001 10001 10001 10001 01110",
  P: "11110 10001 10001 11110 10000 10000 10000",
  Q: "01110 10001 10001 10001 10101 10010 01101",
  R: "11110 10001 10001 11110 10100 10010 10001",
  S: "01111 10000 10000 01110 00001 00001 11110",
  T: "11111 00100 00100 00100 00100 00100 00100",
  U: "10001 10001 10001 10001 10001 10001 01110",
  V: "10001 10001 10001 10001 10001 01010 00100",
  W: "10001 10001 10001 10101 10101 10101 01010",
  X: "10001 10001 01010 00100 01010 10001 10001",
  Y: "10001 10001 01010 00100 00100 00100 00100",
  Z: "11111 00001 00010 00100 01000 10000 11111",
  "0": "01110 10001 10011 10101 11001 10001 01110",
  "1": "00100 01100 00100 00100 00100 00100 01110",
  "2": "01110 10001 00001 00010 00100 01000 11111",
  "3": "11111 00010 00100 00010 00001 10001 01110",
  "4": "00010 00110 01010 10010 11111 00010 00010",
  "5": "11111 10000 11110 00001 00001 10001 01110",
  "6": "00110 01000 10000 11110 10001 10001 01110",
  "7": "11111 00001 00010 00100 01000 01000 01000",
  "8": "01110 10001 10001 01110 10001 10001 01110",
  "9": "01110 10001 10001 01111 00001 00010 01100",
  "-": "00000 00000 00000 11111 00000 00000 00000",
  ".": "00000 00000 00000 00000 00000 01100 01100",
  "'": "00100 00100 01000 00000 00000 00000 00000",
  "!": "00100 00100 00100 00100 00100 00000 00100",
  "?": "01110 10001 00001 00010 00100 00000 00100",
  "&": "01100 10010 10100 01000 10101 10010 01101",
};

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function inside(shape: Shape, x: number, y: number): boolean {
  switch (shape.kind) {
    case "rect":
      return x >= shape.x && x < shape.x + shape.w && y >= shape.y && y < shape.y + shape.h;
    case "ellipse": {
      const dx = (x - shape.cx) / shape.rx;
      const dy = (y - shape.cy) / shape.ry;
      return dx * dx + dy * dy <= 1;
    }
    case "ring": {
      const d = Math.hypot(x - shape.cx, y - shape.cy);
      return Math.abs(d - shape.r) <= shape.width / 2;
    }
  }
}

function bounds(shape: Shape): [number, number, number, number] {
  switch (shape.kind) {
    case "rect":
      return [shape.x, shape.y, shape.x + shape.w, shape.y + shape.h];
    case "ellipse":
      return [shape.cx - shape.rx, shape.cy - shape.ry, shape.cx + shape.rx, shape.cy + shape.ry];
    case "ring": {
      const r = shape.r + shape.width / 2;
      return [shape.cx - r, shape.cy - r, shape.cx + r, shape.cy + r];
    }
  }
}

class Canvas {
  readonly pixels = new Uint8Array(WIDTH * HEIGHT * 3);

  blend(x: number, y: number, colour: Rgb, alpha: number) {
    if (alpha <= 0 || x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) return;
    const i = (y * WIDTH + x) * 3;
    for (let c = 0; c < 3; c++) this.pixels[i + c] = Math.round(this.pixels[i + c]! * (1 - alpha) + colour[c]! * alpha);
  }

  /** One shape in portrait units, scaled to the face area; only its bounding box is visited. */
  shape(shape: Shape) {
    const scale = FACE / PORTRAIT_SIZE;
    const colour = rgb(shape.fill);
    const opacity = shape.opacity ?? 1;
    const [x0, y0, x1, y1] = bounds(shape).map((v) => v * scale) as [number, number, number, number];
    const samples = [0.25, 0.75];
    for (let py = Math.max(0, Math.floor(y0)); py < Math.min(FACE, Math.ceil(y1)); py++) {
      for (let px = Math.max(0, Math.floor(x0)); px < Math.min(WIDTH, Math.ceil(x1)); px++) {
        let hits = 0;
        for (const sy of samples)
          for (const sx of samples) if (inside(shape, (px + sx) / scale, (py + sy) / scale)) hits++;
        this.blend(px, py, colour, (hits / 4) * opacity);
      }
    }
  }

  fill(x: number, y: number, w: number, h: number, colour: Rgb) {
    for (let py = y; py < y + h; py++) for (let px = x; px < x + w; px++) this.blend(px, py, colour, 1);
  }

  /** The name in capitals, centred in the band; the largest size that fits, then cut with "…". */
  text(name: string, colour: Rgb) {
    let chars = [...name.toUpperCase()].map((ch) => (GLYPHS[ch] ? ch : " "));
    const scaleFor = (count: number) => Math.floor((WIDTH - 16) / (count * 6));
    let scale = Math.min(5, scaleFor(chars.length));
    if (scale < 2) {
      scale = 2;
      chars = [...chars.slice(0, Math.floor((WIDTH - 16) / 12) - 1), "."];
    }
    const width = chars.length * 6 * scale - scale;
    const left = Math.round((WIDTH - width) / 2);
    const top = FACE + Math.round((BAND - 7 * scale) / 2);
    chars.forEach((ch, index) => {
      const rows = GLYPHS[ch]?.split(" ");
      if (!rows) return;
      rows.forEach((row, gy) => {
        for (let gx = 0; gx < 5; gx++)
          if (row[gx] === "1") this.fill(left + (index * 6 + gx) * scale, top + gy * scale, scale, scale, colour);
      });
    });
  }
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A 256 × 320 RGB PNG: the portrait for `seed`, and `name` written beneath it. */
export async function portraitCardPng(seed: string, name: string): Promise<Uint8Array<ArrayBuffer>> {
  const canvas = new Canvas();
  for (const shape of portrait(seed)) canvas.shape(shape);
  canvas.fill(0, FACE, WIDTH, BAND, rgb("#1f2937"));
  canvas.text(name, rgb("#ffffff"));
  const row = 1 + WIDTH * 3;
  const raw = new Uint8Array(HEIGHT * row);
  for (let y = 0; y < HEIGHT; y++) raw.set(canvas.pixels.subarray(y * WIDTH * 3, (y + 1) * WIDTH * 3), y * row + 1);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, WIDTH);
  view.setUint32(4, HEIGHT);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return writePng([
    { type: "IHDR", data: ihdr },
    { type: "IDAT", data: await deflate(raw) },
    { type: "IEND", data: new Uint8Array() },
  ]);
}

/**
 * Generated portraits: a friendly face drawn from a name, the same every time, for bots and
 * creators who have no avatar of their own (every seeded one, and anyone who skips the
 * upload). A portrait is plain data — a list of filled shapes on a 100 × 100 canvas — so
 * one description serves both renderers: inline SVG in the page (no extra request, a few
 * hundred bytes) and the PNG rasteriser that a character card exported without an avatar
 * carries (app/lib/art/raster.ts).
 *
 * Only circles, ellipses and rectangles, axis-aligned: enough for a pleasant cartoon face,
 * and simple enough that the rasteriser stays a few lines.
 */

export type Shape =
  | { kind: "rect"; x: number; y: number; w: number; h: number; fill: string; opacity?: number }
  | { kind: "ellipse"; cx: number; cy: number; rx: number; ry: number; fill: string; opacity?: number }
  /** A ring (glasses): the band between r - width/2 and r + width/2. */
  | { kind: "ring"; cx: number; cy: number; r: number; width: number; fill: string; opacity?: number };

export const PORTRAIT_SIZE = 100;

const BACKGROUNDS = [
  "#fde68a",
  "#bfdbfe",
  "#c7d2fe",
  "#fbcfe8",
  "#bbf7d0",
  "#fed7aa",
  "#ddd6fe",
  "#a5f3fc",
  "#fecaca",
  "#d9f99d",
];
const SKIN = ["#f9d7c0", "#f1c27d", "#e0ac69", "#c68642", "#8d5524", "#ffdbac", "#d4a17a", "#a86b4c"];
const HAIR = [
  "#2c1b10",
  "#4a2c17",
  "#7b4a26",
  "#b5651d",
  "#e6be8a",
  "#9b9b9b",
  "#1f2937",
  "#7c2d12",
  "#6d28d9",
  "#0f766e",
];
const SHIRTS = ["#1d4ed8", "#be123c", "#047857", "#7c3aed", "#b45309", "#0e7490", "#374151", "#c026d3"];
const INK = "#1f2937";

/** FNV-1a: a stable 32-bit hash of the name, so a portrait never changes between requests. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small seeded generator, so each feature is its own draw from the name. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T;
}

/** Darken a #rrggbb colour by a factor (0–1), for shadows that match the skin. */
function shade(hex: string, factor: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.round(((n >> shift) & 0xff) * factor);
  return `#${[channel(16), channel(8), channel(0)].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** The portrait for a seed (a bot's or creator's name, or its id). */
export function portrait(seed: string): Shape[] {
  const next = random(hash(seed.trim().toLowerCase() || "botcafe"));
  const background = pick(next, BACKGROUNDS);
  const skin = pick(next, SKIN);
  const hair = pick(next, HAIR);
  const shirt = pick(next, SHIRTS);
  const hairStyle = pick(next, ["short", "long", "bun", "curly", "shaved"] as const);
  const glasses = next() < 0.25;
  const blush = next() < 0.6;
  const smileWidth = 5 + next() * 3;

  const shapes: Shape[] = [{ kind: "rect", x: 0, y: 0, w: 100, h: 100, fill: background }];
  if (hairStyle === "long") shapes.push({ kind: "ellipse", cx: 50, cy: 54, rx: 27, ry: 32, fill: hair });
  shapes.push(
    { kind: "ellipse", cx: 50, cy: 106, rx: 36, ry: 28, fill: shirt },
    { kind: "rect", x: 43, y: 62, w: 14, h: 16, fill: shade(skin, 0.85) },
    { kind: "ellipse", cx: 29, cy: 49, rx: 4, ry: 5, fill: skin },
    { kind: "ellipse", cx: 71, cy: 49, rx: 4, ry: 5, fill: skin },
    { kind: "ellipse", cx: 50, cy: 47, rx: 21, ry: 24, fill: skin },
  );
  if (hairStyle === "short" || hairStyle === "long")
    shapes.push({ kind: "ellipse", cx: 50, cy: 30, rx: 23, ry: 13, fill: hair });
  if (hairStyle === "bun")
    shapes.push(
      { kind: "ellipse", cx: 50, cy: 30, rx: 22, ry: 11, fill: hair },
      { kind: "ellipse", cx: 50, cy: 17, rx: 9, ry: 8, fill: hair },
    );
  if (hairStyle === "curly")
    for (const cx of [32, 41, 50, 59, 68])
      shapes.push({ kind: "ellipse", cx, cy: 27 + Math.abs(cx - 50) / 4, rx: 8, ry: 8, fill: hair });
  if (hairStyle === "shaved")
    shapes.push({ kind: "ellipse", cx: 50, cy: 30, rx: 20, ry: 9, fill: hair, opacity: 0.35 });
  shapes.push(
    { kind: "ellipse", cx: 42, cy: 48, rx: 2.6, ry: 3, fill: INK },
    { kind: "ellipse", cx: 58, cy: 48, rx: 2.6, ry: 3, fill: INK },
    { kind: "ellipse", cx: 42.8, cy: 47, rx: 0.9, ry: 0.9, fill: "#ffffff" },
    { kind: "ellipse", cx: 58.8, cy: 47, rx: 0.9, ry: 0.9, fill: "#ffffff" },
  );
  if (blush)
    shapes.push(
      { kind: "ellipse", cx: 37, cy: 56, rx: 3.5, ry: 2.2, fill: "#f43f5e", opacity: 0.3 },
      { kind: "ellipse", cx: 63, cy: 56, rx: 3.5, ry: 2.2, fill: "#f43f5e", opacity: 0.3 },
    );
  // A smile: a dark ellipse with the skin drawn over its upper half.
  shapes.push(
    { kind: "ellipse", cx: 50, cy: 59, rx: smileWidth, ry: 3.4, fill: shade(skin, 0.45) },
    { kind: "ellipse", cx: 50, cy: 57.6, rx: smileWidth + 0.6, ry: 2.8, fill: skin },
  );
  if (glasses)
    shapes.push(
      { kind: "ring", cx: 42, cy: 48, r: 6, width: 1.6, fill: INK },
      { kind: "ring", cx: 58, cy: 48, r: 6, width: 1.6, fill: INK },
      { kind: "rect", x: 47.5, y: 47.2, w: 5, h: 1.4, fill: INK },
    );
  return shapes;
}

/** Pure geometry for the server-rendered SVG charts (tested in tests/unit/charts-*). */

/** A round top for the y axis: the smallest 1/2/5 × 10^k at or above `max` (at least 1). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Whole-number ticks from 0 to `top` on a round step (1, 2 or 5 × 10^k) that divides
 * `top`, with at most `maxIntervals` gaps between them. */
export function yTicks(top: number, maxIntervals = 5): number[] {
  let step = 1;
  for (let power = 1; top / step > maxIntervals || top % step !== 0;) {
    const next = [1, 2, 5]
      .map((m) => m * power)
      .find((candidate) => candidate > step && top % candidate === 0 && top / candidate <= maxIntervals);
    if (next) step = next;
    else if (power > top) break;
    else power *= 10;
  }
  const ticks: number[] = [];
  for (let value = 0; value <= top; value += step) ticks.push(value);
  return ticks;
}

export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The x position of point `index` of `count`, spread across the plot. */
export function xAt(index: number, count: number, plot: Plot): number {
  return count <= 1 ? plot.left + plot.width / 2 : plot.left + (index * plot.width) / (count - 1);
}

export function yAt(value: number, top: number, plot: Plot): number {
  return plot.top + plot.height - (Math.max(0, value) / top) * plot.height;
}

/** An SVG path through the values ("M x y L x y …"), rounded to 0.1 px to keep pages small. */
export function linePath(values: number[], top: number, plot: Plot): string {
  return values
    .map((value, i) => `${i === 0 ? "M" : "L"}${round(xAt(i, values.length, plot))} ${round(yAt(value, top, plot))}`)
    .join(" ");
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Indices of the x labels to draw so they never crowd: first, last, and every `every`. */
export function labelIndices(count: number, every: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i += every) out.push(i);
  if (count > 0 && out[out.length - 1] !== count - 1) {
    // Drop a label that would sit right next to the last one.
    if (count - 1 - out[out.length - 1]! < every / 2) out.pop();
    out.push(count - 1);
  }
  return out;
}

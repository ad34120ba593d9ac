/** Building blocks for seed SQL: deterministic randomness and INSERT OR IGNORE rows. */

/** mulberry32: a small seeded PRNG so every run generates the same data. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sql(value: string | number | null | boolean): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

export function insert(table: string, row: Record<string, string | number | null | boolean>): string {
  const columns = Object.keys(row);
  return `INSERT OR IGNORE INTO ${table} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((c) => sql(row[c]!)).join(", ")});`;
}

/** An ISO timestamp `hoursAgo` before the seed runs (kept as SQL so it is computed by D1). */
export const ago = (hoursAgo: number) => `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-${hoursAgo} hours')`;

export function insertWithCreatedAt(
  table: string,
  row: Record<string, string | number | null | boolean>,
  hoursAgo: number,
): string {
  return insert(table, row).replace(/\) VALUES \((.*)\);$/, `, "created_at") VALUES ($1, ${ago(hoursAgo)});`);
}

/** A seeded random source with the small helpers the seed parts use. */
export function randomSource(seed: number) {
  const random = prng(seed);
  return {
    random,
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!,
    between: (min: number, max: number) => min + Math.floor(random() * (max - min + 1)),
  };
}

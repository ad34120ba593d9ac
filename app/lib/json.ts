/** Reading the JSON text columns safely: bad or unexpected JSON gives the empty value. */

export function parseJsonArray(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

export function parseJsonObject<T extends object = Record<string, unknown>>(
  text: string | null | undefined,
): Partial<T> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Partial<T>) : {};
  } catch {
    return {};
  }
}

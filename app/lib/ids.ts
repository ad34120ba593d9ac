/** Opaque, URL-safe, sortable-enough ids: a time prefix (so rows created together sit
 * together in indexes) and 80 random bits. */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, "0");
  const random = crypto.getRandomValues(new Uint8Array(10));
  let suffix = "";
  for (const byte of random) suffix += byte.toString(36).padStart(2, "0");
  return `${time}${suffix}`;
}

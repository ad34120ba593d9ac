/**
 * What public pages tell search engines in <head>: a description made from the page's own
 * content and an absolute canonical URL (a relative one is not a valid rel=canonical to
 * Lighthouse, and crawlers resolve it less reliably).
 */

/** Search engines show about 155 characters of a description; longer text is cut at a word. */
const DESCRIPTION_MAX = 155;

/** `text` as one line of at most 155 characters, ending in "…" when it was cut. */
export function metaDescription(text: string): { name: "description"; content: string } {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= DESCRIPTION_MAX) return { name: "description", content: line };
  const cut = line.slice(0, DESCRIPTION_MAX - 1);
  const atWord = cut.slice(0, Math.max(cut.lastIndexOf(" "), DESCRIPTION_MAX / 2)).replace(/[\s,;:.·—-]+$/, "");
  return { name: "description", content: `${atWord}…` };
}

/** <link rel="canonical"> for `path` (which may carry a normalised query string) on `origin`. */
export function canonicalLink(origin: string, path: string) {
  return { tagName: "link", rel: "canonical", href: new URL(path, origin).href } as const;
}

import { MINORS_NOTICE } from "~/lib/wellbeing/minors-notice";

/**
 * Atom 1.0 (RFC 4287) documents as text. Every piece of user text goes through
 * escapeXml, which also drops characters XML 1.0 cannot carry at all (most control
 * characters, lone surrogates), so a bot name can never break the feed.
 */

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

// Allowed: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, "").replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

export interface AtomEntry {
  id: string;
  title: string;
  url: string;
  published: string;
  updated: string;
  summary: string;
  categories: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  selfUrl: string;
  alternateUrl: string;
  authorName: string;
  authorUrl: string;
  /** The newest entry's update time (or the feed owner's), as Atom requires one. */
  updated: string;
  entries: AtomEntry[];
}

/** SQLite's '2026-11-25T08:00:00.000Z' is already RFC 3339; anything else is normalised. */
function rfc3339(date: string): string {
  const parsed = new Date(date);
  return Number.isNaN(parsed.getTime()) ? new Date(0).toISOString() : parsed.toISOString();
}

export function renderAtom(feed: AtomFeed): string {
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    // Every feed of companion chatbots carries the suitability notice for minors (SB 243).
    `  <subtitle>${escapeXml(`${feed.subtitle} ${MINORS_NOTICE}`.trim())}</subtitle>`,
    `  <updated>${rfc3339(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternateUrl)}"/>`,
    `  <author><name>${escapeXml(feed.authorName)}</name><uri>${escapeXml(feed.authorUrl)}</uri></author>`,
  ];
  for (const entry of feed.entries) {
    lines.push(
      `  <entry>`,
      `    <id>${escapeXml(entry.id)}</id>`,
      `    <title type="text">${escapeXml(entry.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>`,
      `    <published>${rfc3339(entry.published)}</published>`,
      `    <updated>${rfc3339(entry.updated)}</updated>`,
      `    <summary type="text">${escapeXml(entry.summary)}</summary>`,
      ...entry.categories.map((term) => `    <category term="${escapeXml(term)}"/>`),
      `  </entry>`,
    );
  }
  lines.push(`</feed>`, ``);
  return lines.join("\n");
}

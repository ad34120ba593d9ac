/**
 * Splitting a document into chunks the embedding model accepts: paragraphs are packed
 * together up to a token limit; a paragraph longer than the limit is split by sentences,
 * and a sentence longer than the limit by tokens. Deterministic, so the same content
 * always gives the same chunks (retrieval re-derives a chunk's text from its index).
 */
import { countTokens, truncateToTokens } from "./tokens";

export interface Chunk {
  index: number;
  text: string;
  tokens: number;
}

/** Leave room under the model's limit: its tokenizer is not ours, and the title rides along. */
export function chunkTokenLimit(maxInputTokens: number): number {
  return Math.max(16, Math.floor(maxInputTokens * 0.75));
}

export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function splitSentences(paragraph: string): string[] {
  return (
    paragraph
      .match(/[^.!?\n]+(?:[.!?]+|\n|$)\s*/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? [paragraph]
  );
}

/** Pieces of at most `limit` tokens: sentences, or hard token cuts of a run-on sentence. */
function splitLong(paragraph: string, limit: number): string[] {
  const pieces: string[] = [];
  for (const sentence of splitSentences(paragraph)) {
    let rest = sentence;
    while (countTokens(rest) > limit) {
      const head = truncateToTokens(rest, limit);
      pieces.push(head.trim());
      rest = rest.slice(head.length).trim();
    }
    if (rest) pieces.push(rest);
  }
  return pieces;
}

export function chunkText(text: string, limit: number): Chunk[] {
  const units = splitParagraphs(text).flatMap((p) => (countTokens(p) > limit ? splitLong(p, limit) : [p]));
  const chunks: Chunk[] = [];
  let current: string[] = [];
  let currentTokens = 0;
  const flush = () => {
    if (current.length === 0) return;
    const joined = current.join("\n\n");
    chunks.push({ index: chunks.length, text: joined, tokens: countTokens(joined) });
    current = [];
    currentTokens = 0;
  };
  for (const unit of units) {
    const tokens = countTokens(unit);
    // +2 for the blank line that joins paragraphs.
    if (current.length > 0 && currentTokens + 2 + tokens > limit) flush();
    current.push(unit);
    currentTokens += (current.length > 1 ? 2 : 0) + tokens;
  }
  flush();
  return chunks;
}

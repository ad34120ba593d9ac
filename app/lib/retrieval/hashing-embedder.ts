/**
 * The local default embedder: feature hashing of word unigrams and bigrams into a fixed
 * number of dimensions, L2-normalised. Deterministic and offline; texts that share words
 * land near each other, which is enough to make retrieval visible and testable.
 */
import type { Embedder } from "./embedder";

export const LOCAL_EMBEDDING_MODEL = "local/hashing-ngram-v1";

/** FNV-1a, 32-bit. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const STOPWORDS = new Set(
  "a an and are as at be but by do for from has have he her his i if in into is it its me my no not of on or our she so that the their them they this to was we were what when which who will with you your".split(
    " ",
  ),
);

export function tokenizeWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).filter((w) => !STOPWORDS.has(w));
}

export class HashingEmbedder implements Embedder {
  readonly model = LOCAL_EMBEDDING_MODEL;
  readonly maxInputTokens = 512;

  readonly dimensions: number;

  // A plain field (no parameter property) so Node can run this file with type stripping (the seed).
  constructor(dimensions = 768) {
    this.dimensions = dimensions;
  }

  embedOne(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const words = tokenizeWords(text);
    const add = (feature: string, weight: number) => {
      const hash = fnv1a(feature);
      const sign = fnv1a(feature, 0x9747b28c) & 1 ? 1 : -1;
      vector[hash % this.dimensions]! += sign * weight;
    };
    for (let i = 0; i < words.length; i++) {
      add(words[i]!, 1);
      if (i + 1 < words.length) add(`${words[i]} ${words[i + 1]}`, 0.5);
    }
    let sum = 0;
    for (const v of vector) sum += v * v;
    const length = Math.sqrt(sum);
    return Array.from(vector, (v) => (length === 0 ? 0 : v / length));
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }
}

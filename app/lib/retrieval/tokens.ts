/** Token counting for budgets and chunking: cl100k (gpt-tokenizer), close enough to what
 * the chat and embedding models count to keep every piece within its limit. */
import { encode, decode } from "gpt-tokenizer/encoding/cl100k_base";

export function countTokens(text: string): number {
  return text ? encode(text).length : 0;
}

/** The first `maxTokens` tokens of `text` (for a single word or sentence too long to keep whole). */
export function truncateToTokens(text: string, maxTokens: number): string {
  const tokens = encode(text);
  return tokens.length <= maxTokens ? text : decode(tokens.slice(0, maxTokens));
}

/** Turns text into vectors for the vector index. */
export interface Embedder {
  /** Recorded on vector_records so a model change can trigger re-embedding. */
  readonly model: string;
  readonly dimensions: number;
  /** How many tokens one input may hold; longer chunks must be split first. */
  readonly maxInputTokens: number;
  embed(texts: string[]): Promise<number[][]>;
}

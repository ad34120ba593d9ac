/** Production embedder: a Workers AI text-embedding model through the `AI` binding. */
import type { Embedder } from "./embedder";

export const WORKERS_AI_EMBEDDING_MODEL = "@cf/baai/bge-base-en-v1.5";
/** Workers AI takes at most this many texts per embedding call. */
const MAX_TEXTS_PER_CALL = 100;

type EmbeddingRunner = { run(model: string, input: { text: string[] }): Promise<unknown> };

export class WorkersAiEmbedder implements Embedder {
  readonly dimensions = 768;
  readonly maxInputTokens = 512;

  constructor(
    private readonly ai: EmbeddingRunner,
    readonly model: string = WORKERS_AI_EMBEDDING_MODEL,
  ) {}

  async embed(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += MAX_TEXTS_PER_CALL) {
      const output = (await this.ai.run(this.model, { text: texts.slice(i, i + MAX_TEXTS_PER_CALL) })) as {
        data?: number[][];
      };
      if (!Array.isArray(output.data)) throw new Error(`Workers AI returned no embeddings for ${this.model}`);
      vectors.push(...output.data);
    }
    return vectors;
  }
}

/**
 * Chooses the implementation behind each external capability from configuration
 * (wrangler.toml vars), never by editing code: the local default runs offline; the
 * production values use the Cloudflare bindings.
 */
import type { ChatModel } from "./ai/chat-model";
import { LocalModel } from "./ai/local-model";
import { localServerDetector, type LocalServerDetector } from "./ai/local-server";
import { WorkersAiModel } from "./ai/workers-ai-model";
import type { Embedder } from "./retrieval/embedder";
import { HashingEmbedder } from "./retrieval/hashing-embedder";
import { LocalVectorIndex } from "./retrieval/local-vector-index";
import type { VectorIndex } from "./retrieval/vector-index";
import { CloudflareVectorIndex, type VectorizeBinding } from "./retrieval/vectorize-index";
import { WorkersAiEmbedder } from "./retrieval/workers-ai-embedder";

export interface Services {
  vectorIndex: VectorIndex;
  embedder: Embedder;
  /** The platform's default model, used when a conversation has no provider key. */
  defaultChatModel: ChatModel;
  /** Finds a model server on this machine to offer instead of the demo model (local
   * mode only; absent in production and unless a test injects one with a fake fetch). */
  localServer?: LocalServerDetector;
}

type ServiceEnv = Pick<
  Env,
  | "DB"
  | "VECTORIZE"
  | "AI"
  | "VECTOR_INDEX"
  | "EMBEDDINGS"
  | "CHAT_MODEL"
  | "VECTORIZE_INDEX_NAME"
  | "LOCAL_MODEL_TOKEN_DELAY_MS"
> & { ENVIRONMENT?: string };

export function createServices(env: ServiceEnv): Services {
  const indexName = env.VECTORIZE_INDEX_NAME ?? "botcafe-knowledge";
  return {
    vectorIndex:
      env.VECTOR_INDEX === "vectorize"
        ? new CloudflareVectorIndex(env.VECTORIZE as unknown as VectorizeBinding, indexName)
        : new LocalVectorIndex(env.DB, indexName),
    embedder: env.EMBEDDINGS === "workers-ai" ? new WorkersAiEmbedder(env.AI) : new HashingEmbedder(768),
    defaultChatModel:
      env.CHAT_MODEL === "workers-ai"
        ? new WorkersAiModel(env.AI)
        : new LocalModel({ tokenDelayMs: Number(env.LOCAL_MODEL_TOKEN_DELAY_MS ?? 15) }),
    ...(env.ENVIRONMENT === "production" ? {} : { localServer: localServerDetector }),
  };
}

/**
 * The offline demo model: the default when no provider is configured. It is not a
 * language model — it streams, token by token, a short in-character reply that
 * demo-reply.ts builds from the character card, the retrieved knowledge and the
 * person's memories, so chat, retrieval and memory can be tried without a network.
 * Deterministic: the same prompt and variant give the same reply.
 */
import type { ChatEvent, ChatModel, ChatRequest } from "./chat-model";
import { composeDemoReply } from "./demo-reply";

export { promptSections } from "./demo-card";

export interface LocalModelOptions {
  /** Wait before the first token (benchmarks use it to stand in for a remote model). */
  firstTokenDelayMs?: number;
  /** Wait between tokens, so streaming is visible in a browser. */
  tokenDelayMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** The reply's words (demo-reply.ts); kept under this name for the model's callers and tests. */
export function composeLocalReply(request: ChatRequest): string {
  return composeDemoReply(request);
}

/** Split into word-sized tokens that keep their whitespace, so joined they give the text back. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

export class LocalModel implements ChatModel {
  readonly provider = "local";
  readonly model = "botcafe-local-1";
  readonly contextWindow = 8192;

  constructor(private readonly options: LocalModelOptions = {}) {}

  async *stream(request: ChatRequest): AsyncIterable<ChatEvent> {
    const reply = composeLocalReply(request);
    const tokens = splitTokens(reply);
    await sleep(this.options.firstTokenDelayMs ?? 0, request.signal);
    let sent = 0;
    for (const token of tokens) {
      if (request.signal?.aborted) break;
      yield { type: "text", text: token };
      sent++;
      await sleep(this.options.tokenDelayMs ?? 0, request.signal);
    }
    const promptTokens = request.messages.reduce((n, m) => n + splitTokens(m.content).length, 0);
    yield { type: "done", finishReason: "stop", usage: { promptTokens, completionTokens: sent } };
  }
}

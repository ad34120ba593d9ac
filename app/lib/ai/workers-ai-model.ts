/** Production default chat model: Workers AI text generation through the `AI` binding,
 * streamed as SSE (`data: {"response": "…"}` … `data: [DONE]`). */
import type { ChatEvent, ChatModel, ChatRequest } from "./chat-model";
import { parseSse } from "./sse";

export const WORKERS_AI_CHAT_MODEL = "@cf/meta/llama-3.1-8b-instruct";

type TextGenerationRunner = { run(model: string, input: Record<string, unknown>): Promise<unknown> };

export class WorkersAiModel implements ChatModel {
  readonly provider = "workers-ai";
  readonly contextWindow = 8192;

  constructor(
    private readonly ai: TextGenerationRunner,
    readonly model: string = WORKERS_AI_CHAT_MODEL,
  ) {}

  async *stream(request: ChatRequest): AsyncIterable<ChatEvent> {
    let body: unknown;
    try {
      body = await this.ai.run(this.model, {
        messages: request.messages,
        stream: true,
        max_tokens: request.maxTokens ?? 512,
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const kind = /rate|capacity|429/i.test(message)
        ? "rate_limit"
        : /context|too long|token/i.test(message)
          ? "context_length"
          : "server";
      yield { type: "error", error: { kind, message } };
      return;
    }
    if (!(body instanceof ReadableStream)) {
      yield { type: "error", error: { kind: "server", message: "Workers AI did not stream a response" } };
      return;
    }
    let usage: { promptTokens: number; completionTokens: number } | undefined;
    for await (const event of parseSse(body, request.signal)) {
      if (event.data === "[DONE]") break;
      const chunk = JSON.parse(event.data) as {
        response?: string;
        usage?: { prompt_tokens: number; completion_tokens: number };
      };
      if (chunk.response) yield { type: "text", text: chunk.response };
      if (chunk.usage)
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    }
    yield { type: "done", finishReason: "stop", ...(usage ? { usage } : {}) };
  }
}

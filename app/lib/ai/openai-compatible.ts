/**
 * OpenAI-compatible chat completions (OpenAI, Mistral, and any server the person points
 * at, such as a local llama.cpp or Ollama): POST {baseUrl}/chat/completions with
 * `stream: true`, answered as SSE `data: {chunk}` lines ending with `data: [DONE]`.
 */
import type { ChatEvent, ChatModel, ChatRequest, ChatUsage } from "./chat-model";
import {
  DEFAULT_TIMEOUT_MS,
  errorFromResponse,
  providerError,
  touchingStream,
  watchdog,
  type HttpProviderOptions,
} from "./provider-http";
import { parseSse } from "./sse";

export const OPENAI_BASE_URL = "https://api.openai.com/v1";
export const MISTRAL_BASE_URL = "https://api.mistral.ai/v1";

interface CompletionChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string; code?: string; type?: string };
}

export class OpenAiCompatibleModel implements ChatModel {
  readonly model: string;
  readonly contextWindow: number;
  private readonly baseUrl: string;

  constructor(
    readonly provider: string,
    private readonly options: HttpProviderOptions & { includeUsage?: boolean },
  ) {
    this.model = options.model;
    this.contextWindow = options.contextWindow ?? 8192;
    this.baseUrl = (options.baseUrl ?? OPENAI_BASE_URL).replace(/\/+$/, "");
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatEvent> {
    const guard = watchdog(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, request.signal);
    try {
      let response: Response;
      try {
        response = await (this.options.fetch ?? fetch)(`${this.baseUrl}/chat/completions`, {
          method: "POST",
          // A keyless server on this machine (local-server.ts) gets no Authorization header.
          headers: {
            "Content-Type": "application/json",
            Accept: "text/event-stream",
            ...(this.options.apiKey ? { Authorization: `Bearer ${this.options.apiKey}` } : {}),
          },
          body: JSON.stringify({
            model: this.model,
            messages: request.messages,
            stream: true,
            max_tokens: request.maxTokens ?? 512,
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
            // OpenAI sends usage in a last chunk only when asked; other servers may reject the field.
            ...(this.options.includeUsage ? { stream_options: { include_usage: true } } : {}),
          }),
          signal: guard.signal,
        });
      } catch (error) {
        yield {
          type: "error",
          error: guard.timedOut
            ? providerError("timeout")
            : providerError("network", error instanceof Error ? error.message : undefined),
        };
        return;
      }
      if (!response.ok || !response.body) {
        yield {
          type: "error",
          error: errorFromResponse(response.status, await response.text().catch(() => ""), this.provider),
        };
        return;
      }
      guard.touch();
      let usage: ChatUsage | undefined;
      let finishReason: "stop" | "length" = "stop";
      try {
        for await (const event of parseSse(touchingStream(response.body, guard.touch), guard.signal)) {
          if (event.data === "[DONE]") break;
          let chunk: CompletionChunk;
          try {
            chunk = JSON.parse(event.data) as CompletionChunk;
          } catch {
            continue; // a keep-alive or a line we do not understand
          }
          if (chunk.error) {
            yield {
              type: "error",
              error: errorFromResponse(
                chunk.error.code === "rate_limit_exceeded" ? 429 : 500,
                JSON.stringify(chunk),
                this.provider,
              ),
            };
            return;
          }
          const choice = chunk.choices?.[0];
          const text = choice?.delta?.content;
          if (text) yield { type: "text", text };
          if (choice?.finish_reason === "length") finishReason = "length";
          if (chunk.usage)
            usage = {
              promptTokens: chunk.usage.prompt_tokens ?? 0,
              completionTokens: chunk.usage.completion_tokens ?? 0,
            };
        }
      } catch (error) {
        if (request.signal?.aborted) return;
        yield {
          type: "error",
          error: guard.timedOut
            ? providerError("timeout")
            : providerError("network", error instanceof Error ? error.message : undefined),
        };
        return;
      }
      if (guard.timedOut) {
        yield { type: "error", error: providerError("timeout") };
        return;
      }
      yield { type: "done", finishReason, ...(usage ? { usage } : {}) };
    } finally {
      guard.stop();
    }
  }
}

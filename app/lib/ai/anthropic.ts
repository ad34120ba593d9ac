/**
 * Anthropic messages: POST {baseUrl}/v1/messages with `stream: true`, answered as SSE
 * with named events (message_start, content_block_delta, message_delta, message_stop,
 * ping, error). The system prompt travels beside the messages, not among them.
 */
import type { ChatEvent, ChatMessage, ChatModel, ChatRequest } from "./chat-model";
import {
  DEFAULT_TIMEOUT_MS,
  errorFromResponse,
  providerError,
  touchingStream,
  watchdog,
  type HttpProviderOptions,
} from "./provider-http";
import { parseSse } from "./sse";

export const ANTHROPIC_BASE_URL = "https://api.anthropic.com";
export const ANTHROPIC_VERSION = "2023-06-01";

/** Anthropic wants alternating user/assistant turns starting with the user, and the
 * system text apart: merge neighbours with the same role and open with a user turn. */
export function toAnthropicMessages(messages: ChatMessage[]): {
  system: string;
  messages: { role: "user" | "assistant"; content: string }[];
} {
  const system = messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n\n");
  const turns: { role: "user" | "assistant"; content: string }[] = [];
  for (const message of messages) {
    if (message.role === "system") continue;
    const last = turns[turns.length - 1];
    if (last && last.role === message.role) last.content += `\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  if (turns[0]?.role !== "user") turns.unshift({ role: "user", content: "(The conversation begins.)" });
  return { system, messages: turns };
}

type AnthropicEvent =
  | { type: "message_start"; message: { usage?: { input_tokens?: number; output_tokens?: number } } }
  | { type: "content_block_delta"; delta: { type: string; text?: string } }
  | { type: "message_delta"; delta: { stop_reason?: string | null }; usage?: { output_tokens?: number } }
  | { type: "message_stop" }
  | { type: "error"; error: { type: string; message: string } }
  | { type: "ping" | "content_block_start" | "content_block_stop" };

const STREAM_ERROR_STATUS: Record<string, number> = {
  authentication_error: 401,
  permission_error: 403,
  rate_limit_error: 429,
  overloaded_error: 529,
  api_error: 500,
  invalid_request_error: 400,
  request_too_large: 413,
};

export class AnthropicModel implements ChatModel {
  readonly provider = "anthropic";
  readonly model: string;
  readonly contextWindow: number;
  private readonly baseUrl: string;

  constructor(private readonly options: HttpProviderOptions) {
    this.model = options.model;
    this.contextWindow = options.contextWindow ?? 200_000;
    this.baseUrl = (options.baseUrl ?? ANTHROPIC_BASE_URL).replace(/\/+$/, "");
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatEvent> {
    const guard = watchdog(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, request.signal);
    const { system, messages } = toAnthropicMessages(request.messages);
    try {
      let response: Response;
      try {
        response = await (this.options.fetch ?? fetch)(`${this.baseUrl}/v1/messages`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "text/event-stream",
            "x-api-key": this.options.apiKey,
            "anthropic-version": ANTHROPIC_VERSION,
          },
          body: JSON.stringify({
            model: this.model,
            ...(system ? { system } : {}),
            messages,
            max_tokens: request.maxTokens ?? 512,
            stream: true,
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
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
          error: errorFromResponse(response.status, await response.text().catch(() => ""), "Anthropic"),
        };
        return;
      }
      guard.touch();
      let promptTokens = 0;
      let completionTokens = 0;
      let finishReason: "stop" | "length" = "stop";
      try {
        for await (const sse of parseSse(touchingStream(response.body, guard.touch), guard.signal)) {
          let event: AnthropicEvent;
          try {
            event = JSON.parse(sse.data) as AnthropicEvent;
          } catch {
            continue;
          }
          if (event.type === "message_start") {
            promptTokens = event.message.usage?.input_tokens ?? 0;
            completionTokens = event.message.usage?.output_tokens ?? 0;
          } else if (event.type === "content_block_delta") {
            if (event.delta.type === "text_delta" && event.delta.text) yield { type: "text", text: event.delta.text };
          } else if (event.type === "message_delta") {
            if (event.delta.stop_reason === "max_tokens") finishReason = "length";
            if (event.usage?.output_tokens !== undefined) completionTokens = event.usage.output_tokens;
          } else if (event.type === "error") {
            const status = STREAM_ERROR_STATUS[event.error.type] ?? 500;
            yield {
              type: "error",
              error: errorFromResponse(status, JSON.stringify({ error: event.error }), "Anthropic"),
            };
            return;
          } else if (event.type === "message_stop") {
            break;
          }
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
      yield { type: "done", finishReason, usage: { promptTokens, completionTokens } };
    } finally {
      guard.stop();
    }
  }
}

/**
 * The chat model interface every provider implements: a request in, a stream of events
 * out. Providers never throw for provider failures mid-stream; they end with an `error`
 * event whose `kind` the chat shows as a clear message.
 */

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  /** Which attempt this is (0 first, then 1, 2… on regenerate), so a deterministic
   * model can still give a different alternative. Remote models ignore it. */
  variant?: number;
  /**
   * Whether the person chatting may see the bot's hidden definition (world info,
   * knowledge): only when they created the bot. The local model quotes retrieved text
   * only then; remote models get the same prompt either way. Absent means no.
   */
  quoteBotDefinition?: boolean;
  signal?: AbortSignal;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

export type ProviderErrorKind =
  "auth" | "rate_limit" | "context_length" | "network" | "timeout" | "bad_request" | "server";

export interface ProviderError {
  kind: ProviderErrorKind;
  message: string;
  status?: number;
}

export type ChatEvent =
  | { type: "text"; text: string }
  | { type: "done"; finishReason: "stop" | "length"; usage?: ChatUsage }
  | { type: "error"; error: ProviderError };

export interface ChatModel {
  /** e.g. "local", "workers-ai", "openai" */
  readonly provider: string;
  readonly model: string;
  /** The context window in tokens, for prompt budgeting. */
  readonly contextWindow: number;
  stream(request: ChatRequest): AsyncIterable<ChatEvent>;
}

/** Human wording for each failure kind, shown in the chat and saved with the message. */
export const PROVIDER_ERROR_MESSAGES: Record<ProviderErrorKind, string> = {
  auth: "The provider rejected the API key. Check or replace it under Settings → API keys.",
  rate_limit: "The provider is rate-limiting requests. Wait a moment and try again.",
  context_length: "The conversation is too long for this model's context window.",
  network: "Could not reach the provider. Check the connection or the base URL.",
  timeout: "The provider took too long to answer.",
  bad_request: "The provider refused the request.",
  server: "The provider had an internal error. Try again shortly.",
};

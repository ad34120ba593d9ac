/**
 * What the HTTP providers share: a fetch with a time limit for the answer to start and
 * for each later chunk, and the mapping of HTTP failures to ProviderError kinds.
 */
import type { ProviderError, ProviderErrorKind } from "./chat-model";
import { PROVIDER_ERROR_MESSAGES } from "./chat-model";

export interface HttpProviderOptions {
  apiKey: string;
  model: string;
  /** e.g. https://api.openai.com/v1 — a local server for OpenAI-compatible providers. */
  baseUrl?: string;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** How long to wait for the response to start, and between chunks (ms). */
  timeoutMs?: number;
  contextWindow?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

const CONTEXT_TOO_LONG =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|too long/i;

/** Classify a non-2xx answer from its status and error body. */
export function errorFromResponse(status: number, bodyText: string, providerName: string): ProviderError {
  let detail = "";
  let code = "";
  try {
    const body = JSON.parse(bodyText) as {
      error?: { message?: string; code?: string; type?: string } | string;
      message?: string;
    };
    if (typeof body.error === "string") detail = body.error;
    else {
      detail = body.error?.message ?? body.message ?? "";
      code = `${body.error?.code ?? ""} ${body.error?.type ?? ""}`;
    }
  } catch {
    detail = bodyText.slice(0, 200);
  }
  let kind: ProviderErrorKind;
  if (status === 401 || status === 403) kind = "auth";
  else if (status === 429) kind = "rate_limit";
  else if (status === 408 || status === 504) kind = "timeout";
  else if (
    (status === 400 || status === 413 || status === 422) &&
    (CONTEXT_TOO_LONG.test(code) || CONTEXT_TOO_LONG.test(detail))
  )
    kind = "context_length";
  else if (status >= 500) kind = "server";
  else kind = "bad_request";
  return {
    kind,
    status,
    message: `${PROVIDER_ERROR_MESSAGES[kind]}${detail ? ` (${providerName}: ${detail.slice(0, 200)})` : ""}`,
  };
}

export function providerError(kind: ProviderErrorKind, detail?: string): ProviderError {
  return {
    kind,
    message: detail ? `${PROVIDER_ERROR_MESSAGES[kind]} (${detail.slice(0, 200)})` : PROVIDER_ERROR_MESSAGES[kind],
  };
}

/**
 * A watchdog for one request: aborts when the caller aborts, or when `timeoutMs` passes
 * without `touch()` (the response starting, or a chunk arriving).
 */
export function watchdog(timeoutMs: number, outer?: AbortSignal) {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  arm();
  return {
    signal: controller.signal,
    touch: arm,
    get timedOut() {
      return timedOut;
    },
    stop() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuterAbort);
    },
  };
}

/** Wrap a body stream so every chunk re-arms the watchdog. */
export function touchingStream(body: ReadableStream<Uint8Array>, touch: () => void): ReadableStream<Uint8Array> {
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        touch();
        controller.enqueue(chunk);
      },
    }),
  );
}

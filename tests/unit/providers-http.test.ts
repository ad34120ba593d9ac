/**
 * The provider adapters against a local HTTP server that speaks each provider's wire
 * format (OpenAI-compatible chat completions SSE, Anthropic messages SSE): streaming
 * text split at awkward byte boundaries, usage, request shape, and each failure kind.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AnthropicModel } from "~/lib/ai/anthropic";
import type { ChatEvent, ChatModel } from "~/lib/ai/chat-model";
import { OpenAiCompatibleModel } from "~/lib/ai/openai-compatible";

type Scenario = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;
const received: { path: string; headers: IncomingMessage["headers"]; body: Record<string, unknown> }[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Write the stream in pieces cut at fixed byte offsets, so events straddle chunks. */
async function dribble(res: ServerResponse, text: string, piece = 7) {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
  for (let i = 0; i < text.length; i += piece) {
    res.write(text.slice(i, i + piece));
    await sleep(1);
  }
  res.end();
}

const openAiChunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "chatcmpl-9x", object: "chat.completion.chunk", created: 1732500000, model: "gpt-4o-mini-2024-07-18", system_fingerprint: "fp_1", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null })}\n\n`;
const OPENAI_STREAM =
  openAiChunk({ role: "assistant", content: "", refusal: null }) +
  openAiChunk({ content: "Hello" }) +
  openAiChunk({ content: ", traveller — ünïcode ✓" }) +
  openAiChunk({}, "stop") +
  `data: ${JSON.stringify({ id: "chatcmpl-9x", object: "chat.completion.chunk", created: 1732500000, model: "gpt-4o-mini", choices: [], usage: { prompt_tokens: 31, completion_tokens: 9, total_tokens: 40 } })}\n\n` +
  "data: [DONE]\n\n";

const anthropicEvent = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const ANTHROPIC_STREAM =
  anthropicEvent("message_start", {
    message: {
      id: "msg_01",
      type: "message",
      role: "assistant",
      content: [],
      model: "claude-3-5-haiku-20241022",
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 42, output_tokens: 1 },
    },
  }) +
  anthropicEvent("content_block_start", { index: 0, content_block: { type: "text", text: "" } }) +
  anthropicEvent("ping", {}) +
  anthropicEvent("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Hello" } }) +
  anthropicEvent("content_block_delta", { index: 0, delta: { type: "text_delta", text: " from Claude ✓" } }) +
  anthropicEvent("content_block_stop", { index: 0 }) +
  anthropicEvent("message_delta", {
    delta: { stop_reason: "end_turn", stop_sequence: null },
    usage: { output_tokens: 12 },
  }) +
  anthropicEvent("message_stop", {});

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

const scenarios: Record<string, Scenario> = {
  "openai-ok": (_req, res) => dribble(res, OPENAI_STREAM),
  "openai-crlf": (_req, res) => dribble(res, OPENAI_STREAM.replace(/\n/g, "\r\n"), 5),
  "openai-401": (_req, res) =>
    json(res, 401, {
      error: {
        message: "Incorrect API key provided: sk-bad.",
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    }),
  "openai-429": (_req, res) =>
    json(res, 429, {
      error: {
        message: "Rate limit reached for gpt-4o-mini.",
        type: "requests",
        param: null,
        code: "rate_limit_exceeded",
      },
    }),
  "openai-context": (_req, res) =>
    json(res, 400, {
      error: {
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130001 tokens.",
        type: "invalid_request_error",
        param: "messages",
        code: "context_length_exceeded",
      },
    }),
  "openai-500": (_req, res) => json(res, 500, { error: { message: "The server had an error.", type: "server_error" } }),
  "openai-midstream-error": (_req, res) =>
    dribble(
      res,
      openAiChunk({ content: "Partial" }) +
        `data: ${JSON.stringify({ error: { message: "Rate limit hit mid-stream", code: "rate_limit_exceeded" } })}\n\n`,
    ),
  hang: () => {
    /* never answers */
  },
  "stall-after-first": async (_req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    res.write(openAiChunk({ content: "Half" }));
    // …and then nothing, forever.
  },
  "anthropic-ok": (_req, res) => dribble(res, ANTHROPIC_STREAM, 11),
  "anthropic-401": (_req, res) =>
    json(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }),
  "anthropic-429": (_req, res) =>
    json(res, 429, {
      type: "error",
      error: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit" },
    }),
  "anthropic-context": (_req, res) =>
    json(res, 400, {
      type: "error",
      error: { type: "invalid_request_error", message: "prompt is too long: 210345 tokens > 200000 maximum" },
    }),
  "anthropic-overloaded": (_req, res) =>
    dribble(
      res,
      anthropicEvent("message_start", { message: { usage: { input_tokens: 5, output_tokens: 0 } } }) +
        anthropicEvent("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Hi" } }) +
        anthropicEvent("error", { error: { type: "overloaded_error", message: "Overloaded" } }),
    ),
};

let server: Server;
let base = "";
let closedPortBase = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const scenario = req.url!.split("/")[1]!;
      received.push({
        path: req.url!,
        headers: req.headers,
        body: body ? (JSON.parse(body) as Record<string, unknown>) : {},
      });
      void scenarios[scenario]?.(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedPortBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function collect(model: ChatModel, system = "You are Mira.") {
  const events: ChatEvent[] = [];
  for await (const event of model.stream({
    messages: [
      { role: "system", content: system },
      { role: "assistant", content: "Greetings." },
      { role: "user", content: "Hi" },
    ],
    maxTokens: 64,
  }))
    events.push(event);
  const text = events
    .filter((e): e is Extract<ChatEvent, { type: "text" }> => e.type === "text")
    .map((e) => e.text)
    .join("");
  return { events, text, last: events.at(-1)! };
}

const openai = (scenario: string, options: { timeoutMs?: number; baseUrl?: string } = {}) =>
  new OpenAiCompatibleModel("openai", {
    apiKey: "sk-test-1234",
    model: "gpt-4o-mini",
    baseUrl: options.baseUrl ?? `${base}/${scenario}/v1`,
    includeUsage: true,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
const anthropic = (scenario: string, options: { timeoutMs?: number; baseUrl?: string } = {}) =>
  new AnthropicModel({
    apiKey: "sk-ant-test",
    model: "claude-3-5-haiku-latest",
    baseUrl: options.baseUrl ?? `${base}/${scenario}`,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });

describe("OpenAI-compatible", () => {
  test("streams text split across chunks, with usage, and sends the right request", async () => {
    const { text, last } = await collect(openai("openai-ok"));
    expect(text).toBe("Hello, traveller — ünïcode ✓");
    expect(last).toEqual({ type: "done", finishReason: "stop", usage: { promptTokens: 31, completionTokens: 9 } });
    const request = received.find((r) => r.path === "/openai-ok/v1/chat/completions")!;
    expect(request.headers.authorization).toBe("Bearer sk-test-1234");
    expect(request.body).toMatchObject({
      model: "gpt-4o-mini",
      stream: true,
      max_tokens: 64,
      stream_options: { include_usage: true },
    });
    expect((request.body.messages as unknown[])[0]).toEqual({ role: "system", content: "You are Mira." });
  });

  test("CRLF line endings parse the same", async () => {
    expect((await collect(openai("openai-crlf"))).text).toBe("Hello, traveller — ünïcode ✓");
  });

  test.each([
    ["openai-401", "auth", 401],
    ["openai-429", "rate_limit", 429],
    ["openai-context", "context_length", 400],
    ["openai-500", "server", 500],
  ] as const)("%s maps to %s", async (scenario, kind, status) => {
    const { events, last } = await collect(openai(scenario));
    expect(events).toHaveLength(1);
    expect(last).toMatchObject({ type: "error", error: { kind, status } });
  });

  test("an error event mid-stream ends the stream after the partial text", async () => {
    const { text, last } = await collect(openai("openai-midstream-error"));
    expect(text).toBe("Partial");
    expect(last).toMatchObject({ type: "error", error: { kind: "rate_limit" } });
  });

  test("nothing listening is a network error", async () => {
    const { last } = await collect(openai("x", { baseUrl: `${closedPortBase}/v1` }));
    expect(last).toMatchObject({ type: "error", error: { kind: "network" } });
  });

  test("no answer within the time limit is a timeout", async () => {
    const started = Date.now();
    const { last } = await collect(openai("hang", { timeoutMs: 250 }));
    expect(last).toMatchObject({ type: "error", error: { kind: "timeout" } });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("a stream that stalls mid-reply times out after the text it sent", async () => {
    const { text, last } = await collect(openai("stall-after-first", { timeoutMs: 250 }));
    expect(text).toBe("Half");
    expect(last).toMatchObject({ type: "error", error: { kind: "timeout" } });
  });
});

describe("Anthropic", () => {
  test("streams text from content_block_delta events, with usage and the system prompt apart", async () => {
    const { text, last } = await collect(anthropic("anthropic-ok"));
    expect(text).toBe("Hello from Claude ✓");
    expect(last).toEqual({ type: "done", finishReason: "stop", usage: { promptTokens: 42, completionTokens: 12 } });
    const request = received.find((r) => r.path === "/anthropic-ok/v1/messages")!;
    expect(request.headers["x-api-key"]).toBe("sk-ant-test");
    expect(request.headers["anthropic-version"]).toBe("2023-06-01");
    expect(request.body).toMatchObject({
      model: "claude-3-5-haiku-latest",
      system: "You are Mira.",
      stream: true,
      max_tokens: 64,
    });
    // Turns alternate and open with the user.
    expect(request.body.messages).toEqual([
      { role: "user", content: "(The conversation begins.)" },
      { role: "assistant", content: "Greetings." },
      { role: "user", content: "Hi" },
    ]);
  });

  test.each([
    ["anthropic-401", "auth"],
    ["anthropic-429", "rate_limit"],
    ["anthropic-context", "context_length"],
  ] as const)("%s maps to %s", async (scenario, kind) => {
    expect((await collect(anthropic(scenario))).last).toMatchObject({ type: "error", error: { kind } });
  });

  test("an overloaded error event mid-stream ends it after the partial text", async () => {
    const { text, last } = await collect(anthropic("anthropic-overloaded"));
    expect(text).toBe("Hi");
    expect(last).toMatchObject({ type: "error", error: { kind: "server", status: 529 } });
  });

  test("network failure and timeout", async () => {
    expect((await collect(anthropic("x", { baseUrl: closedPortBase }))).last).toMatchObject({
      type: "error",
      error: { kind: "network" },
    });
    expect((await collect(anthropic("hang", { timeoutMs: 250 }))).last).toMatchObject({
      type: "error",
      error: { kind: "timeout" },
    });
  });
});

/**
 * Provider adapters inside workerd, fed recorded real-format streams (as ReadableStreams
 * cut at awkward places) through an injected fetch; and a conversation that uses the
 * person's stored, encrypted key end to end (usage_count and last_used kept).
 */
import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { AnthropicModel } from "~/lib/ai/anthropic";
import type { ChatEvent, ChatModel } from "~/lib/ai/chat-model";
import { OpenAiCompatibleModel } from "~/lib/ai/openai-compatible";
import { WorkersAiModel } from "~/lib/ai/workers-ai-model";
import { startConversation } from "~/lib/chat/conversations";
import { runReply } from "~/lib/chat/reply";
import { prepareTurn } from "~/lib/chat/turn";
import { encryptSecret, encryptionKeyFor } from "~/lib/crypto/api-key-cipher";
import { createServices } from "~/lib/services";

const db = createDb(env.DB);

// Recorded from the providers' documented streams (ids shortened).
const MISTRAL_RECORDING = [
  'data: {"id":"cmpl-e5cc","object":"chat.completion.chunk","created":1732500000,"model":"mistral-small-latest","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
  'data: {"id":"cmpl-e5cc","object":"chat.completion.chunk","created":1732500000,"model":"mistral-small-latest","choices":[{"index":0,"delta":{"content":"Bonjour"},"finish_reason":null}]}',
  'data: {"id":"cmpl-e5cc","object":"chat.completion.chunk","created":1732500000,"model":"mistral-small-latest","choices":[{"index":0,"delta":{"content":" !"},"finish_reason":"length"}],"usage":{"prompt_tokens":12,"total_tokens":15,"completion_tokens":3}}',
  "data: [DONE]",
  "",
].join("\n\n");

const ANTHROPIC_RECORDING = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-3-5-haiku-20241022","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
  'event: ping\ndata: {"type": "ping"}',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Ahoy"}}',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", sailor."}}',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":4}}',
  'event: message_stop\ndata: {"type":"message_stop"}',
  "",
].join("\n\n");

const WORKERS_AI_RECORDING =
  'data: {"response":"Hi","p":"abc"}\n\ndata: {"response":" there"}\n\ndata: {"response":"","usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}\n\ndata: [DONE]\n\n';

/** A body that arrives in 3-byte pieces, so every event straddles a chunk boundary. */
function recorded(text: string, piece = 3): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + piece));
      offset += piece;
    },
  });
}

function fakeFetch(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond(String(input), init ?? {});
  }) as typeof fetch;
  return { fn, calls };
}

async function collect(model: ChatModel) {
  const events: ChatEvent[] = [];
  for await (const e of model.stream({
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hello" },
    ],
  }))
    events.push(e);
  return { events, text: events.map((e) => (e.type === "text" ? e.text : "")).join(""), last: events.at(-1)! };
}

test("Mistral (OpenAI-compatible) recording: text, length finish, usage in the last chunk", async () => {
  const { fn, calls } = fakeFetch(
    () => new Response(recorded(MISTRAL_RECORDING), { headers: { "Content-Type": "text/event-stream" } }),
  );
  const { text, last } = await collect(
    new OpenAiCompatibleModel("mistral", {
      apiKey: "m-key",
      model: "mistral-small-latest",
      baseUrl: "https://api.mistral.ai/v1/",
      fetch: fn,
    }),
  );
  expect(text).toBe("Bonjour !");
  expect(last).toEqual({ type: "done", finishReason: "length", usage: { promptTokens: 12, completionTokens: 3 } });
  expect(calls[0]!.url).toBe("https://api.mistral.ai/v1/chat/completions");
  expect(JSON.parse(String(calls[0]!.init.body))).not.toHaveProperty("stream_options");
});

test("Anthropic recording: deltas, max_tokens stop, usage from start and delta", async () => {
  const { fn } = fakeFetch(
    () => new Response(recorded(ANTHROPIC_RECORDING), { headers: { "Content-Type": "text/event-stream" } }),
  );
  const { text, last } = await collect(
    new AnthropicModel({ apiKey: "a-key", model: "claude-3-5-haiku-latest", fetch: fn }),
  );
  expect(text).toBe("Ahoy, sailor.");
  expect(last).toEqual({ type: "done", finishReason: "length", usage: { promptTokens: 25, completionTokens: 4 } });
});

test("Workers AI recording through the AI binding's stream", async () => {
  const ai = { run: async () => recorded(WORKERS_AI_RECORDING, 5) };
  const { text, last } = await collect(new WorkersAiModel(ai));
  expect(text).toBe("Hi there");
  expect(last).toMatchObject({ type: "done", usage: { promptTokens: 9, completionTokens: 2 } });
});

test("a conversation on the person's own OpenAI key: decrypted, used, counted; a bad key ends with a saved message", async () => {
  await db.insertInto("users").values({ id: "byok", email: "byok@example.com", display_name: "Bea" }).execute();
  await db
    .insertInto("bots")
    .values({ id: "byok-bot", name: "Orin", slug: "orin", created_by_id: "byok", greeting: "Hi {{user}}." })
    .execute();
  const cipherKey = await encryptionKeyFor(env);
  await db
    .insertInto("api_keys")
    .values({
      id: "byok-key",
      user_id: "byok",
      provider: "openai",
      key_encrypted: await encryptSecret(cipherKey, "sk-byok-secret", "byok"),
      key_hint: "cret",
      model: "gpt-4o-mini",
    })
    .execute();
  const started = await startConversation(db, env.DB, { id: "byok", displayName: "Bea" }, { botId: "byok-bot" });
  if (!started.ok) throw new Error(started.message);
  await db.updateTable("conversations").set({ provider: "openai" }).where("id", "=", started.conversationId).execute();

  let status = 200;
  const { fn, calls } = fakeFetch(() =>
    status === 200
      ? new Response(recorded(MISTRAL_RECORDING.replace(/mistral-small-latest/g, "gpt-4o-mini")), {
          headers: { "Content-Type": "text/event-stream" },
        })
      : new Response(JSON.stringify({ error: { message: "Incorrect API key provided", code: "invalid_api_key" } }), {
          status,
        }),
  );
  const deps = { db, d1: env.DB, env, services: createServices(env), fetch: fn };
  const turn = await prepareTurn(deps, { id: "byok", displayName: "Bea" }, started.conversationId, {
    intent: "send",
    content: "Ready?",
  });
  if (!turn.ok) throw new Error(turn.message);
  const result = await runReply({ db, d1: env.DB }, turn.plan, { token() {}, end() {} });
  expect(result).toMatchObject({
    content: "Bonjour !",
    status: "complete",
    metadata: { provider: "openai", model: "gpt-4o-mini", promptTokens: 12, completionTokens: 3 },
  });
  expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe("Bearer sk-byok-secret");
  expect(calls[0]!.url).toBe("https://api.openai.com/v1/chat/completions");
  const key = await db
    .selectFrom("api_keys")
    .select(["usage_count", "last_used"])
    .where("id", "=", "byok-key")
    .executeTakeFirstOrThrow();
  expect(key.usage_count).toBe(1);
  expect(key.last_used).not.toBeNull();

  status = 401;
  const second = await prepareTurn(deps, { id: "byok", displayName: "Bea" }, started.conversationId, {
    intent: "send",
    content: "Still there?",
  });
  if (!second.ok) throw new Error(second.message);
  const failed = await runReply({ db, d1: env.DB }, second.plan, { token() {}, end() {} });
  expect(failed.status).toBe("error");
  expect(failed.metadata.error).toMatchObject({ kind: "auth", message: expect.stringContaining("API key") });
  const saved = await db
    .selectFrom("messages")
    .select(["status", "metadata"])
    .where("id", "=", failed.messageId)
    .executeTakeFirstOrThrow();
  expect(saved.status).toBe("error");
  expect(saved.metadata).not.toContain("sk-byok-secret");
});

/**
 * Which model answers a conversation: the platform default (the offline local model, or
 * Workers AI in production) unless the conversation picked a provider, in which case the
 * user's active key for that provider is decrypted and used.
 */
import { baseUrlProblem, environmentOf } from "../ai/base-url";
import { hostResolverFor, resolvedHostProblem } from "../ai/host-resolver";
import type { DB } from "#db/schema";
import { AnthropicModel, ANTHROPIC_BASE_URL } from "../ai/anthropic";
import type { ChatModel, ProviderError } from "../ai/chat-model";
import { LocalModel } from "../ai/local-model";
import { MISTRAL_BASE_URL, OPENAI_BASE_URL, OpenAiCompatibleModel } from "../ai/openai-compatible";
import { decryptSecret, encryptionKeyFor } from "../crypto/api-key-cipher";
import type { Services } from "../services";

export const KEY_PROVIDERS = ["openai", "anthropic", "mistral", "openai_compatible"] as const;
export type KeyProvider = (typeof KEY_PROVIDERS)[number];
export const CONVERSATION_PROVIDERS = ["local", ...KEY_PROVIDERS] as const;
export type ConversationProvider = (typeof CONVERSATION_PROVIDERS)[number];

export const PROVIDER_INFO: Record<
  ConversationProvider,
  { label: string; defaultModel?: string; baseUrl?: string; contextWindow: number }
> = {
  local: { label: "BotCafe default model", contextWindow: 8192 },
  openai: { label: "OpenAI", defaultModel: "gpt-4o-mini", baseUrl: OPENAI_BASE_URL, contextWindow: 128_000 },
  anthropic: {
    label: "Anthropic",
    defaultModel: "claude-3-5-haiku-latest",
    baseUrl: ANTHROPIC_BASE_URL,
    contextWindow: 200_000,
  },
  mistral: { label: "Mistral", defaultModel: "mistral-small-latest", baseUrl: MISTRAL_BASE_URL, contextWindow: 32_000 },
  openai_compatible: { label: "OpenAI-compatible server", contextWindow: 8192 },
};

/** Long prompts cost money and time on every turn: history beyond this is left out even
 * when the model could take more. */
export const PROMPT_WINDOW_CAP = 16_384;

export function isConversationProvider(value: string): value is ConversationProvider {
  return (CONVERSATION_PROVIDERS as readonly string[]).includes(value);
}

type ResolveEnv = Pick<
  Env,
  "ENCRYPTION_KEY" | "ENVIRONMENT" | "BOTCAFE_LOCAL" | "DOH_ENDPOINT" | "CHAT_MODEL" | "LOCAL_MODEL_TOKEN_DELAY_MS"
> & { LOCAL_MODEL_FIRST_TOKEN_DELAY_MS?: string };

export type ResolvedModel =
  | { ok: true; model: ChatModel; keyId: string | null }
  | { ok: false; provider: string; model: string; error: ProviderError };

export interface ResolveInput {
  db: DB;
  env: ResolveEnv;
  services: Services;
  userId: string;
  provider: string;
  model: string | null;
  fetch?: typeof fetch;
}

function defaultModel(env: ResolveEnv, services: Services): ChatModel {
  // The benchmark stands in for a remote model with a fixed wait before the first token.
  const firstTokenDelayMs = Number(env.LOCAL_MODEL_FIRST_TOKEN_DELAY_MS ?? 0);
  if (env.CHAT_MODEL !== "workers-ai" && firstTokenDelayMs > 0) {
    return new LocalModel({ firstTokenDelayMs, tokenDelayMs: Number(env.LOCAL_MODEL_TOKEN_DELAY_MS ?? 15) });
  }
  return services.defaultChatModel;
}

export async function resolveChatModel(input: ResolveInput): Promise<ResolvedModel> {
  const provider = isConversationProvider(input.provider) ? input.provider : "local";
  if (provider === "local") return { ok: true, model: defaultModel(input.env, input.services), keyId: null };
  const info = PROVIDER_INFO[provider];
  const key = await input.db
    .selectFrom("api_keys")
    .select(["id", "key_encrypted", "base_url", "model"])
    .where("user_id", "=", input.userId)
    .where("provider", "=", provider)
    .where("is_active", "=", 1)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  const modelName = input.model || key?.model || info.defaultModel || "";
  if (!key) {
    return {
      ok: false,
      provider,
      model: modelName,
      error: {
        kind: "auth",
        message: `No active ${info.label} API key. Add one under Settings → API keys, or switch this chat to the BotCafe default model.`,
      },
    };
  }
  let apiKey: string;
  try {
    // An empty secret is a keyless model server on this machine, added from the offer on
    // the demo model's notice (app/lib/ai/local-server.ts): there is nothing to decrypt.
    apiKey =
      key.key_encrypted === ""
        ? ""
        : await decryptSecret(await encryptionKeyFor(input.env), key.key_encrypted, input.userId);
  } catch {
    return {
      ok: false,
      provider,
      model: modelName,
      error: { kind: "auth", message: `Your ${info.label} API key could not be read. Delete it and add it again.` },
    };
  }
  const baseUrl = key.base_url || info.baseUrl;
  if (!baseUrl || !modelName) {
    return {
      ok: false,
      provider,
      model: modelName,
      error: {
        kind: "bad_request",
        message: "This key needs a base URL and a model name. Edit it under Settings → API keys.",
      },
    };
  }
  // Checked again at use: a key saved under older rules must not send the key anywhere.
  const problem = baseUrlProblem(baseUrl, environmentOf(input.env));
  if (problem)
    return {
      ok: false,
      provider,
      model: modelName,
      error: {
        kind: "bad_request",
        message: `This key's base URL cannot be used: ${problem} Replace the key under Settings → API keys.`,
      },
    };
  // And resolved now, right before the call: a name can be repointed after it was saved.
  const dnsProblem =
    environmentOf(input.env) === "production" ? await resolvedHostProblem(baseUrl, hostResolverFor(input.env)) : null;
  if (dnsProblem)
    return {
      ok: false,
      provider,
      model: modelName,
      error: { kind: "bad_request", message: `This key's base URL cannot be used: ${dnsProblem}` },
    };
  const options = {
    apiKey,
    model: modelName,
    baseUrl,
    contextWindow: info.contextWindow,
    ...(input.fetch ? { fetch: input.fetch } : {}),
  };
  const model =
    provider === "anthropic"
      ? new AnthropicModel(options)
      : new OpenAiCompatibleModel(provider, { ...options, includeUsage: provider === "openai" });
  return { ok: true, model, keyId: key.id };
}

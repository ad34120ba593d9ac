/**
 * /settings/keys — the person's provider API keys. A key is encrypted before it reaches
 * D1 and is never shown again: pages show only its last four characters, and a form
 * that fails validation does not echo the key back. Locally, a model server found on this
 * machine is offered too, and added as a keyless OpenAI-compatible provider in one form
 * (also posted from the demo model's notice on a chat, which then uses it).
 */
import { redirect } from "react-router";
import { z } from "zod";
import { FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { baseUrlProblem, environmentOf, type Environment } from "~/lib/ai/base-url";
import { CONNECT_LOCAL_SERVER_INTENT, LocalServerOffer } from "~/components/demo-model-notice";
import { hostResolverFor, resolvedHostProblem } from "~/lib/ai/host-resolver";
import { KeySpendCaps } from "~/components/key-spend-caps";
import { notFound, requireUser } from "~/lib/auth/guards";
import { keyCapsFor, SET_CAP_INTENT, setKeyCapAction } from "~/lib/billing/key-caps";
import { KEY_PROVIDERS, PROVIDER_INFO } from "~/lib/chat/providers";
import { plural } from "~/lib/format/plural";
import { EncryptionUnavailableError, encryptSecret, encryptionKeyFor, keyHint } from "~/lib/crypto/api-key-cipher";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission, type InvalidSubmission } from "~/lib/forms";
import { newId } from "~/lib/ids";
import { batch } from "#db/batch";
import type { Route } from "./+types/keys";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "API keys · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  // Explicit columns: key_encrypted never leaves the server.
  const keys = await getApp(context)
    .db.selectFrom("api_keys")
    .select([
      "id",
      "provider",
      "label",
      "key_hint",
      "is_active",
      "last_used",
      "usage_count",
      "base_url",
      "model",
      "created_at",
    ])
    .where("user_id", "=", user.id)
    .orderBy("created_at", "desc")
    .limit(50)
    .execute();
  const { db, env, services, waitUntil } = getApp(context);
  const caps = await keyCapsFor(db, user.id);
  const localServer = services.localServer ? await services.localServer.offer(env, waitUntil) : null;
  return { keys, caps, localServersAllowed: environmentOf(env) === "development", localServer };
}

/** Base URLs follow the environment's rule (app/lib/ai/base-url.ts). */
const addSchema = (environment: Environment) =>
  z
    .object({
      intent: z.literal("add"),
      provider: z.enum(KEY_PROVIDERS, { error: "Pick one of the listed providers." }),
      label: formField.optionalText("Label", 60),
      apiKey: formField.text("API key", 400).refine((k) => !/\s/.test(k), "An API key has no spaces in it."),
      baseUrl: formField.optionalText("Base URL", 300),
      model: formField.optionalText("Model", 100),
    })
    .superRefine((value, ctx) => {
      const problem = value.baseUrl ? baseUrlProblem(value.baseUrl, environment) : null;
      if (problem) ctx.addIssue({ code: "custom", path: ["baseUrl"], message: problem });
      if (value.provider === "openai_compatible" && !value.baseUrl)
        ctx.addIssue({ code: "custom", path: ["baseUrl"], message: "An OpenAI-compatible server needs its base URL." });
      if (value.provider === "openai_compatible" && !value.model)
        ctx.addIssue({ code: "custom", path: ["model"], message: "Name the model the server should use." });
    });

const connectLocalSchema = z.object({
  intent: z.literal(CONNECT_LOCAL_SERVER_INTENT),
  localModel: formField.text("Model", 100),
  conversationId: z
    .string()
    .max(64)
    .optional()
    .transform((v) => v || null),
});

/**
 * Adds the model server found on this machine as the person's OpenAI-compatible provider
 * (no key: an empty secret, see resolveChatModel) and, from a chat, switches that chat to
 * it. The base URL is never taken from the form: only the server the probe found is used.
 */
async function connectLocalServer(context: Route.ActionArgs["context"], userId: string, formData: FormData) {
  const { db, env, services } = getApp(context);
  const submission = parseSubmission(formData, connectLocalSchema);
  if (submission.status === "invalid") return invalid(submission);
  const { localModel, conversationId } = submission.value;
  // Someone else's chat is a 404 before anything is probed or stored.
  if (conversationId) {
    const owned = await db
      .selectFrom("conversations")
      .select("id")
      .where("id", "=", conversationId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (!owned) notFound("We could not find that conversation.");
  }
  const server = services.localServer ? await services.localServer.detect(env) : null;
  if (!server)
    return invalidWith(submission.values, {}, [
      "No model server is answering on this machine now. Start it, then try again.",
    ]);
  if (!server.models.includes(localModel))
    return invalidWith(submission.values, {
      localModel: [`${server.name} has no model called “${localModel}”. Pick one from its list.`],
    });
  const existing = await db
    .selectFrom("api_keys")
    .select("id")
    .where("user_id", "=", userId)
    .where("provider", "=", "openai_compatible")
    .where("base_url", "=", server.baseUrl)
    .where("key_encrypted", "=", "")
    .executeTakeFirst();
  const writes = [
    existing
      ? db.updateTable("api_keys").set({ model: localModel, is_active: 1 }).where("id", "=", existing.id)
      : db.insertInto("api_keys").values({
          id: newId(),
          user_id: userId,
          provider: "openai_compatible",
          key_encrypted: "",
          key_hint: "",
          label: `${server.name} on this machine`,
          base_url: server.baseUrl,
          model: localModel,
        }),
    ...(conversationId
      ? [
          db
            .updateTable("conversations")
            .set({ provider: "openai_compatible", model: localModel })
            .where("id", "=", conversationId)
            .where("user_id", "=", userId),
        ]
      : []),
  ];
  await batch(env.DB, writes);
  throw redirect(conversationId ? `/chat/${conversationId}` : "/settings/keys");
}

const keySchema = z.object({ intent: z.enum(["activate", "deactivate", "delete"]), keyId: z.string().min(1).max(64) });

/** Never send a key back to the page, even the one just typed. */
function withoutSecret<T extends { values: Record<string, string | string[]> }>(submission: T): T {
  const { apiKey: _dropped, ...values } = submission.values;
  return { ...submission, values };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const formData = await request.formData();
  if (formData.get("intent") === SET_CAP_INTENT) return setKeyCapAction(db, user, formData);
  if (formData.get("intent") === CONNECT_LOCAL_SERVER_INTENT) return connectLocalServer(context, user.id, formData);
  if (formData.get("intent") === "add") {
    const submission = parseSubmission(formData, addSchema(environmentOf(env)));
    if (submission.status === "invalid") return invalid(withoutSecret(submission as InvalidSubmission));
    const input = submission.value;
    // Outside local mode the host must also resolve only to public addresses (127.0.0.1.nip.io does not).
    const dnsProblem =
      input.baseUrl && environmentOf(env) === "production"
        ? await resolvedHostProblem(input.baseUrl, hostResolverFor(env))
        : null;
    if (dnsProblem) return invalidWith(withoutSecret(submission).values, { baseUrl: [dnsProblem] });
    let keyEncrypted: string;
    try {
      keyEncrypted = await encryptSecret(await encryptionKeyFor(env), input.apiKey, user.id);
    } catch (error) {
      if (!(error instanceof EncryptionUnavailableError)) throw error;
      return invalidWith(withoutSecret(submission).values, {}, [
        "Keys cannot be stored right now: encryption is not configured on this server.",
      ]);
    }
    await db
      .insertInto("api_keys")
      .values({
        id: newId(),
        user_id: user.id,
        provider: input.provider,
        key_encrypted: keyEncrypted,
        key_hint: keyHint(input.apiKey),
        label: input.label,
        base_url: input.baseUrl || null,
        model: input.model || null,
      })
      .execute();
    throw redirect("/settings/keys");
  }
  const submission = parseSubmission(formData, keySchema);
  if (submission.status === "invalid") return invalid(submission);
  const { intent, keyId } = submission.value;
  const owned = db.updateTable("api_keys").where("id", "=", keyId).where("user_id", "=", user.id);
  const changed =
    intent === "delete"
      ? await db.deleteFrom("api_keys").where("id", "=", keyId).where("user_id", "=", user.id).returning("id").execute()
      : await owned
          .set({ is_active: intent === "activate" ? 1 : 0 })
          .returning("id")
          .execute();
  if (!changed.length) notFound("We could not find that key.");
  throw redirect("/settings/keys");
}

export default function ApiKeys({ loaderData, actionData }: Route.ComponentProps) {
  const { keys, caps, localServersAllowed, localServer } = loaderData;
  // The local-server offer and the other forms share actionData: each shows only its own errors.
  const connectState =
    actionData && "values" in actionData && actionData.values?.intent === CONNECT_LOCAL_SERVER_INTENT
      ? actionData
      : undefined;
  const formState = connectState ? undefined : actionData;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <header>
        <h1 className="text-2xl font-bold">API keys</h1>
        <p className="text-sm">
          <a href="/help/own-api-key-local-model" className="text-brand-700 underline">
            Help: your own API key or a local model server
          </a>
        </p>
        <p className="mt-1 text-stone-700">
          Bring your own key to chat with OpenAI, Anthropic, Mistral or any OpenAI-compatible server. Keys are encrypted
          before they are stored and are never shown again — only their last four characters. Pick the provider for a
          chat under its “Chat settings”.
        </p>
      </header>

      <section aria-labelledby="connect-a-model" id="connect">
        <h2 id="connect-a-model" className="text-xl font-semibold">
          Connect a real model
        </h2>
        <p className="mt-1 text-stone-700">
          Until you do, replies come from BotCafe's offline demo model: a small offline demo that writes simple replies
          from the character card, not a real AI model. Three ways to get real replies:
        </p>
        <ul className="mt-2 list-disc space-y-1 pl-6 text-stone-700">
          <li id="connect-api-key">
            <strong>An API key</strong> from OpenAI, Anthropic or Mistral: add it{" "}
            <a href="#add-key" className="text-brand-700 underline">
              below
            </a>
            , then pick that provider in the chat's “Chat settings”.
          </li>
          <li id="connect-local-server">
            <strong>A local OpenAI-compatible server</strong> (llama.cpp, Ollama, KoboldCpp, LM Studio, vLLM): add a key
            with provider “OpenAI-compatible server” and its base URL, e.g.{" "}
            <code className="break-all">http://localhost:11434/v1</code> (any key text if your server needs none).
            {localServer ? (
              <LocalServerOffer server={localServer} state={connectState} />
            ) : (
              <FormErrors state={connectState} />
            )}
          </li>
          <li id="connect-workers-ai">
            <strong>Workers AI</strong>: whoever runs this BotCafe sets <code>CHAT_MODEL = "workers-ai"</code> in{" "}
            <code>wrangler.toml</code> (production already does); the “BotCafe default model” then answers with Workers
            AI.
          </li>
        </ul>
      </section>

      <section aria-labelledby="your-keys">
        <h2 id="your-keys" className="text-xl font-semibold">
          Your keys
        </h2>
        {keys.length === 0 ? (
          <p className="mt-2 text-stone-700">No keys yet. Chats use BotCafe's default model.</p>
        ) : (
          <ul className="mt-3 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {keys.map((key) => (
              <li key={key.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                <div>
                  <p className="font-medium">
                    {PROVIDER_INFO[key.provider as keyof typeof PROVIDER_INFO]?.label ?? key.provider}
                    {key.label ? ` — ${key.label}` : ""}{" "}
                    {key.key_hint ? (
                      <span className="font-mono text-sm">…{key.key_hint}</span>
                    ) : (
                      <span className="text-sm">(no key)</span>
                    )}
                    {key.is_active ? null : (
                      <span className="ml-2 rounded bg-stone-100 px-1.5 py-0.5 text-xs">inactive</span>
                    )}
                  </p>
                  <p className="text-sm text-stone-600">
                    {key.model ? `Model ${key.model} · ` : ""}
                    {key.base_url ? `${key.base_url} · ` : ""}
                    {plural(key.usage_count, { one: "use", other: "uses" })}
                    {key.last_used ? `, last ${key.last_used.slice(0, 16).replace("T", " ")}` : ""}
                  </p>
                </div>
                <div className="flex gap-2">
                  <PostForm>
                    <input type="hidden" name="intent" value={key.is_active ? "deactivate" : "activate"} />
                    <input type="hidden" name="keyId" value={key.id} />
                    <button
                      type="submit"
                      className="rounded border border-stone-300 px-3 py-1 text-sm hover:bg-stone-100"
                    >
                      {key.is_active ? "Deactivate" : "Activate"}
                    </button>
                  </PostForm>
                  <PostForm>
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="keyId" value={key.id} />
                    <button
                      type="submit"
                      className="rounded border border-red-300 px-3 py-1 text-sm text-red-800 hover:bg-red-50"
                    >
                      Delete
                    </button>
                  </PostForm>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <KeySpendCaps keys={keys} caps={caps} state={actionData} />

      <section aria-labelledby="add-key">
        <h2 id="add-key" className="text-xl font-semibold">
          Add a key
        </h2>
        <PostForm noValidate className="mt-3 rounded-lg border border-stone-200 bg-white p-4">
          <FormErrors state={formState} />
          <input type="hidden" name="intent" value="add" />
          <SelectField
            label="Provider"
            name="provider"
            state={actionData}
            options={KEY_PROVIDERS.map((p) => ({ value: p, label: PROVIDER_INFO[p].label }))}
          />
          <TextField label="Label (optional)" name="label" state={actionData} maxLength={60} />
          <TextField
            label="API key"
            name="apiKey"
            type="password"
            autoComplete="off"
            required
            state={actionData}
            maxLength={400}
            hint="Stored encrypted; never shown again."
          />
          <TextField
            label="Base URL (optional)"
            name="baseUrl"
            state={actionData}
            maxLength={300}
            hint={
              localServersAllowed
                ? "Required for an OpenAI-compatible server. This is a development server, so a model server on this machine works too (http://localhost:11434/v1); in production only https:// to a public host is accepted."
                : "Required for an OpenAI-compatible server: https:// on a public host name, e.g. https://api.example.com/v1. Addresses on private networks and localhost are not accepted."
            }
          />
          <TextField
            label="Model (optional)"
            name="model"
            state={actionData}
            maxLength={100}
            hint="Defaults: gpt-4o-mini, claude-3-5-haiku-latest, mistral-small-latest."
          />
          <SubmitButton>Add key</SubmitButton>
        </PostForm>
      </section>
    </div>
  );
}

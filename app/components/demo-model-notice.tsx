/**
 * The one notice that says what the offline demo model is and how to connect a real one.
 * When a model server answers on this machine (app/lib/ai/local-server.ts), it is offered
 * here with one form: it becomes the person's OpenAI-compatible provider (no key) and,
 * from a chat, that chat's model. The AI disclosure is a separate notice (ai-disclosure.tsx);
 * this one never says whether the character is an AI, only what writes its replies.
 */
import type { FormState } from "~/components/form";
import { FormErrors, SelectField } from "~/components/form";
import type { LocalServer } from "~/lib/ai/local-server";
import { PostForm } from "./post-form";

export const CONNECT_LOCAL_SERVER_INTENT = "connect-local-server";

export function LocalServerOffer({
  server,
  conversationId,
  state,
}: {
  server: LocalServer;
  conversationId?: string;
  state?: FormState;
}) {
  return (
    <PostForm
      action="/settings/keys"
      className="mt-3 space-y-2 rounded border border-amber-200 bg-white p-3 text-stone-900"
    >
      <p className="text-sm">
        <strong>{server.name}</strong> is answering on this machine at{" "}
        <code className="break-all">{server.baseUrl}</code>.
      </p>
      <FormErrors state={state} />
      <input type="hidden" name="intent" value={CONNECT_LOCAL_SERVER_INTENT} />
      {conversationId ? <input type="hidden" name="conversationId" value={conversationId} /> : null}
      <SelectField
        label="Model"
        name="localModel"
        state={state}
        options={server.models.map((id) => ({ value: id, label: id }))}
      />
      <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
        {conversationId ? "Use it for this chat" : "Use it for my chats"}
      </button>
    </PostForm>
  );
}

export function DemoModelNotice({
  localServer,
  conversationId,
}: {
  localServer: LocalServer | null;
  conversationId: string;
}) {
  return (
    <aside
      aria-labelledby="demo-model-title"
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950"
    >
      <h2 id="demo-model-title" className="font-semibold">
        Replies come from the offline demo model
      </h2>
      <p className="mt-1 text-sm">
        It is not a real AI model: it is a small offline demo that writes simple replies from the character card (and
        what it retrieves), so it cannot really understand you. For real replies, connect{" "}
        <a href="/settings/keys#connect-workers-ai" className="underline">
          Workers AI
        </a>
        , add an{" "}
        <a href="/settings/keys#connect-api-key" className="underline">
          API key
        </a>{" "}
        or a{" "}
        <a href="/settings/keys#connect-local-server" className="underline">
          local OpenAI-compatible server
        </a>
        , then pick it in this chat's settings below.
      </p>
      {localServer ? <LocalServerOffer server={localServer} conversationId={conversationId} /> : null}
    </aside>
  );
}

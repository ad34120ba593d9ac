/** The list of memories with their forms (edit, pin, delete), shared by both memory pages. */
import type { FormState } from "~/components/form";
import { plural } from "~/lib/format/plural";
import { PostForm } from "~/components/post-form";

export interface MemoryRow {
  id: string;
  conversation_id: string | null;
  memory_type: string;
  summary: string;
  importance: number;
  access_count: number;
  last_accessed: string | null;
  expires_at: string | null;
  created_at: string;
  conversation_title?: string | null;
}

const TYPE_LABEL: Record<string, string> = {
  long_term: "Pinned (long-term)",
  short_term: "Short-term",
  episodic: "Episodic",
  semantic: "Semantic",
};

export function MemoryList({
  memories,
  state,
  showConversation,
}: {
  memories: MemoryRow[];
  state?: FormState & { values?: Record<string, string | string[]> };
  showConversation: boolean;
}) {
  if (memories.length === 0)
    return <p className="mt-2 text-stone-700">No memories yet. They are made as conversations grow.</p>;
  const failedId = typeof state?.values?.memory_id === "string" ? state.values.memory_id : null;
  return (
    <ul className="mt-4 space-y-4">
      {memories.map((memory) => {
        const own = failedId === memory.id ? state : undefined;
        const summaryError = own?.fieldErrors?.summary?.[0];
        const importanceError = own?.fieldErrors?.importance?.[0];
        const summary = typeof own?.values?.summary === "string" ? own.values.summary : memory.summary;
        const importance =
          typeof own?.values?.importance === "string" ? own.values.importance : memory.importance.toFixed(2);
        return (
          <li key={memory.id} className="rounded border border-stone-200 bg-white p-4">
            <p className="text-sm text-stone-600">
              <strong className="text-stone-900">{TYPE_LABEL[memory.memory_type] ?? memory.memory_type}</strong> · made{" "}
              {memory.created_at.slice(0, 10)} · recalled {plural(memory.access_count, { one: "time", other: "times" })}
              {memory.last_accessed ? `, last ${memory.last_accessed.slice(0, 10)}` : ""}
              {memory.expires_at ? ` · expires ${memory.expires_at.slice(0, 10)}` : ""}
              {showConversation && memory.conversation_id ? (
                <>
                  {" · "}
                  <a href={`/chat/${memory.conversation_id}/memories`} className="text-brand-700 underline">
                    {memory.conversation_title || "conversation"}
                  </a>
                </>
              ) : null}
            </p>
            <PostForm className="mt-2" noValidate>
              <input type="hidden" name="memory_id" value={memory.id} />
              <label htmlFor={`summary-${memory.id}`} className="block font-medium">
                Summary
              </label>
              <textarea
                id={`summary-${memory.id}`}
                name="summary"
                rows={3}
                defaultValue={summary}
                maxLength={4000}
                aria-invalid={summaryError ? true : undefined}
                aria-describedby={summaryError ? `summary-error-${memory.id}` : undefined}
                className="mt-1 block w-full rounded border border-stone-300 px-3 py-2"
              />
              {summaryError ? (
                <p id={`summary-error-${memory.id}`} className="mt-1 text-sm text-red-700">
                  {summaryError}
                </p>
              ) : null}
              <label htmlFor={`importance-${memory.id}`} className="mt-2 block font-medium">
                Importance (0–1)
              </label>
              <input
                id={`importance-${memory.id}`}
                name="importance"
                inputMode="decimal"
                defaultValue={importance}
                aria-invalid={importanceError ? true : undefined}
                aria-describedby={importanceError ? `importance-error-${memory.id}` : undefined}
                className="mt-1 block w-28 rounded border border-stone-300 px-3 py-2"
              />
              {importanceError ? (
                <p id={`importance-error-${memory.id}`} className="mt-1 text-sm text-red-700">
                  {importanceError}
                </p>
              ) : null}
              <div className="mt-3 flex flex-wrap gap-2">
                <button
                  type="submit"
                  name="intent"
                  value="save"
                  className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-900"
                >
                  Save memory
                </button>
                {memory.memory_type === "long_term" ? (
                  <button
                    type="submit"
                    name="intent"
                    value="unpin"
                    className="rounded border border-stone-400 px-3 py-1.5 text-sm hover:bg-stone-100"
                  >
                    Unpin
                  </button>
                ) : (
                  <button
                    type="submit"
                    name="intent"
                    value="pin"
                    className="rounded border border-brand-700 px-3 py-1.5 text-sm text-brand-700 hover:bg-brand-50"
                  >
                    Pin (keep long-term)
                  </button>
                )}
                <button
                  type="submit"
                  name="intent"
                  value="delete"
                  className="rounded border border-red-700 px-3 py-1.5 text-sm text-red-800 hover:bg-red-50"
                >
                  Delete memory
                </button>
              </div>
            </PostForm>
          </li>
        );
      })}
    </ul>
  );
}

/** /settings/keys "Monthly spend caps": one small form per key (intent=set-cap). */
import type { KeyCap } from "~/lib/billing/key-caps";
import type { FormState } from "./form";
import { PostForm } from "~/components/post-form";

interface KeyRow {
  id: string;
  label: string;
  provider: string;
  key_hint: string;
}

export function KeySpendCaps({
  keys,
  caps,
  state,
}: {
  keys: KeyRow[];
  caps: Record<string, KeyCap>;
  state?: FormState;
}) {
  if (keys.length === 0) return null;
  const failedKey = state?.values?.intent === "set-cap" ? state.values.keyId : undefined;
  return (
    <section id="spend-caps" aria-labelledby="spend-caps-title">
      <h2 id="spend-caps-title" className="text-xl font-semibold">
        Monthly spend caps
      </h2>
      <p className="mt-1 text-stone-700">
        Stop a key after a number of tokens (prompt + reply) each calendar month (UTC). Past the cap, chats through that
        key are refused until the next month. Leave empty for no cap.
      </p>
      <ul className="mt-3 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
        {keys.map((key) => {
          const cap = caps[key.id];
          const error = failedKey === key.id ? state?.fieldErrors?.cap?.[0] : undefined;
          const typed = failedKey === key.id && typeof state?.values?.cap === "string" ? state.values.cap : undefined;
          return (
            <li key={key.id} className="px-4 py-3">
              <PostForm noValidate className="flex flex-wrap items-end gap-3">
                <input type="hidden" name="intent" value="set-cap" />
                <input type="hidden" name="keyId" value={key.id} />
                <div>
                  <label htmlFor={`cap-${key.id}`} className="block text-sm font-medium">
                    Cap for {key.label || key.provider} (key ending {key.key_hint})
                  </label>
                  <input
                    id={`cap-${key.id}`}
                    name="cap"
                    inputMode="numeric"
                    defaultValue={typed ?? (cap?.cap ? String(cap.cap) : "")}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={`cap-used-${key.id}${error ? ` cap-error-${key.id}` : ""}`}
                    className="mt-1 block w-40 max-w-full rounded border border-stone-300 px-3 py-2 aria-[invalid=true]:border-red-600"
                  />
                </div>
                <button type="submit" className="rounded border border-stone-300 px-3 py-2 text-sm hover:bg-stone-100">
                  Save cap
                </button>
              </PostForm>
              <p id={`cap-used-${key.id}`} className="mt-1 text-sm text-stone-600">
                Used this month: {(cap?.usedThisMonth ?? 0).toLocaleString("en-US")} tokens
                {cap?.cap ? ` of ${cap.cap.toLocaleString("en-US")}` : ""}
              </p>
              {error ? (
                <p id={`cap-error-${key.id}`} role="alert" className="mt-1 text-sm text-red-700">
                  {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

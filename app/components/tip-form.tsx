import { PostForm } from "~/components/post-form";

/** "Tip the creator" on a bot page: a plain form to /gifts (intent=tip), back here after. */
export function TipForm({ botId, slug }: { botId: string; slug: string }) {
  return (
    <details id="tip" className="rounded-lg border border-stone-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">Tip the creator</summary>
      <PostForm action="/gifts" className="mt-3 space-y-3">
        <input type="hidden" name="intent" value="tip" />
        <input type="hidden" name="botId" value={botId} />
        <input type="hidden" name="redirectTo" value={`/bots/${slug}?done=tip#tip`} />
        <div>
          <label htmlFor="tip-amount" className="block font-medium">
            Tokens
          </label>
          <input
            id="tip-amount"
            name="amount"
            type="number"
            min={1}
            step={1}
            required
            className="mt-1 block w-40 max-w-full rounded border border-stone-300 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="tip-message" className="block font-medium">
            Message (optional)
          </label>
          <input
            id="tip-message"
            name="message"
            maxLength={500}
            className="mt-1 block w-full rounded border border-stone-300 px-3 py-2"
          />
        </div>
        <button
          type="submit"
          className="rounded border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-brand-50"
        >
          Send tip
        </button>
      </PostForm>
    </details>
  );
}

/**
 * "Are you sure?" for a destructive staff action (see app/lib/staff/confirm-step.ts): the
 * question, and one form that sends what the person submitted again, with Confirm
 * (`confirmed=yes`) or Cancel (`confirmed=no`, which brings the page back with what they
 * typed). Rendered in place of the page's forms, so nothing else can be clicked by mistake.
 */
import { CONFIRM_FIELD, confirmPromptOf } from "~/lib/staff/confirm-step";
import { FORM_TOKEN_FIELD } from "~/lib/http/form-token-field";
import { PostForm } from "~/components/post-form";

export function ConfirmStep({ state, action }: { state: unknown; action?: string }) {
  const asked = confirmPromptOf(state);
  if (!asked) return null;
  const { prompt, values } = asked;
  // The form token is PostForm's own: never re-send the one the first post carried.
  const fields = Object.entries(values)
    .filter(([name]) => name !== FORM_TOKEN_FIELD)
    .flatMap(([name, value]) =>
      Array.isArray(value) ? value.map((v) => [name, v] as const) : [[name, value] as const],
    );
  return (
    <section
      role="alertdialog"
      aria-labelledby="confirm-heading"
      aria-describedby="confirm-message"
      className="mt-4 rounded-lg border-2 border-red-400 bg-red-50 p-4"
    >
      <h2 id="confirm-heading" className="text-lg font-semibold text-red-900 break-words">
        {prompt.title}
      </h2>
      <p id="confirm-message" className="mt-1 break-words">
        {prompt.message}
      </p>
      <PostForm action={action} className="mt-3 flex flex-wrap gap-2">
        {fields.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <button
          type="submit"
          name={CONFIRM_FIELD}
          value="yes"
          className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-900"
        >
          {prompt.confirmLabel}
        </button>
        <button
          type="submit"
          name={CONFIRM_FIELD}
          value="no"
          className="rounded border border-stone-300 bg-white px-4 py-2 font-medium hover:bg-stone-100"
        >
          Cancel
        </button>
      </PostForm>
    </section>
  );
}

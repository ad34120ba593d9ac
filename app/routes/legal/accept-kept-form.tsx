/**
 * The accept step when a form post met the terms gate (app/lib/legal/pending-form.ts): the
 * documents to accept, and one form that carries what the person had sent as hidden inputs.
 * Accepting records the agreements and sends those fields on to where they were going.
 */
import { Checkbox, FormErrors, SubmitButton } from "~/components/form";
import type { PendingDocument } from "~/lib/legal/documents";
import { KEPT_ACCEPT_FIELD, KEPT_DOCUMENTS_FIELD, KEPT_STEP_FIELD, type KeptFormState } from "~/lib/legal/pending-form";
import { FORM_TOKEN_FIELD } from "~/lib/http/form-token-field";
import { PostForm } from "~/components/post-form";

export function AcceptKeepingForm({ pending, state }: { pending: PendingDocument[]; state: KeptFormState }) {
  const { kept } = state;
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">Our terms have changed</h1>
      <p className="mt-2 text-stone-700">
        A new version of the documents below is now in effect. Read what changed, then accept, and we will apply the
        change you just made.
      </p>
      <p role="status" className="mt-3 rounded border border-sky-300 bg-sky-50 p-3 text-sky-950">
        Your change has not been lost: it is kept on this page and is sent as soon as you accept.
        {kept.droppedFiles > 0
          ? ` Files you attached could not be kept (${kept.droppedFiles}); attach them again afterwards.`
          : ""}
      </p>
      <ul className="mt-4 space-y-2">
        {pending.map((doc) => (
          <li key={doc.id} className="rounded border border-stone-200 bg-white p-3">
            <a
              href={`/legal/${doc.type}/versions/${encodeURIComponent(doc.version)}`}
              className="font-medium text-brand-700 underline"
            >
              {doc.title}, version {doc.version}
            </a>{" "}
            <span className="text-sm text-stone-600">(in effect from {doc.effective_date.slice(0, 10)})</span>
          </li>
        ))}
      </ul>
      <PostForm noValidate className="mt-4 rounded-lg border border-stone-200 bg-white p-4">
        <FormErrors state={state} />
        {kept.fields
          .filter(([name]) => name !== FORM_TOKEN_FIELD)
          .map(([name, value], i) => (
            <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
          ))}
        <input type="hidden" name={KEPT_STEP_FIELD} value="accept" />
        {pending.map((doc) => (
          <input key={doc.id} type="hidden" name={KEPT_DOCUMENTS_FIELD} value={doc.id} />
        ))}
        <Checkbox label="I have read and accept these documents" name={KEPT_ACCEPT_FIELD} state={state} />
        <SubmitButton>Accept and apply my change</SubmitButton>
      </PostForm>
      <section aria-labelledby="decline" className="mt-6 text-sm text-stone-700">
        <h2 id="decline" className="font-semibold">
          If you do not accept
        </h2>
        <p className="mt-1">
          Your change is not applied. You can still read public pages,{" "}
          <a href="/account/export" className="text-brand-700 underline">
            download your data
          </a>{" "}
          or{" "}
          <a href="/account/delete" className="text-brand-700 underline">
            delete your account
          </a>
          .
        </p>
      </section>
    </div>
  );
}

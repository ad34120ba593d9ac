/** Form pieces that show a field's error next to it and keep what was typed. */
import type { ReactNode } from "react";
import type { FieldErrors } from "~/lib/forms";
import { formatBytes, IMAGE_ACCEPT, MAX_IMAGE_BYTES } from "~/lib/media/limits";

export interface FormState {
  fieldErrors?: FieldErrors;
  formErrors?: string[];
  values?: Record<string, string | string[]>;
}

export function valueOf(state: FormState | undefined, name: string, fallback = ""): string {
  const value = state?.values?.[name];
  return typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : fallback;
}

/** What a post/redirect/get just did ("Saved.", "Badges saved."): the success
 * counterpart of FormErrors, announced politely to screen readers. */
export function SuccessNotice({ children }: { children: React.ReactNode }) {
  return (
    <p role="status" className="mt-3 rounded border border-green-300 bg-green-50 p-3 text-green-900">
      {children}
    </p>
  );
}

export function FormErrors({ state }: { state: FormState | undefined }) {
  const fieldCount = Object.keys(state?.fieldErrors ?? {}).length;
  const formErrors = state?.formErrors ?? [];
  if (fieldCount === 0 && formErrors.length === 0) return null;
  return (
    <div role="alert" className="mb-4 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-semibold">Please fix the following:</p>
      <ul className="ml-5 list-disc">
        {formErrors.map((message) => (
          <li key={message}>{message}</li>
        ))}
        {Object.entries(state?.fieldErrors ?? {}).map(([field, messages]) => (
          <li key={field}>
            <a href={`#field-${field}`} className="underline">
              {messages[0]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  label: string;
  name: string;
  state?: FormState;
  defaultValue?: string;
  hint?: ReactNode;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
  placeholder?: string;
}

function describedBy(name: string, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? `hint-${name}` : null, hasError ? `error-${name}` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldShell({
  label,
  name,
  hint,
  error,
  children,
}: {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="mb-4">
      <label htmlFor={`field-${name}`} className="block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={`hint-${name}`} className="text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`error-${name}`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const inputClass =
  "mt-1 block w-full rounded border border-stone-300 bg-white px-3 py-2 aria-[invalid=true]:border-red-600";

export function TextField({
  label,
  name,
  state,
  defaultValue = "",
  hint,
  type = "text",
  required,
  autoComplete,
  maxLength,
  placeholder,
}: FieldProps) {
  const error = state?.fieldErrors?.[name]?.[0];
  return (
    <FieldShell label={label} name={name} hint={hint} error={error}>
      <input
        id={`field-${name}`}
        name={name}
        type={type}
        defaultValue={valueOf(state, name, defaultValue)}
        required={required}
        autoComplete={autoComplete}
        maxLength={maxLength}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, Boolean(hint), Boolean(error))}
        className={inputClass}
      />
    </FieldShell>
  );
}

export function TextArea({
  label,
  name,
  state,
  defaultValue = "",
  hint,
  required,
  maxLength,
  rows = 4,
}: FieldProps & { rows?: number }) {
  const error = state?.fieldErrors?.[name]?.[0];
  return (
    <FieldShell label={label} name={name} hint={hint} error={error}>
      <textarea
        id={`field-${name}`}
        name={name}
        rows={rows}
        defaultValue={valueOf(state, name, defaultValue)}
        required={required}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, Boolean(hint), Boolean(error))}
        className={inputClass}
      />
    </FieldShell>
  );
}

export function SelectField({
  label,
  name,
  state,
  defaultValue = "",
  hint,
  options,
}: FieldProps & { options: { value: string; label: string }[] }) {
  const error = state?.fieldErrors?.[name]?.[0];
  return (
    <FieldShell label={label} name={name} hint={hint} error={error}>
      <select
        id={`field-${name}`}
        name={name}
        defaultValue={valueOf(state, name, defaultValue)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, Boolean(hint), Boolean(error))}
        className={inputClass}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function Checkbox({
  label,
  name,
  state,
  defaultChecked = false,
  hint,
}: {
  label: string;
  name: string;
  state?: FormState;
  defaultChecked?: boolean;
  hint?: ReactNode;
}) {
  // After a failed submit, a box is checked exactly when it was sent.
  const checked = state?.values ? state.values[name] !== undefined : defaultChecked;
  return (
    <div className="mb-4 flex items-start gap-2">
      <input id={`field-${name}`} name={name} type="checkbox" defaultChecked={checked} className="mt-1 h-4 w-4" />
      <label htmlFor={`field-${name}`}>
        <span className="font-medium">{label}</span>
        {hint ? <span className="block text-sm text-stone-600">{hint}</span> : null}
      </label>
    </div>
  );
}

/** A file input. Browsers never refill a file input, so after a failed submit the error
 * asks for the file again; `preview` shows what is stored now (e.g. the current image). */
export function FileField({
  label,
  name,
  state,
  hint,
  accept,
  preview,
}: {
  label: string;
  name: string;
  state?: FormState;
  hint?: ReactNode;
  accept: string;
  preview?: ReactNode;
}) {
  const error = state?.fieldErrors?.[name]?.[0];
  return (
    <FieldShell label={label} name={name} hint={hint} error={error}>
      {preview}
      <input
        id={`field-${name}`}
        name={name}
        type="file"
        accept={accept}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, Boolean(hint), Boolean(error))}
        className="mt-1 block w-full text-sm"
      />
    </FieldShell>
  );
}

/** An image upload with the current image, and (when there is one) a box to remove it. */
export function ImageField({
  label,
  name,
  state,
  currentUrl,
  removeName,
  checkboxState = state,
}: {
  label: string;
  name: string;
  state?: FormState;
  currentUrl?: string | null;
  /** The checkbox that removes the current image; omit where removing is not offered. */
  removeName?: string;
  /** Where the remove box reads its checked state, if not from `state`. */
  checkboxState?: FormState;
}) {
  const noun = label.toLowerCase().replace(/ \(optional\)$/, "");
  return (
    <>
      <FileField
        label={label}
        name={name}
        state={state}
        accept={IMAGE_ACCEPT}
        hint={`A PNG, JPEG, GIF or WebP image up to ${formatBytes(MAX_IMAGE_BYTES)}.${currentUrl ? " Choose a file to replace the current one." : ""}`}
        preview={
          currentUrl ? (
            <img
              src={currentUrl}
              alt={`Current ${noun}`}
              width={64}
              height={64}
              className="mt-2 h-16 max-w-full rounded object-cover"
            />
          ) : null
        }
      />
      {currentUrl && removeName ? (
        <Checkbox label={`Remove the current ${noun}`} name={removeName} state={checkboxState} />
      ) : null}
    </>
  );
}

export function SubmitButton({
  children,
  name = "intent",
  value,
}: {
  children: ReactNode;
  name?: string;
  value?: string;
}) {
  return (
    <button
      type="submit"
      name={value ? name : undefined}
      value={value}
      className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900"
    >
      {children}
    </button>
  );
}

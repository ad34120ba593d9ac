/** The persona form (new and edit share it): every field of the collection. */
import {
  Checkbox,
  FormErrors,
  ImageField,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  type FormState,
} from "~/components/form";
import {
  COMMUNICATION_STYLES,
  EXPRESSIVENESS_LEVELS,
  FORMALITY_LEVELS,
  HUMOR_LEVELS,
  RESPONSE_LENGTHS,
} from "~/lib/chat/personas";
import { PostForm } from "~/components/post-form";

const choices = (values: readonly string[]) => [
  { value: "", label: "Not set" },
  ...values.map((v) => ({ value: v, label: v[0]!.toUpperCase() + v.slice(1) })),
];

export function PersonaForm({
  state,
  submitLabel,
  avatarUrl = null,
}: {
  state: FormState | undefined;
  submitLabel: string;
  avatarUrl?: string | null;
}) {
  return (
    <PostForm encType="multipart/form-data" noValidate className="rounded-lg border border-stone-200 bg-white p-4">
      <FormErrors state={state} />
      <input type="hidden" name="intent" value="save" />
      <TextField
        label="Name"
        name="name"
        state={state}
        required
        maxLength={80}
        hint="What bots call you ({{user}} in greetings)."
      />
      <TextArea
        label="Description"
        name="description"
        state={state}
        maxLength={2000}
        rows={4}
        hint="Who you are in the chat: looks, background, what you want."
      />
      <TextArea
        label="Personality traits"
        name="personality_traits"
        state={state}
        rows={3}
        hint="One per line with a score from 0 to 10, like “curiosity: 8”."
      />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <SelectField
          label="Communication style"
          name="communication_style"
          state={state}
          options={choices(COMMUNICATION_STYLES)}
        />
        <SelectField label="Response length" name="response_length" state={state} options={choices(RESPONSE_LENGTHS)} />
        <SelectField label="Humor" name="humor_level" state={state} options={choices(HUMOR_LEVELS)} />
        <SelectField label="Formality" name="formality_level" state={state} options={choices(FORMALITY_LEVELS)} />
        <SelectField
          label="Emotional expressiveness"
          name="emotional_expressiveness"
          state={state}
          options={choices(EXPRESSIVENESS_LEVELS)}
        />
      </div>
      <TextField label="Topics of interest" name="topics_of_interest" state={state} hint="Separated by commas." />
      <TextArea label="Signature phrases" name="signature_phrases" state={state} rows={3} hint="One per line." />
      <ImageField
        label="Avatar (optional)"
        name="avatar"
        state={state}
        currentUrl={avatarUrl}
        removeName="remove_avatar"
      />
      <Checkbox
        label="Use this persona by default"
        name="is_default"
        state={state}
        hint="New chats start with it. Only one persona can be the default."
      />
      <Checkbox
        label="Public"
        name="is_public"
        state={state}
        hint="Others can see it in the public personas list and use it in their own chats."
      />
      <SubmitButton>{submitLabel}</SubmitButton>
    </PostForm>
  );
}

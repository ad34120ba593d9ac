/** The create/edit bot form (multipart: it carries the avatar upload). */
import { Checkbox, FormErrors, ImageField, SubmitButton, TextArea, TextField, type FormState } from "~/components/form";
import { MAX_TAGS } from "~/lib/bots/form";
import { PostForm } from "~/components/post-form";

export interface BotFormDefaults {
  name: string;
  slug: string;
  description: string;
  personality: string;
  system_prompt: string;
  greeting: string;
  example_dialogues: string;
  scenario: string;
  tags: string;
  is_public: boolean;
  is_nsfw: boolean;
  avatar_url: string | null;
}

export const EMPTY_BOT_FORM: BotFormDefaults = {
  name: "",
  slug: "",
  description: "",
  personality: "",
  system_prompt: "",
  greeting: "",
  example_dialogues: "",
  scenario: "",
  tags: "",
  is_public: true,
  is_nsfw: false,
  avatar_url: null,
};

export function BotForm({
  state,
  defaults,
  submitLabel,
}: {
  state: FormState | undefined;
  defaults: BotFormDefaults;
  submitLabel: string;
}) {
  return (
    <PostForm encType="multipart/form-data" noValidate className="rounded-lg border border-stone-200 bg-white p-4">
      <FormErrors state={state} />
      <TextField label="Name" name="name" required maxLength={80} state={state} defaultValue={defaults.name} />
      <TextField
        label="Address"
        name="slug"
        maxLength={80}
        state={state}
        defaultValue={defaults.slug}
        hint="The end of the bot's link: /bots/your-address. Leave empty to make one from the name."
      />
      <TextArea
        label="Description"
        name="description"
        rows={3}
        maxLength={1000}
        state={state}
        defaultValue={defaults.description}
        hint="What people see on Explore."
      />
      <TextArea label="Personality" name="personality" rows={3} state={state} defaultValue={defaults.personality} />
      <TextArea
        label="Scenario"
        name="scenario"
        rows={3}
        state={state}
        defaultValue={defaults.scenario}
        hint="Where and how the conversation takes place."
      />
      <TextArea
        label="System prompt"
        name="system_prompt"
        rows={5}
        state={state}
        defaultValue={defaults.system_prompt}
        hint="Instructions for the model. Use {{char}} and {{user}} for the names."
      />
      <TextArea
        label="Greeting"
        name="greeting"
        rows={3}
        state={state}
        defaultValue={defaults.greeting}
        hint="The bot's first message."
      />
      <TextArea
        label="Example dialogues"
        name="example_dialogues"
        rows={5}
        state={state}
        defaultValue={defaults.example_dialogues}
        hint="Start each example with <START>."
      />
      <TextField
        label="Tags"
        name="tags"
        state={state}
        defaultValue={defaults.tags}
        hint={`Separate with commas, up to ${MAX_TAGS}: fantasy, cozy, mystery`}
      />
      <ImageField
        label="Avatar"
        name="avatar"
        state={state}
        currentUrl={defaults.avatar_url}
        removeName="remove_avatar"
      />
      <Checkbox
        label="Public"
        name="is_public"
        state={state}
        defaultChecked={defaults.is_public}
        hint="Listed on Explore and open to everyone. Private bots are only yours."
      />
      <Checkbox
        label="NSFW (adults only)"
        name="is_nsfw"
        state={state}
        defaultChecked={defaults.is_nsfw}
        hint="Shown only to signed-in adults who turned on mature content."
      />
      <SubmitButton>{submitLabel}</SubmitButton>
    </PostForm>
  );
}

/** The fields of the knowledge entry form (new and edit share them). */
import { Checkbox, SelectField, TextArea, TextField, type FormState } from "~/components/form";
import { CONTENT_TYPES, PRIORITIES, type EntryFormDefaults } from "~/lib/knowledge/entry-form";

interface Option {
  id: string;
  name: string;
}

/** Where an entry lives, shown but not changeable: an edit grantee changes the text, not the bot or
 * collection (only the owner or an admin may move it). Hidden inputs send the current values back. */
function LockedPlacement({
  defaults,
  state,
  bots,
  collections,
}: {
  defaults: EntryFormDefaults;
  state?: FormState;
  bots: Option[];
  collections: Option[];
}) {
  const bot = bots.find((b) => b.id === defaults.bot_id)?.name ?? "No bot";
  const collection = collections.find((c) => c.id === defaults.collection_id)?.name ?? "No collection";
  const error = state?.fieldErrors?.bot_id?.[0] ?? state?.fieldErrors?.collection_id?.[0];
  return (
    <div className="mb-4">
      <input type="hidden" name="bot_id" value={defaults.bot_id} />
      <input type="hidden" name="collection_id" value={defaults.collection_id} />
      <p>
        <span className="font-medium">Bot:</span> {bot} · <span className="font-medium">Collection:</span> {collection}
      </p>
      <p className="text-sm text-stone-600">
        Only the owner (or someone with admin access) can move this entry to another bot or collection.
      </p>
      {error ? (
        <p className="text-sm text-red-800" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function EntryFields({
  defaults,
  state,
  bots,
  collections,
  placementLocked = false,
}: {
  defaults: EntryFormDefaults;
  state?: FormState;
  bots: Option[];
  collections: Option[];
  placementLocked?: boolean;
}) {
  return (
    <>
      <TextField label="Title" name="title" state={state} defaultValue={defaults.title} required maxLength={200} />
      <TextArea
        label="Content"
        name="content"
        state={state}
        defaultValue={defaults.content}
        required
        rows={10}
        hint="Separate paragraphs with a blank line; long content is split at paragraphs for retrieval."
      />
      <SelectField
        label="Content type"
        name="content_type"
        state={state}
        defaultValue={defaults.content_type}
        options={CONTENT_TYPES}
      />
      <SelectField
        label="Priority"
        name="priority"
        state={state}
        defaultValue={defaults.priority}
        options={PRIORITIES}
        hint="Higher priority knowledge is kept first when the prompt is short of room."
      />
      {placementLocked ? (
        <LockedPlacement defaults={defaults} state={state} bots={bots} collections={collections} />
      ) : (
        <>
          <SelectField
            label="Bot"
            name="bot_id"
            state={state}
            defaultValue={defaults.bot_id}
            options={[{ value: "", label: "No bot" }, ...bots.map((b) => ({ value: b.id, label: b.name }))]}
          />
          <SelectField
            label="Collection"
            name="collection_id"
            state={state}
            defaultValue={defaults.collection_id}
            options={[
              { value: "", label: "No collection" },
              ...collections.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
        </>
      )}
      <TextField
        label="Source URL"
        name="source_url"
        type="url"
        state={state}
        defaultValue={defaults.source_url}
        maxLength={2000}
      />

      <fieldset className="mt-6 rounded border border-stone-300 p-4">
        <legend className="px-1 font-semibold">World info settings</legend>
        <p className="mb-4 text-sm text-stone-600">
          Used only when the content type is “World info”: the entry is added to the prompt when one of its keys appears
          in the recent messages.
        </p>
        <TextField
          label="Keys"
          name="wi_keys"
          state={state}
          defaultValue={defaults.wi_keys}
          hint="Comma-separated, e.g. dragon, Ember"
          maxLength={2000}
        />
        <TextField
          label="Secondary keys"
          name="wi_secondary_keys"
          state={state}
          defaultValue={defaults.wi_secondary_keys}
          hint="With “Selective”, one of these must appear too."
          maxLength={2000}
        />
        <Checkbox label="Selective" name="wi_selective" state={state} defaultChecked={defaults.wi_selective} />
        <Checkbox
          label="Always active"
          name="wi_constant"
          state={state}
          defaultChecked={defaults.wi_constant}
          hint="Added to every prompt, keys or not."
        />
        <Checkbox label="Enabled" name="wi_enabled" state={state} defaultChecked={defaults.wi_enabled} />
        <Checkbox
          label="Case-sensitive keys"
          name="wi_case_sensitive"
          state={state}
          defaultChecked={defaults.wi_case_sensitive}
        />
        <Checkbox
          label="Match whole words only"
          name="wi_match_whole_words"
          state={state}
          defaultChecked={defaults.wi_match_whole_words}
        />
        <Checkbox
          label="Keys are regular expressions"
          name="wi_use_regex"
          state={state}
          defaultChecked={defaults.wi_use_regex}
          hint="Write /pattern/flags or a bare pattern, in RE2 syntax: no backreferences or lookarounds."
        />
        <SelectField
          label="Position"
          name="wi_position"
          state={state}
          defaultValue={defaults.wi_position}
          options={[
            { value: "before_char", label: "Before the character definition" },
            { value: "after_char", label: "After the character definition" },
          ]}
        />
        <TextField
          label="Insertion order"
          name="wi_insertion_order"
          type="number"
          state={state}
          defaultValue={defaults.wi_insertion_order}
          hint="Lower is inserted earlier."
        />
        <TextField
          label="Priority in the budget"
          name="wi_priority"
          type="number"
          state={state}
          defaultValue={defaults.wi_priority}
          hint="When the world-info budget is short, the lowest priority is dropped first."
        />
        <TextField
          label="Scan depth"
          name="wi_scan_depth"
          type="number"
          state={state}
          defaultValue={defaults.wi_scan_depth}
          hint="How many recent messages to search for keys; empty uses the bot's lorebook setting."
        />
        <TextField label="Comment" name="wi_comment" state={state} defaultValue={defaults.wi_comment} maxLength={200} />
      </fieldset>
    </>
  );
}

const STATUS_TEXT: Record<string, string> = { pending: "Embedding…", done: "Embedded", failed: "Embedding failed" };

export function VectorStatusBadge({ status, contentType }: { status: string | null; contentType: string }) {
  if (contentType === "world_info")
    return <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">Keyword-activated</span>;
  const tone =
    status === "done"
      ? "bg-green-100 text-green-900"
      : status === "failed"
        ? "bg-red-100 text-red-900"
        : "bg-stone-200 text-stone-800";
  return <span className={`rounded px-1.5 py-0.5 text-xs ${tone}`}>{STATUS_TEXT[status ?? "pending"] ?? status}</span>;
}

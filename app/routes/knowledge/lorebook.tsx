/** /knowledge/lorebooks/:botId — a bot's lorebook: its world info entries and the book's settings. */
import { redirect } from "react-router";
import { Checkbox, FormErrors, SubmitButton, TextField } from "~/components/form";
import { notFound, requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { DEFAULT_CONTEXT_BUDGETS } from "~/lib/chat/turn-context";
import { lorebookSchema, saveLorebookSettings } from "~/lib/world-info/lorebook-form";
import {
  DEFAULT_MAX_RECURSION_DEPTH,
  DEFAULT_SCAN_DEPTH,
  parseLorebookSettings,
  parseWorldInfoSettings,
} from "~/lib/world-info/settings";
import { batch } from "#db/batch";
import type { Route } from "./+types/lorebook";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `Lorebook · ${loaderData?.bot.name ?? "Bot"} · BotCafe` }];
}

async function ownBot(args: { request: Request; context: Route.LoaderArgs["context"]; params: { botId: string } }) {
  const user = requireUser(args);
  const { db } = getApp(args.context);
  let query = db
    .selectFrom("bots")
    .select(["id", "name", "card_extras", "created_by_id"])
    .where("id", "=", args.params.botId.slice(0, 64));
  if (user.role !== "admin") query = query.where("created_by_id", "=", user.id);
  const bot = await query.executeTakeFirst();
  if (!bot) notFound("We could not find that bot.");
  return bot;
}

export async function loader(args: Route.LoaderArgs) {
  const bot = await ownBot(args);
  const { db, env } = getApp(args.context);
  const [entries] = await batch(env.DB, [
    db
      .selectFrom("knowledge")
      .select(["id", "title", "world_info"])
      .where("bot_id", "=", bot.id)
      .where("created_by_id", "=", bot.created_by_id)
      .where("content_type", "=", "world_info")
      .orderBy("created_at")
      .limit(500),
  ]);
  return {
    bot: { id: bot.id, name: bot.name },
    book: parseLorebookSettings(bot.card_extras),
    entries: entries
      .map((e) => ({ id: e.id, title: e.title, settings: parseWorldInfoSettings(e.world_info) }))
      .sort((a, b) => a.settings.insertion_order - b.settings.insertion_order)
      .map(({ id, title, settings }) => ({
        id,
        title,
        keys: settings.keys,
        constant: settings.constant,
        enabled: settings.enabled,
        order: settings.insertion_order,
        position: settings.position,
        priority: settings.priority,
      })),
  };
}

export async function action(args: Route.ActionArgs) {
  const bot = await ownBot(args);
  const { db } = getApp(args.context);
  const submission = parseSubmission(await args.request.formData(), lorebookSchema);
  if (submission.status === "invalid") return invalid(submission);
  const saved = await saveLorebookSettings(db, bot.id, bot.card_extras, submission.value);
  if (!saved)
    return invalidWith(submission.values, {}, [
      "The bot changed while you were editing. Check the settings and save again.",
    ]);
  throw redirect(`/knowledge/lorebooks/${bot.id}`);
}

export default function Lorebook({ loaderData, actionData }: Route.ComponentProps) {
  const { bot, book, entries } = loaderData;
  return (
    <div className="mx-auto max-w-2xl">
      <p>
        <a href="/knowledge" className="text-sm text-brand-700 underline">
          ← Knowledge
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">Lorebook of {bot.name}</h1>
      <p className="mt-1 text-sm">
        <a href="/help/lorebooks-world-info" className="text-brand-700 underline">
          Help: lorebooks and how entries fire
        </a>
      </p>
      <section aria-labelledby="entries-heading" className="mt-4">
        <div className="flex items-center gap-3">
          <h2 id="entries-heading" className="mr-auto text-lg font-semibold">
            World info entries
          </h2>
          <a href={`/knowledge/new?type=world_info&bot=${bot.id}`} className="text-sm text-brand-700 underline">
            Add a world info entry
          </a>
        </div>
        {entries.length === 0 ? (
          <p className="mt-2 text-stone-700">No world info yet.</p>
        ) : (
          <ol className="mt-2 divide-y divide-stone-200 rounded border border-stone-200 bg-white">
            {entries.map((entry) => (
              <li key={entry.id} className="p-3">
                <a href={`/knowledge/${entry.id}`} className="font-medium text-brand-700 underline">
                  {entry.title}
                </a>
                <span className="ml-2 text-sm text-stone-600">
                  {entry.constant ? "always active" : `keys: ${entry.keys.join(", ") || "none"}`} · order {entry.order}{" "}
                  · {entry.position === "after_char" ? "after" : "before"} the character · priority {entry.priority}
                  {entry.enabled ? "" : " · disabled"}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="settings-heading" className="mt-8">
        <h2 id="settings-heading" className="text-lg font-semibold">
          Book settings
        </h2>
        <PostForm className="mt-2 rounded border border-stone-200 bg-white p-4" noValidate>
          <FormErrors state={actionData} />
          <TextField
            label="Scan depth"
            name="scan_depth"
            type="number"
            state={actionData}
            defaultValue={book.scan_depth?.toString() ?? ""}
            hint={`How many recent messages are searched for keys (empty: ${DEFAULT_SCAN_DEPTH}).`}
          />
          <TextField
            label="Token budget"
            name="token_budget"
            type="number"
            state={actionData}
            defaultValue={book.token_budget?.toString() ?? ""}
            hint={`Most tokens world info may use in a prompt (empty: ${DEFAULT_CONTEXT_BUDGETS.world_info}); the lowest priority entries are dropped first.`}
          />
          <Checkbox
            label="Recursive scanning"
            name="recursive_scanning"
            state={actionData}
            defaultChecked={book.recursive_scanning ?? false}
            hint="Text of activated entries can activate other entries."
          />
          <TextField
            label="Recursion depth"
            name="max_recursion_depth"
            type="number"
            state={actionData}
            defaultValue={book.max_recursion_depth?.toString() ?? ""}
            hint={`How many rounds recursion may go (empty: ${DEFAULT_MAX_RECURSION_DEPTH}).`}
          />
          <SubmitButton>Save lorebook settings</SubmitButton>
        </PostForm>
      </section>
    </div>
  );
}

/** /knowledge/collections/:collectionId — a collection, its entries, and which of your bots use it. */
import { redirect } from "react-router";
import { z } from "zod";
import { Checkbox, FormErrors, SelectField, SubmitButton, TextArea, TextField } from "~/components/form";
import { Pagination, parsePage, totalPagesFor } from "~/components/pagination";
import { notFound, requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { collectionSchema } from "~/lib/knowledge/collections";
import { checkOwnedChoices, mayMovePlacement, PLACEMENT_LOCKED } from "~/lib/knowledge/entries";
import { invalid, invalidWith, parseSubmission, type FieldErrors } from "~/lib/forms";
import { vectorizeSource } from "~/lib/retrieval/vectorize-job";
import type { Services } from "~/lib/services";
import { batch } from "#db/batch";
import type { DB } from "#db/schema";
import {
  atLeast,
  findCollectionForViewer,
  KNOWLEDGE_PAGE_SIZE,
  ownBotsQuery,
  visibleEntriesCountQuery,
  visibleEntriesQuery,
} from "#db/queries/knowledge";
import { VectorStatusBadge } from "./entry-fields";
import type { Route } from "./+types/collection";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `${loaderData?.collection.name ?? "Collection"} · BotCafe` }];
}

async function loadCollection(args: {
  request: Request;
  context: Route.LoaderArgs["context"];
  params: { collectionId: string };
}) {
  const user = requireUser(args);
  const found = await findCollectionForViewer(getApp(args.context).db, args.params.collectionId.slice(0, 64), user);
  if (!found) notFound("We could not find that collection.");
  return { user, ...found };
}

export async function loader(args: Route.LoaderArgs) {
  const { user, collection, access } = await loadCollection(args);
  const { db, env } = getApp(args.context);
  const page = parsePage(new URL(args.request.url).searchParams.get("page"));
  const canMove = atLeast(access, "edit") && mayMovePlacement(user.id, collection.created_by_id, access);
  const [entries, counts, bots, ownerBots, usedBy] = await batch(env.DB, [
    visibleEntriesQuery(db, user.id, { page, collectionId: collection.id }),
    visibleEntriesCountQuery(db, user.id, collection.id),
    ownBotsQuery(db, user.id),
    // Filing the collection under a bot: one of its owner's, whoever edits it.
    ownBotsQuery(db, canMove ? collection.created_by_id : ""),
    db
      .selectFrom("bot_collections")
      .innerJoin("bots", "bots.id", "bot_collections.bot_id")
      .select(["bots.id", "bots.name"])
      .where("bot_collections.collection_id", "=", collection.id)
      .where("bots.created_by_id", "=", user.id)
      .orderBy("bots.name"),
  ]);
  return {
    collection: { ...collection, grant: undefined },
    entries,
    page,
    totalPages: totalPagesFor(Number(counts[0]?.total ?? 0), KNOWLEDGE_PAGE_SIZE),
    // Only a public collection (or one's own) can be used by one's bots: retrieval reads no other.
    bots: usableBy(collection, user.id) ? bots : [],
    ownerBots,
    usedBy,
    canEdit: atLeast(access, "edit"),
    canMove,
    canDelete: atLeast(access, "admin"),
  };
}

async function reembedAll(db: DB, services: Services, entryIds: string[]) {
  for (const id of entryIds) await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: id });
}

/** A bot draws only on public collections and its own creator's (gather-turn-context, retrieve). */
function usableBy(collection: { is_public: number; created_by_id: string }, userId: string) {
  return collection.is_public === 1 || collection.created_by_id === userId;
}

const botChoice = z.object({
  bot_id: z.string().trim().min(1, "Pick one of your bots.").max(64, "Pick one of your bots."),
});

export async function action(args: Route.ActionArgs) {
  const { user, collection, access } = await loadCollection(args);
  const { db, env } = getApp(args.context);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const back = `/knowledge/collections/${collection.id}`;

  if (intent === "use" || intent === "stop_using") {
    const submission = parseSubmission(formData, botChoice);
    if (submission.status === "invalid") return invalid(submission);
    const ownership = await checkOwnedChoices(db, env.DB, user.id, {
      bot_id: submission.value.bot_id,
      collection_id: null,
    });
    if (Object.keys(ownership).length > 0) return invalidWith(submission.values, ownership);
    if (intent === "use" && !usableBy(collection, user.id))
      return invalidWith(submission.values, {
        bot_id: ["Only a public collection, or one of your own, can be used by your bots."],
      });
    if (intent === "use")
      await db
        .insertInto("bot_collections")
        .values({ bot_id: submission.value.bot_id, collection_id: collection.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
    else
      await db
        .deleteFrom("bot_collections")
        .where("bot_id", "=", submission.value.bot_id)
        .where("collection_id", "=", collection.id)
        .execute();
    throw redirect(back);
  }
  if (intent === "delete") {
    if (!atLeast(access, "admin")) notFound("We could not find that collection.");
    // Its entries stay (outside any collection); re-embed them so their vectors stop naming it.
    const members = await db
      .selectFrom("knowledge")
      .select("id")
      .where("collection_id", "=", collection.id)
      .where("content_type", "!=", "world_info")
      .limit(500)
      .execute();
    await db.deleteFrom("knowledge_collections").where("id", "=", collection.id).execute();
    const { services, waitUntil } = getApp(args.context);
    waitUntil(
      reembedAll(
        db,
        services,
        members.map((m) => m.id),
      ),
    );
    throw redirect("/knowledge");
  }
  if (!atLeast(access, "edit")) notFound("We could not find that collection.");
  const submission = parseSubmission(formData, collectionSchema);
  if (submission.status === "invalid") return invalid(submission);
  const value = submission.value;
  // An edit grant renames and describes; filing under another bot or publishing it (a way of
  // sharing it) needs the owner or admin access, and the bot must be the owner's.
  const moved = value.bot_id !== collection.bot_id;
  const published = (value.is_public ? 1 : 0) !== collection.is_public;
  let ownership: FieldErrors = {};
  if (!mayMovePlacement(user.id, collection.created_by_id, access)) {
    if (moved) ownership.bot_id = [PLACEMENT_LOCKED.bot_id];
    if (published)
      ownership.is_public = [
        "Only the owner (or someone with admin access) can make this collection public or private.",
      ];
  } else if (moved) {
    ownership = await checkOwnedChoices(
      db,
      env.DB,
      collection.created_by_id,
      { bot_id: value.bot_id, collection_id: null },
      collection.created_by_id === user.id ? "your" : "the owner's",
    );
  }
  if (Object.keys(ownership).length > 0) return invalidWith(submission.values, ownership);
  await db
    .updateTable("knowledge_collections")
    .set({ name: value.name, description: value.description, bot_id: value.bot_id, is_public: value.is_public ? 1 : 0 })
    .where("id", "=", collection.id)
    .execute();
  throw redirect(back);
}

export default function CollectionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { collection, entries, page, totalPages, bots, ownerBots, usedBy, canEdit, canMove, canDelete } = loaderData;
  return (
    <div className="mx-auto max-w-2xl">
      <p>
        <a href="/knowledge" className="text-sm text-brand-700 underline">
          ← Knowledge
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{collection.name}</h1>
      <p className="mt-1 text-sm text-stone-600">
        {collection.is_public ? "Public collection" : "Private collection"}
        {collection.bot_name ? ` · bot: ${collection.bot_name}` : ""}
      </p>
      {collection.description ? <p className="mt-2 whitespace-pre-wrap">{collection.description}</p> : null}
      <FormErrors state={actionData} />

      <section aria-labelledby="entries-heading" className="mt-6">
        <div className="flex items-center gap-3">
          <h2 id="entries-heading" className="mr-auto text-lg font-semibold">
            Entries
          </h2>
          {canEdit ? (
            <a href={`/knowledge/new?collection=${collection.id}`} className="text-sm text-brand-700 underline">
              Add an entry
            </a>
          ) : null}
        </div>
        {entries.length === 0 ? (
          <p className="mt-2 text-stone-700">No entries in this collection.</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-200 rounded border border-stone-200 bg-white">
            {entries.map((entry) => (
              <li key={entry.id} className="flex flex-wrap items-center gap-3 p-3">
                <a href={`/knowledge/${entry.id}`} className="font-medium text-brand-700 underline">
                  {entry.title}
                </a>
                <VectorStatusBadge status={entry.vector_status} contentType={entry.content_type} />
              </li>
            ))}
          </ul>
        )}
        <Pagination
          path={`/knowledge/collections/${collection.id}`}
          page={page}
          totalPages={totalPages}
          label="Entry pages"
        />
      </section>

      {bots.length > 0 || usedBy.length > 0 ? (
        <section aria-labelledby="bots-heading" className="mt-8">
          <h2 id="bots-heading" className="text-lg font-semibold">
            Your bots using this collection
          </h2>
          {usedBy.length === 0 ? <p className="mt-1 text-stone-700">None yet.</p> : null}
          <ul className="mt-2 space-y-2">
            {usedBy.map((bot) => (
              <li key={bot.id}>
                <PostForm className="flex items-center gap-3">
                  <input type="hidden" name="bot_id" value={bot.id} />
                  <span>{bot.name}</span>
                  <button type="submit" name="intent" value="stop_using" className="text-sm text-red-800 underline">
                    Stop using in {bot.name}
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
          {bots.length > 0 ? (
            <PostForm className="mt-3 flex flex-wrap items-end gap-3">
              <div className="min-w-60">
                <SelectField
                  label="Use in bot"
                  name="bot_id"
                  options={bots.map((b) => ({ value: b.id, label: b.name }))}
                />
              </div>
              <div className="mb-4">
                <SubmitButton value="use">Use this collection</SubmitButton>
              </div>
            </PostForm>
          ) : null}
        </section>
      ) : null}

      {canEdit ? (
        <section aria-labelledby="edit-heading" className="mt-8">
          <h2 id="edit-heading" className="text-lg font-semibold">
            Edit collection
          </h2>
          <PostForm className="mt-2 rounded border border-stone-200 bg-white p-4" noValidate>
            <TextField
              label="Name"
              name="name"
              state={actionData}
              defaultValue={collection.name}
              required
              maxLength={120}
            />
            <TextArea
              label="Description"
              name="description"
              state={actionData}
              defaultValue={collection.description}
              maxLength={2000}
            />
            {canMove ? (
              <>
                <SelectField
                  label="Bot"
                  name="bot_id"
                  state={actionData}
                  defaultValue={collection.bot_id ?? ""}
                  options={[
                    { value: "", label: "No bot" },
                    ...(collection.bot_id && collection.bot_name && !ownerBots.some((b) => b.id === collection.bot_id)
                      ? [{ value: collection.bot_id, label: collection.bot_name }]
                      : []),
                    ...ownerBots.map((b) => ({ value: b.id, label: b.name })),
                  ]}
                />
                <Checkbox
                  label="Public"
                  name="is_public"
                  state={actionData}
                  defaultChecked={collection.is_public === 1}
                />
              </>
            ) : (
              <div className="mb-4">
                {/* Sent back unchanged: only the owner or an admin files it elsewhere or publishes it. */}
                <input type="hidden" name="bot_id" value={collection.bot_id ?? ""} />
                {collection.is_public === 1 ? <input type="hidden" name="is_public" value="on" /> : null}
                <p className="text-sm text-stone-600">
                  Only the owner (or someone with admin access) can change its bot or whether it is public.
                </p>
              </div>
            )}
            <SubmitButton value="save">Save collection</SubmitButton>
          </PostForm>
        </section>
      ) : null}

      {canDelete ? (
        <p className="mt-6">
          <a href={`/share/collection/${collection.id}`} className="text-brand-700 underline">
            Sharing
          </a>
        </p>
      ) : null}
      {canDelete ? (
        <PostForm className="mt-6">
          <button
            type="submit"
            name="intent"
            value="delete"
            className="rounded border border-red-700 px-3 py-1.5 text-sm text-red-800 hover:bg-red-50"
          >
            Delete this collection
          </button>
          <span className="ml-2 text-sm text-stone-600">Its entries are kept, outside any collection.</span>
        </PostForm>
      ) : null}
    </div>
  );
}

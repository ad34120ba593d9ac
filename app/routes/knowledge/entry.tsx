/** /knowledge/:entryId — see an entry and its embedding state; edit, re-embed or delete it. */
import { redirect } from "react-router";
import { FormErrors, SubmitButton } from "~/components/form";
import { notFound, requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import {
  checkEntryPlacement,
  deleteEntry,
  mayMovePlacement,
  retryEmbedding,
  updateEntry,
} from "~/lib/knowledge/entries";
import { entryFormDefaults, entrySchema, entryValuesFromSubmission } from "~/lib/knowledge/entry-form";
import { invalid, invalidWith, parseSubmission } from "~/lib/forms";
import { parseJsonObject } from "~/lib/json";
import { parseWorldInfoSettings } from "~/lib/world-info/settings";
import { batch } from "#db/batch";
import { atLeast, findEntryForViewer, ownBotsQuery, ownCollectionsQuery } from "#db/queries/knowledge";
import { EntryFields, VectorStatusBadge } from "./entry-fields";
import type { Route } from "./+types/entry";
import { plural } from "~/lib/format/plural";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `${loaderData?.entry.title ?? "Knowledge entry"} · BotCafe` }];
}

async function loadEntry(args: {
  request: Request;
  context: Route.LoaderArgs["context"];
  params: { entryId: string };
}) {
  const user = requireUser(args);
  const { db } = getApp(args.context);
  const found = await findEntryForViewer(db, args.params.entryId.slice(0, 64), user);
  if (!found) notFound("We could not find that knowledge entry.");
  return { user, ...found };
}

export async function loader(args: Route.LoaderArgs) {
  const { user, entry, access } = await loadEntry(args);
  const { db, env } = getApp(args.context);
  const canEdit = atLeast(access, "edit");
  const canMove = canEdit && mayMovePlacement(user.id, entry.created_by_id, access);
  // The choices are the entry owner's bots and collections (whoever is editing): it never moves out of their reach.
  const [bots, collections] = canMove
    ? await batch(env.DB, [ownBotsQuery(db, entry.created_by_id), ownCollectionsQuery(db, entry.created_by_id)])
    : [[], []];
  // Keep the current bot/collection selectable (or shown, when it is locked) whoever edits.
  if (entry.bot_id && entry.bot_name && !bots.some((b) => b.id === entry.bot_id))
    bots.unshift({ id: entry.bot_id, name: entry.bot_name });
  if (entry.collection_id && entry.collection_name && !collections.some((c) => c.id === entry.collection_id))
    collections.unshift({
      id: entry.collection_id,
      name: entry.collection_name,
      is_public: entry.collection_public ?? 0,
    });
  const embedding = parseJsonObject<{ chunk_count: number; model: string; dimensions: number }>(
    entry.embedding_metadata,
  );
  return {
    entry: { ...entry, entry_grant: undefined, collection_grant: undefined, created_by_id: undefined },
    embedding,
    canEdit,
    canMove,
    canDelete: atLeast(access, "admin"),
    defaults: entryFormDefaults(entry, parseWorldInfoSettings(entry.world_info)),
    bots,
    collections,
  };
}

export async function action(args: Route.ActionArgs) {
  const { user, entry, access } = await loadEntry(args);
  const app = getApp(args.context);
  const ctx = { ...app, d1: app.env.DB };
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (!atLeast(access, "edit")) notFound("We could not find that knowledge entry.");

  if (intent === "delete") {
    if (!atLeast(access, "admin")) notFound("We could not find that knowledge entry.");
    await deleteEntry(ctx, entry.id);
    throw redirect("/knowledge");
  }
  if (intent === "retry") {
    if (entry.content_type !== "world_info") await retryEmbedding(ctx, entry.id);
    throw redirect(`/knowledge/${entry.id}`);
  }

  const submission = parseSubmission(formData, entrySchema);
  if (submission.status === "invalid") return invalid(submission);
  const value = submission.value;
  // Keeping the entry's current bot/collection is always allowed; moving it needs owner or admin access.
  const ownership = await checkEntryPlacement(app.db, app.env.DB, entry, value, {
    id: user.id,
    mayMove: mayMovePlacement(user.id, entry.created_by_id, access),
  });
  if (Object.keys(ownership).length > 0) return invalidWith(submission.values, ownership);
  await updateEntry(ctx, entry.id, entryValuesFromSubmission(value, parseWorldInfoSettings(entry.world_info)));
  throw redirect(`/knowledge/${entry.id}`);
}

export default function EntryPage({ loaderData, actionData }: Route.ComponentProps) {
  const { entry, embedding, canEdit, canMove, canDelete, defaults, bots, collections } = loaderData;
  const isWorldInfo = entry.content_type === "world_info";
  return (
    <div className="mx-auto max-w-2xl">
      <p>
        <a href="/knowledge" className="text-sm text-brand-700 underline">
          ← Knowledge
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{entry.title}</h1>
      <p className="mt-1 text-sm text-stone-600">
        {entry.content_type.replace("_", " ")} · {entry.priority} priority
        {entry.bot_name ? ` · bot: ${entry.bot_name}` : ""}
        {entry.collection_name ? ` · collection: ${entry.collection_name}` : ""}
        {isWorldInfo && entry.bot_id && canEdit ? (
          <>
            {" · "}
            <a href={`/knowledge/lorebooks/${entry.bot_id}`} className="text-brand-700 underline">
              Lorebook settings
            </a>
          </>
        ) : null}
      </p>

      <section aria-labelledby="embedding-heading" className="mt-4 rounded border border-stone-200 bg-white p-4">
        <h2 id="embedding-heading" className="font-semibold">
          Retrieval status
        </h2>
        <p className="mt-1">
          <VectorStatusBadge status={entry.vector_status} contentType={entry.content_type} />{" "}
          {isWorldInfo ? (
            <span className="text-sm text-stone-700">
              World info is added to the prompt when its keys appear in the recent messages; it is not embedded.
            </span>
          ) : entry.vector_status === "done" ? (
            <span className="text-sm text-stone-700">
              {plural(Number(embedding.chunk_count ?? entry.chunk_count ?? 0), { one: "chunk", other: "chunks" })},{" "}
              {embedding.model ?? entry.vector_model}, {embedding.dimensions} dimensions.
            </span>
          ) : entry.vector_status === "failed" ? (
            <span className="text-sm text-red-800">{entry.vector_error}</span>
          ) : (
            <span className="text-sm text-stone-700">Embedding runs in the background; reload to see it finish.</span>
          )}
        </p>
        {canEdit && !isWorldInfo ? (
          <PostForm className="mt-2">
            <button
              type="submit"
              name="intent"
              value="retry"
              className="rounded border border-brand-700 px-3 py-1 text-sm text-brand-700 hover:bg-brand-50"
            >
              {entry.vector_status === "failed" ? "Retry embedding" : "Embed again"}
            </button>
          </PostForm>
        ) : null}
      </section>

      {canEdit ? (
        <section aria-labelledby="edit-heading" className="mt-6">
          <h2 id="edit-heading" className="text-lg font-semibold">
            Edit
          </h2>
          <PostForm className="mt-2 rounded border border-stone-200 bg-white p-4" noValidate>
            <FormErrors state={actionData} />
            <EntryFields
              defaults={defaults}
              state={actionData}
              bots={bots}
              collections={collections}
              placementLocked={!canMove}
            />
            <div className="mt-4">
              <SubmitButton value="save">Save changes</SubmitButton>
            </div>
          </PostForm>
        </section>
      ) : (
        <section aria-labelledby="content-heading" className="mt-6">
          <h2 id="content-heading" className="text-lg font-semibold">
            Content
          </h2>
          <div className="mt-2 whitespace-pre-wrap rounded border border-stone-200 bg-white p-4">{entry.content}</div>
          {entry.source_url ? (
            <p className="mt-2 text-sm">
              Source:{" "}
              <a href={entry.source_url} rel="noopener noreferrer nofollow" className="text-brand-700 underline">
                {entry.source_url}
              </a>
            </p>
          ) : null}
        </section>
      )}

      {canDelete ? (
        <p className="mt-6">
          <a href={`/share/knowledge/${entry.id}`} className="text-brand-700 underline">
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
            Delete this entry
          </button>
        </PostForm>
      ) : null}
    </div>
  );
}

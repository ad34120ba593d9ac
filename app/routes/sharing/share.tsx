/** /share/:type/:resourceId — share a bot, knowledge entry or collection by email at view,
 * edit or admin level; list and revoke grants. Only people with admin access to the
 * resource (its owner, a site admin, an admin-level grantee) see this page; to anyone else
 * it is a 404, like the resource itself. Sharing answers the same whether or not the
 * email has an account ("If that account exists, …"). */
import { redirect } from "react-router";
import { z } from "zod";
import { batch } from "#db/batch";
import { findCollectionForViewer, findEntryForViewer } from "#db/queries/knowledge";
import type { DB } from "#db/schema";
import { FormErrors, SelectField, TextField, type FormState } from "~/components/form";
import { notFound, requireUser } from "~/lib/auth/guards";
import type { CurrentUser } from "~/lib/auth/user";
import { canShareBot } from "~/lib/bots/access";
import { getApp } from "~/lib/context";
import { formField, invalid, invalidWith, parseSubmission } from "~/lib/forms";
import {
  grantsOn,
  LEVEL_LABELS,
  PERMISSION_LEVELS,
  RESOURCE_TYPES,
  revokeGrant,
  shareByEmail,
  type ResourceType,
} from "~/lib/sharing/grants";
import type { Route } from "./+types/share";
import { PostForm } from "~/components/post-form";

export function meta({ loaderData }: Route.MetaArgs) {
  return [{ title: `Sharing ${loaderData?.resource.name ?? ""} · BotCafe` }];
}

interface Shareable {
  type: ResourceType;
  id: string;
  name: string;
  ownerId: string;
  link: string;
}

/** The resource if this user may manage its grants; otherwise a 404. */
async function shareable(db: DB, d1: D1Database, user: CurrentUser, type: string, id: string): Promise<Shareable> {
  if (!RESOURCE_TYPES.includes(type as ResourceType) || id.length > 100) notFound();
  if (type === "bot") {
    const [[bot], grants] = await batch(d1, [
      db.selectFrom("bots").select(["id", "name", "slug", "created_by_id"]).where("id", "=", id),
      db
        .selectFrom("access_control")
        .select("permission_level")
        .where("resource_type", "=", "bot")
        .where("resource_id", "=", id)
        .where("user_id", "=", user.id),
    ]);
    if (!bot || !canShareBot(user, bot, grants[0]?.permission_level)) notFound("We could not find that bot.");
    return { type, id, name: bot.name, ownerId: bot.created_by_id, link: `/bots/${bot.slug}` };
  }
  if (type === "knowledge") {
    const found = await findEntryForViewer(db, id, user);
    if (!found || found.access !== "admin") notFound("We could not find that entry.");
    return { type, id, name: found.entry.title, ownerId: found.entry.created_by_id, link: `/knowledge/${id}` };
  }
  const found = await findCollectionForViewer(db, id, user);
  if (!found || found.access !== "admin") notFound("We could not find that collection.");
  return {
    type: "collection",
    id,
    name: found.collection.name,
    ownerId: found.collection.created_by_id,
    link: `/knowledge/collections/${id}`,
  };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const resource = await shareable(db, env.DB, user, params.type, params.resourceId);
  const grants = await grantsOn(db, resource.type, resource.id).execute();
  return { resource, grants, done: new URL(request.url).searchParams.get("done") };
}

const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("share"),
      email: formField.email(),
      level: z.enum(PERMISSION_LEVELS, { error: "Pick a level." }),
    }),
    z.object({ intent: z.literal("revoke"), grantId: z.string().min(1).max(100) }),
  ],
  { error: "Unknown action." },
);

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const { db, env } = getApp(context);
  const resource = await shareable(db, env.DB, user, params.type, params.resourceId);
  const submission = parseSubmission(await request.formData(), schema);
  if (submission.status === "invalid") return invalid(submission);
  const input = submission.value;
  if (input.intent === "revoke") {
    await revokeGrant(db, { type: resource.type, resourceId: resource.id, grantId: input.grantId });
  } else {
    const result = await shareByEmail(db, env.DB, {
      type: resource.type,
      resourceId: resource.id,
      ownerId: resource.ownerId,
      email: input.email,
      level: input.level,
      grantedBy: user.id,
      grantedByEmail: user.email,
      resourceName: resource.name,
      link: resource.link,
    });
    if (!result.ok) return invalidWith(submission.values, { email: [result.error] });
  }
  throw redirect(`/share/${resource.type}/${resource.id}?done=${input.intent}`, 303);
}

const TYPE_LABELS: Record<ResourceType, string> = {
  bot: "bot",
  knowledge: "knowledge entry",
  collection: "collection",
};

export default function Share({ loaderData, actionData }: Route.ComponentProps) {
  const { resource, grants, done } = loaderData;
  const state = actionData as FormState | undefined;
  return (
    <div className="max-w-2xl">
      <p className="text-sm">
        <a href={resource.link} className="text-brand-700 underline">
          ← {resource.name}
        </a>
      </p>
      <h1 className="mt-2 text-2xl font-bold break-words">Sharing: {resource.name}</h1>
      <p className="mt-1 text-stone-700">
        People you share this {TYPE_LABELS[resource.type]} with can use it even when it is private.
      </p>
      {done ? (
        <p role="status" className="mt-3 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          {done === "share"
            ? "If that account exists, it is shared with them now and they were notified."
            : "Access removed."}
        </p>
      ) : null}
      <PostForm className="mt-4 rounded border border-stone-200 bg-white p-4" noValidate>
        <FormErrors state={state} />
        <TextField
          label="Their email"
          name="email"
          type="email"
          state={state}
          required
          maxLength={254}
          autoComplete="off"
        />
        <SelectField
          label="Access"
          name="level"
          state={state}
          defaultValue="view"
          options={PERMISSION_LEVELS.map((level) => ({ value: level, label: LEVEL_LABELS[level] }))}
        />
        <button
          type="submit"
          name="intent"
          value="share"
          className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900"
        >
          Share
        </button>
      </PostForm>
      <h2 className="mt-6 text-lg font-semibold">Shared with</h2>
      {grants.length === 0 ? (
        <p className="mt-1 text-stone-700">Nobody yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-stone-200 rounded border border-stone-200 bg-white">
          {grants.map((grant) => (
            <li key={grant.id} className="flex flex-wrap items-center gap-3 p-3">
              <span className="mr-auto break-all">{grant.email}</span>
              <span className="text-sm text-stone-700">{grant.permission_level}</span>
              <PostForm>
                <input type="hidden" name="grantId" value={grant.id} />
                <button
                  type="submit"
                  name="intent"
                  value="revoke"
                  className="rounded border border-stone-300 bg-white px-3 py-1 text-sm hover:bg-stone-100"
                >
                  Remove <span className="sr-only">{grant.email}</span>
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

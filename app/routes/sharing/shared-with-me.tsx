/** /shared — what others have shared with me (bots, knowledge entries, collections): the
 * kind, the name, the owner by their public creator name (never a private display name)
 * and my level, each linking to the thing. Only my own grants are read. */
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { LEVEL_LABELS, sharedWithMe, type PermissionLevel, type ResourceType } from "~/lib/sharing/grants";
import type { Route } from "./+types/shared-with-me";

export function meta() {
  return [{ title: "Shared with me · BotCafe" }];
}

const TYPE_LABELS: Record<ResourceType, string> = {
  bot: "Bot",
  knowledge: "Knowledge entry",
  collection: "Collection",
};

function linkFor(type: ResourceType, id: string, slug: string | null): string {
  if (type === "bot") return `/bots/${slug ?? id}`;
  return type === "knowledge" ? `/knowledge/${id}` : `/knowledge/collections/${id}`;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const rows = await sharedWithMe(getApp(context).db, user.id).execute();
  return {
    items: rows.map((r) => {
      const type = r.resource_type as ResourceType;
      return {
        id: r.id,
        type: TYPE_LABELS[type] ?? r.resource_type,
        name: r.name ?? "",
        href: linkFor(type, r.resource_id, r.slug),
        owner: r.owner_username
          ? {
              name: r.owner_name || r.owner_username,
              href: `/creators/${r.owner_username}`,
              username: r.owner_username,
            }
          : null,
        level: LEVEL_LABELS[r.permission_level as PermissionLevel] ?? r.permission_level,
      };
    }),
  };
}

export default function SharedWithMe({ loaderData }: Route.ComponentProps) {
  const { items } = loaderData;
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-bold">Shared with me</h1>
      <p className="mt-1 text-stone-700">
        Bots, knowledge and collections other people have shared with you, even when they are private.
      </p>
      {items.length === 0 ? (
        <p className="mt-4 text-stone-700">Nothing has been shared with you yet.</p>
      ) : (
        <ul className="mt-4 divide-y divide-stone-200 rounded border border-stone-200 bg-white">
          {items.map((item) => (
            <li key={item.id} className="p-3">
              <p className="text-sm text-stone-600">{item.type}</p>
              <a href={item.href} className="font-medium break-words text-brand-700 underline">
                {item.name}
              </a>
              <p className="text-sm text-stone-700">
                {item.owner ? (
                  <>
                    From{" "}
                    <a href={item.owner.href} className="underline">
                      {item.owner.name}
                    </a>{" "}
                    (@{item.owner.username}) ·{" "}
                  </>
                ) : null}
                {item.level}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

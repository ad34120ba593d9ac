import type { BotCardRow } from "#db/queries/bots";
import { botDisplayText } from "~/lib/bots/display-text";
import { plural } from "~/lib/format/plural";
import { parseJsonArray } from "~/lib/json";
import { Portrait } from "./portrait";

export function BotCard({ bot }: { bot: BotCardRow }) {
  const tags = parseJsonArray(bot.tags).slice(0, 4);
  return (
    <article className="flex min-w-0 gap-3 rounded-lg border border-stone-200 bg-white p-3">
      {bot.avatar_url ? (
        <img
          src={bot.avatar_url}
          alt={bot.avatar_alt ?? ""}
          width={56}
          height={56}
          loading="lazy"
          className="h-14 w-14 flex-none rounded-full object-cover"
        />
      ) : (
        <Portrait seed={bot.name} size={56} />
      )}
      <div className="min-w-0 wrap-anywhere">
        <h3 className="font-semibold">
          <a href={`/bots/${bot.slug}`} className="text-brand-700 hover:underline">
            {bot.name}
          </a>
        </h3>
        <p className="text-sm text-stone-600">by {bot.creator_name ?? "a BotCafe creator"}</p>
        <p className="mt-1 line-clamp-2 break-words text-sm">{botDisplayText(bot.description, bot.name)}</p>
        <p className="mt-1 text-xs text-stone-600">
          {plural(bot.conversation_count, { one: "chat", other: "chats" })} ·{" "}
          {plural(bot.likes_count, { one: "like", other: "likes" })}
          {bot.rating !== null ? ` · ${bot.rating.toFixed(1)}★` : ""}
        </p>
        {tags.length > 0 ? (
          <ul className="mt-1 flex flex-wrap gap-1" aria-label="Tags">
            {tags.map((tag) => (
              <li key={tag} className="rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">
                {tag}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </article>
  );
}

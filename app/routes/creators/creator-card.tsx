/** A creator in a list (directory, following): avatar, name, badges, specialties. */
import type { CreatorCardRow } from "#db/queries/creators";
import { Portrait } from "~/components/portrait";
import { parseJsonArray } from "~/lib/json";

export function CreatorAvatar({ url, name, size }: { url: string | null; name: string; size: number }) {
  return url ? (
    <img
      src={url}
      alt=""
      width={size}
      height={size}
      loading="lazy"
      className="flex-none rounded-full object-cover"
      style={{ width: size, height: size }}
    />
  ) : (
    <Portrait seed={name} size={size} />
  );
}

export function Badges({ profile }: { profile: { is_verified: 0 | 1; is_premium: 0 | 1; is_featured: 0 | 1 } }) {
  const badges = [
    profile.is_verified ? "Verified" : null,
    profile.is_premium ? "Premium" : null,
    profile.is_featured ? "Featured" : null,
  ].filter((b): b is string => b !== null);
  if (badges.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Badges">
      {badges.map((badge) => (
        <li key={badge} className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
          {badge === "Verified" ? "✓ " : ""}
          {badge}
        </li>
      ))}
    </ul>
  );
}

export function CreatorCard({ creator }: { creator: CreatorCardRow }) {
  const name = creator.display_name || creator.username;
  const specialties = parseJsonArray(creator.specialties).slice(0, 4);
  return (
    <article className="flex gap-3 rounded-lg border border-stone-200 bg-white p-3">
      <CreatorAvatar url={creator.avatar_url} name={name} size={56} />
      <div className="min-w-0">
        <h3 className="font-semibold">
          <a href={`/creators/${creator.username}`} className="text-brand-700 hover:underline">
            {name}
          </a>
        </h3>
        <p className="text-sm text-stone-600">
          @{creator.username} · {creator.follower_count.toLocaleString("en")}{" "}
          {creator.follower_count === 1 ? "follower" : "followers"}
        </p>
        <div className="mt-1">
          <Badges profile={creator} />
        </div>
        {creator.bio ? <p className="mt-1 line-clamp-2 text-sm">{creator.bio}</p> : null}
        {specialties.length > 0 ? (
          <ul className="mt-1 flex flex-wrap gap-1" aria-label="Specialties">
            {specialties.map((s) => (
              <li key={s} className="rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-700">
                {s}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </article>
  );
}

/** Links to the creator pages that are not in the main navigation. */
export function CreatorToolsNav() {
  const links = [
    ["/creators", "Directory"],
    ["/following", "Following"],
    ["/my/profile", "My creator profile"],
    ["/my/dashboard", "Dashboard"],
    ["/programs", "Creator programs"],
  ] as const;
  return (
    <nav aria-label="Creator pages" className="mb-4 text-sm">
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href} className="text-brand-700 underline-offset-2 hover:underline">
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

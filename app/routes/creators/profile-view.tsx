/** A creator profile as the public sees it: used by the profile page and by the owner's
 * preview on /my/profile, so the preview cannot drift from the real thing. */
import type { ReactNode } from "react";
import type { CreatorProfileRow } from "#db/queries/creators";
import { readSocialLinks } from "~/lib/creators/profile-form";
import { parseJsonArray } from "~/lib/json";
import { Badges, CreatorAvatar } from "./creator-card";

const EXPERIENCE_LABELS = { beginner: "Beginner", intermediate: "Intermediate", expert: "Expert" } as const;

export function ProfileView({
  profile,
  followSlot,
  children,
}: {
  profile: CreatorProfileRow;
  followSlot?: ReactNode;
  children?: ReactNode;
}) {
  const name = profile.display_name || profile.username;
  const specialties = parseJsonArray(profile.specialties);
  const links = readSocialLinks(profile.social_links);
  return (
    <article aria-labelledby="creator-name">
      <div className="overflow-hidden rounded-xl border border-stone-200 bg-white">
        {profile.cover_url ? (
          <img src={profile.cover_url} alt="" width={960} height={240} className="h-32 w-full object-cover sm:h-48" />
        ) : (
          <div aria-hidden="true" className="h-16 bg-gradient-to-r from-brand-100 to-amber-100 sm:h-24" />
        )}
        <div className="flex flex-wrap items-start gap-4 p-4">
          <CreatorAvatar url={profile.avatar_url} name={name} size={80} />
          {/* A basis of its own (flex-1 alone sets it to 0): at 360 px the name moves under the
              avatar instead of being squeezed into one letter per line. */}
          <div className="min-w-0 flex-1 basis-48">
            <h1 id="creator-name" className="text-2xl font-bold">
              {name}
            </h1>
            <p className="text-stone-600">@{profile.username}</p>
            <div className="mt-1">
              <Badges profile={profile} />
            </div>
            <p className="mt-2 text-sm text-stone-700">
              <strong>{profile.follower_count.toLocaleString("en")}</strong>{" "}
              {profile.follower_count === 1 ? "follower" : "followers"} ·{" "}
              <strong>{profile.following_count.toLocaleString("en")}</strong> following
              {profile.experience_level ? <> · {EXPERIENCE_LABELS[profile.experience_level]} creator</> : null}
            </p>
          </div>
          {followSlot}
        </div>
      </div>

      <div className="mt-6 grid gap-6 md:grid-cols-3">
        <div className="space-y-4 md:col-span-1">
          {profile.bio ? (
            <section aria-labelledby="about">
              <h2 id="about" className="text-lg font-semibold">
                About
              </h2>
              <p className="mt-1 whitespace-pre-line">{profile.bio}</p>
            </section>
          ) : null}
          {specialties.length > 0 ? (
            <section aria-labelledby="specialties">
              <h2 id="specialties" className="text-lg font-semibold">
                Specialties
              </h2>
              <ul className="mt-1 flex flex-wrap gap-1">
                {specialties.map((s) => (
                  <li key={s} className="rounded bg-stone-100 px-2 py-0.5 text-sm text-stone-800">
                    {s}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {links.length > 0 ? (
            <section aria-labelledby="links">
              <h2 id="links" className="text-lg font-semibold">
                Links
              </h2>
              <ul className="mt-1 space-y-1">
                {links.map((link) => (
                  <li key={link.key}>
                    <a href={link.url} rel="nofollow noopener ugc" className="text-brand-700 underline">
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {profile.accepts_commissions ? (
            <section aria-labelledby="commissions" className="rounded border border-emerald-200 bg-emerald-50 p-3">
              <h2 id="commissions" className="text-lg font-semibold text-emerald-900">
                Open for commissions
              </h2>
              {profile.commission_info ? (
                <p className="mt-1 whitespace-pre-line text-sm">{profile.commission_info}</p>
              ) : null}
            </section>
          ) : null}
          <p className="text-sm">
            <a href={`/creators/${profile.username}/feed.xml`} className="text-brand-700 underline">
              Atom feed of new bots
            </a>
          </p>
        </div>
        <div className="md:col-span-2">{children}</div>
      </div>
    </article>
  );
}

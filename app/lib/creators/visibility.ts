/**
 * Who may see a creator profile. public: listed and reachable; unlisted: reachable by
 * link but never listed; private: only its owner and staff. Everyone else gets the same
 * 404 as for a profile that does not exist, so a private profile's existence is not leaked.
 */
import type { Role, Visibility } from "#db/schema";

export interface Viewer {
  id: string;
  role: Role;
}

export function isStaff(viewer: Viewer | null): boolean {
  return viewer?.role === "admin" || viewer?.role === "support";
}

export function canViewProfile(profile: { user_id: string; visibility: Visibility }, viewer: Viewer | null): boolean {
  if (profile.visibility !== "private") return true;
  return viewer !== null && (viewer.id === profile.user_id || isStaff(viewer));
}

export const VISIBILITY_CHOICES: { value: Visibility; label: string }[] = [
  { value: "public", label: "Public — listed in the creators directory" },
  { value: "unlisted", label: "Unlisted — anyone with the link, not listed" },
  { value: "private", label: "Private — only you (and BotCafe staff)" },
];

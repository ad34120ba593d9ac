/** IDOR entries: creator profiles, follows, dashboard, programs (app/routes/creators/routes.ts). */
import type { RouteEntry } from "./types";

export const creatorEntries: RouteEntry[] = [
  { route: "routes/creators/directory", access: "public", path: () => "/creators" },
  // A private profile is 404 to everyone but its owner, and cannot be followed.
  {
    route: "routes/creators/profile",
    access: "owner",
    path: (f) => `/creators/${f.creatorUsername}`,
    signedOut: 404,
    posts: [{ label: "follow", fields: () => ({ intent: "follow" }) }],
  },
  // Feeds exist for public profiles only: a private one has none, for anyone.
  {
    route: "routes/creators/feed",
    access: "public",
    path: (f) => `/creators/${f.creatorUsername}/feed.xml`,
    status: 404,
    signedOut: 404,
  },
  { route: "routes/creators/following", access: "signed-in", path: () => "/following" },
  { route: "routes/creators/my-profile", access: "signed-in", path: () => "/my/profile" },
  { route: "routes/creators/dashboard", access: "signed-in", path: () => "/my/dashboard" },
  { route: "routes/creators/programs", access: "public", path: () => "/programs" },
];

/** IDOR entries: share pages (app/routes/support/routes.ts, `share/:type/:resourceId`). Only
 * people with admin access to the resource see them: Alice's page (her grants to Carol,
 * with a revoke form each, and the share form) is a 404 to Bob, GET and every POST. */
import type { RouteEntry } from "./types";

export const sharingEntries: RouteEntry[] = [
  { route: "routes/sharing/share", access: "owner", path: (f) => `/share/bot/${f.privateBot.id}` },
  { route: "routes/sharing/share", access: "owner", path: (f) => `/share/knowledge/${f.knowledge}` },
  {
    route: "routes/sharing/share",
    access: "owner",
    path: (f) => `/share/collection/${f.collection}`,
    // Bob sharing Alice's collection with himself: refused before the email is looked at.
    posts: [
      {
        label: "share Alice's collection with myself as admin",
        fields: () => ({ intent: "share", email: "bob@example.com", level: "admin" }),
      },
    ],
  },
  // What others shared with me: Bob's own list, which holds none of Alice's grants to Carol.
  { route: "routes/sharing/shared-with-me", access: "signed-in", path: () => "/shared" },
];

/** IDOR entries: support tickets and notifications (app/routes/support/routes.ts). */
import type { RouteEntry } from "./types";

export const supportEntries: RouteEntry[] = [
  { route: "routes/support/index", access: "signed-in", path: () => "/support" },
  {
    route: "routes/support/new",
    access: "signed-in",
    path: () => "/support/new",
    posts: [
      {
        label: "attaching another user's conversation",
        fields: (f) => ({
          subject: "Help",
          description: "Please look",
          category: "other",
          conversationId: f.conversation,
        }),
      },
    ],
  },
  { route: "routes/support/ticket", access: "owner", path: (f) => `/support/${f.ticket}` },
  {
    route: "routes/support/notifications",
    access: "signed-in",
    path: () => "/notifications",
    posts: [
      { label: "mark another user's notification read", fields: (f) => ({ intent: "read", id: f.notification }) },
    ],
  },
];

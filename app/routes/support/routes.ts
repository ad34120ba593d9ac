import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** Support for users: my tickets, a new ticket, one ticket's thread; my notifications;
 * sharing what I own. */
export const supportRoutes: RouteConfigEntry[] = [
  route("support", "routes/support/index.tsx"),
  route("support/new", "routes/support/new.tsx"),
  route("support/:ticketId", "routes/support/ticket.tsx"),
  route("notifications", "routes/support/notifications.tsx"),
  // Sharing (access_control) for bots, knowledge entries and collections.
  route("share/:type/:resourceId", "routes/sharing/share.tsx"),
  route("shared", "routes/sharing/shared-with-me.tsx"),
];

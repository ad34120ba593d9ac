import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** Bots: explore, one bot, create/edit/delete, character cards, my bots, content settings. */
export const botRoutes: RouteConfigEntry[] = [
  route("bots", "routes/bots/explore.tsx"),
  route("bots/new", "routes/bots/new.tsx"),
  route("bots/import", "routes/bots/import.tsx"),
  route("bots/:slug", "routes/bots/bot.tsx"),
  route("bots/:slug/edit", "routes/bots/edit.tsx"),
  route("bots/:slug/delete", "routes/bots/delete.tsx"),
  route("bots/:slug/import-report", "routes/bots/import-report.tsx"),
  route("bots/:slug/card/:format", "routes/bots/card-export.ts"),
  route("my/bots", "routes/bots/my-bots.tsx"),
  route("settings/content", "routes/bots/settings-content.tsx"),
];

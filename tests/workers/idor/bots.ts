/** IDOR entries: bots, character cards, content settings (app/routes/bots/routes.ts). */
import type { RouteEntry } from "./types";

export const botEntries: RouteEntry[] = [
  { route: "routes/bots/explore", access: "public", path: () => "/bots" },
  { route: "routes/bots/new", access: "signed-in", path: () => "/bots/new" },
  { route: "routes/bots/import", access: "signed-in", path: () => "/bots/import" },
  // A private bot: its page and every interaction with it are 404 to anyone but its creator.
  {
    route: "routes/bots/bot",
    access: "owner",
    path: (f) => `/bots/${f.privateBot.slug}`,
    signedOut: 404,
    posts: [
      { label: "like", fields: () => ({ intent: "like", state: "on" }) },
      { label: "report", fields: () => ({ intent: "report", reason: "spam", details: "x" }) },
    ],
  },
  { route: "routes/bots/bot", access: "public", path: (f) => `/bots/${f.publicBot.slug}` },
  { route: "routes/bots/edit", access: "owner", path: (f) => `/bots/${f.privateBot.slug}/edit` },
  {
    route: "routes/bots/edit",
    access: "owner",
    path: (f) => `/bots/${f.publicBot.slug}/edit`,
    posts: [{ label: "rename", fields: () => ({ name: "Hijacked" }) }],
  },
  { route: "routes/bots/delete", access: "owner", path: (f) => `/bots/${f.publicBot.slug}/delete` },
  { route: "routes/bots/import-report", access: "owner", path: (f) => `/bots/${f.importedBot.slug}/import-report` },
  { route: "routes/bots/card-export", access: "owner", path: (f) => `/bots/${f.privateBot.slug}/card/v2.json` },
  { route: "routes/bots/card-export", access: "owner", path: (f) => `/bots/${f.publicBot.slug}/card/v3.json` },
  { route: "routes/bots/my-bots", access: "signed-in", path: () => "/my/bots" },
  { route: "routes/bots/settings-content", access: "signed-in", path: () => "/settings/content" },
];

/** IDOR entries: help center and tutorials (app/routes/help/routes.ts). */
import type { RouteEntry } from "./types";

export const helpEntries: RouteEntry[] = [
  { route: "routes/help/index", access: "public", path: () => "/help" },
  // The search must not surface an unpublished article either.
  { route: "routes/help/index", access: "public", path: () => "/help?q=unpublished" },
  { route: "routes/help/article", access: "public", path: (f) => `/help/${f.helpArticle}` },
  // An unpublished article is no one's page (staff edit it in the console).
  {
    route: "routes/help/article",
    access: "public",
    path: (f) => `/help/${f.draftArticle}`,
    status: 404,
    signedOut: 404,
  },
  { route: "routes/help/tutorials", access: "public", path: () => "/tutorials" },
  { route: "routes/help/tutorial", access: "public", path: (f) => `/tutorials/${f.tutorial}` },
];

import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** Help center and tutorials (issue 10). */
export const helpRoutes: RouteConfigEntry[] = [
  route("help", "routes/help/index.tsx"),
  route("help/:slug", "routes/help/article.tsx"),
  route("tutorials", "routes/help/tutorials.tsx"),
  route("tutorials/:tutorialId", "routes/help/tutorial.tsx"),
];

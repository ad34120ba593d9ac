import { route, type RouteConfigEntry } from "@react-router/dev/routes";

export const creatorRoutes: RouteConfigEntry[] = [
  route("creators", "routes/creators/directory.tsx"),
  route("creators/:username", "routes/creators/profile.tsx"),
  route("creators/:username/feed.xml", "routes/creators/feed.ts"),
  route("following", "routes/creators/following.tsx"),
  route("my/profile", "routes/creators/my-profile.tsx"),
  route("my/dashboard", "routes/creators/dashboard.tsx"),
  route("programs", "routes/creators/programs.tsx"),
];

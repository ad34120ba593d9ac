import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** The signed-in person's account: profile, sessions, data export, deletion (issue 10). */
export const accountRoutes: RouteConfigEntry[] = [
  route("account", "routes/account/index.tsx"),
  route("account/export", "routes/account/export.tsx"),
  route("account/export/download", "routes/account/export-download.ts"),
  route("account/delete", "routes/account/delete.tsx"),
  route("settings", "routes/account/settings-alias.tsx"),
];

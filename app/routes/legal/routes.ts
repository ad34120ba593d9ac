import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** Legal documents, their versions and diffs, and the acceptance step (issue 10). */
export const legalRoutes: RouteConfigEntry[] = [
  route("legal", "routes/legal/index.tsx"),
  route("legal/accept", "routes/legal/accept.tsx"),
  route("legal/:type", "routes/legal/document.tsx"),
  route("legal/:type/versions", "routes/legal/versions.tsx"),
  route("legal/:type/versions/:version", "routes/legal/version.tsx"),
  route("terms", "routes/legal/alias.tsx", { id: "legal-alias-terms" }),
  route("privacy", "routes/legal/alias.tsx", { id: "legal-alias-privacy" }),
];

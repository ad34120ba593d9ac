/** IDOR entries: legal documents, versions, the acceptance step (app/routes/legal/routes.ts). */
import type { RouteEntry } from "./types";

export const legalEntries: RouteEntry[] = [
  { route: "routes/legal/index", access: "public", path: () => "/legal" },
  // Nothing is pending for Bob (he accepted the terms in force), so the page sends him on.
  { route: "routes/legal/accept", access: "signed-in", path: () => "/legal/accept", status: 302 },
  { route: "routes/legal/document", access: "public", path: () => "/legal/terms" },
  // No privacy policy is published in the fixture.
  { route: "routes/legal/document", access: "public", path: () => "/legal/privacy", status: 404, signedOut: 404 },
  { route: "routes/legal/versions", access: "public", path: () => "/legal/terms/versions" },
  { route: "routes/legal/version", access: "public", path: (f) => `/legal/terms/versions/${f.legalVersion}` },
  // Old paths, kept as permanent redirects to /legal/<type>.
  { route: "legal-alias-terms", access: "public", path: () => "/terms", status: 301, signedOut: 301 },
  { route: "legal-alias-privacy", access: "public", path: () => "/privacy", status: 301, signedOut: 301 },
];

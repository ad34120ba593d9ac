/** IDOR entries: the staff console (app/routes/staff/routes.ts). Bob is a plain user. */
import type { RouteEntry } from "./types";

export const staffEntries: RouteEntry[] = [
  { route: "routes/staff/home", access: "staff", path: () => "/staff" },
  { route: "routes/staff/tickets", access: "staff", path: () => "/staff/tickets" },
  {
    route: "routes/staff/ticket",
    access: "staff",
    path: (f) => `/staff/tickets/${f.ticket}`,
    posts: [
      { label: "reply", fields: () => ({ intent: "reply", body: "hello", revision: "rev-alice" }) },
      { label: "note", fields: () => ({ intent: "note", note: "hello", revision: "rev-alice" }) },
    ],
  },
  { route: "routes/staff/reports", access: "staff", path: () => "/staff/reports" },
  { route: "routes/staff/applications", access: "staff", path: () => "/staff/applications" },
  { route: "routes/staff/creators", access: "staff", path: () => "/staff/creators" },
  {
    route: "routes/staff/users",
    access: "staff",
    path: () => "/staff/users",
    posts: [
      { label: "make myself admin", fields: (f) => ({ intent: "role", userId: f.bob, role: "admin" }) },
      { label: "suspend another user", fields: (f) => ({ intent: "suspend", userId: f.alice, note: "because" }) },
    ],
  },
  { route: "routes/staff/audit", access: "staff", path: () => "/staff/audit" },
  { route: "routes/staff/content-index", access: "staff", path: () => "/staff/content" },
  { route: "routes/staff/content-list", access: "staff", path: () => "/staff/content/docs" },
  { route: "routes/staff/content-edit", access: "staff", path: () => "/staff/content/docs/doc-idor-draft" },
  {
    route: "routes/staff/content-edit",
    access: "staff",
    path: () => "/staff/content/docs/new",
    posts: [
      {
        label: "publish a new article",
        fields: () => ({ title: "x", slug: "x", content: "x", category: "features", is_published: "on" }),
      },
    ],
  },
];

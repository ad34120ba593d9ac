import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** The staff console (support and admin; a 404 for everyone else). */
export const staffRoutes: RouteConfigEntry[] = [
  route("staff", "routes/staff/home.tsx"),
  route("staff/tickets", "routes/staff/tickets.tsx"),
  route("staff/tickets/:ticketId", "routes/staff/ticket.tsx"),
  route("staff/reports", "routes/staff/reports.tsx"),
  route("staff/applications", "routes/staff/applications.tsx"),
  route("staff/creators", "routes/staff/creators.tsx"),
  route("staff/users", "routes/staff/users.tsx"),
  route("staff/audit", "routes/staff/audit.tsx"),
  route("staff/content", "routes/staff/content-index.tsx"),
  route("staff/content/:collection", "routes/staff/content-list.tsx"),
  route("staff/content/:collection/:id", "routes/staff/content-edit.tsx"),
];

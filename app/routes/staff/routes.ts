import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** The staff console (support and admin; a 404 for everyone else). */
export const staffRoutes: RouteConfigEntry[] = [
  route("staff", "routes/staff/home.tsx"),
  route("staff/tickets", "routes/staff/tickets.tsx"),
  route("staff/tickets/:ticketId", "routes/staff/ticket.tsx"),
];

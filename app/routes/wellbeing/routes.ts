import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** Wellbeing and analytics (issue 11). Paths are relative to app/. */
export const wellbeingRoutes: RouteConfigEntry[] = [
  route("crisis", "routes/wellbeing/crisis.tsx"),
  route("wellbeing", "routes/wellbeing/index.tsx"),
  route("wellbeing/limits", "routes/wellbeing/limits.tsx"),
  route("wellbeing/mood", "routes/wellbeing/mood.tsx"),
  route("activity", "routes/wellbeing/activity.tsx"),
  route("staff/safety", "routes/wellbeing/staff-safety.tsx"),
  route("staff/safety/report/:year", "routes/wellbeing/staff-safety-report.tsx"),
  route("staff/safety/report/:year/report.csv", "routes/wellbeing/staff-safety-report-csv.ts"),
];

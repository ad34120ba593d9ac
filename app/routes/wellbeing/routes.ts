import { route, type RouteConfigEntry } from "@react-router/dev/routes";

/** Wellbeing and analytics (issue 11). Paths are relative to app/. */
export const wellbeingRoutes: RouteConfigEntry[] = [
  route("crisis", "routes/wellbeing/crisis.tsx"),
  route("wellbeing", "routes/wellbeing/index.tsx"),
  route("wellbeing/limits", "routes/wellbeing/limits.tsx"),
  route("wellbeing/mood", "routes/wellbeing/mood.tsx"),
  route("activity", "routes/wellbeing/activity.tsx"),
  route("staff/safety", "routes/wellbeing/staff-safety.tsx"),
];

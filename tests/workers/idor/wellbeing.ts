/** IDOR entries: wellbeing and analytics (app/routes/wellbeing/routes.ts). Alice has a mood
 * check-in (SECRET note), limits, a day of usage and insights on her SECRET persona and
 * chat; Bob's pages are his own. */
import type { RouteEntry } from "./types";

export const wellbeingEntries: RouteEntry[] = [
  // Public. Saving a region needs a session and only ever writes the sender's row.
  { route: "routes/wellbeing/crisis", access: "public", path: () => "/crisis" },
  // The hub only links (limits, mood, activity, crisis); it names nobody's data.
  { route: "routes/wellbeing/index", access: "public", path: () => "/wellbeing" },
  // The form has no id: it always saves the sender's limits. A userId field is ignored,
  // and an invalid submission (night mode "25:99") is refused before anything is written.
  {
    route: "routes/wellbeing/limits",
    access: "signed-in",
    path: () => "/wellbeing/limits",
    posts: [
      {
        label: "Alice's limits, invalid, naming her",
        fields: (f) => ({ userId: f.alice, user_id: f.alice, daily_limit: "1", night_mode_start: "25:99" }),
      },
    ],
  },
  {
    route: "routes/wellbeing/mood",
    access: "signed-in",
    path: () => "/wellbeing/mood",
    posts: [
      {
        label: "a check-in naming Alice, invalid",
        fields: (f) => ({ intent: "check-in", userId: f.alice, mood: "no-such-mood", intensity: "3" }),
      },
    ],
  },
  { route: "routes/wellbeing/activity", access: "signed-in", path: () => "/activity" },
  { route: "routes/wellbeing/staff-safety", access: "staff", path: () => "/staff/safety" },
  // Admins only (support staff get a 404 too: wellbeing-safety-report.test.ts).
  { route: "routes/wellbeing/staff-safety-report", access: "staff", path: () => "/staff/safety/report/2026" },
  {
    route: "routes/wellbeing/staff-safety-report-csv",
    access: "staff",
    path: () => "/staff/safety/report/2026/report.csv",
  },
];

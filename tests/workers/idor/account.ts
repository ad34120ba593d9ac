/** IDOR entries: the signed-in person's account (app/routes/account/routes.ts). */
import type { RouteEntry } from "./types";

export const accountEntries: RouteEntry[] = [
  // Bob's own profile and sessions. The action only ever changes the sender's own row and
  // sessions (revoking a session id that is not the sender's matches nothing).
  { route: "routes/account/index", access: "signed-in", path: () => "/account" },
  { route: "routes/account/export", access: "signed-in", path: () => "/account/export" },
  {
    route: "routes/account/export-download",
    access: "signed-in",
    path: () => "/account/export/download",
    status: 302, // GET goes to /account/export, for everyone
    signedOut: 302,
    // The POST is Bob's own export (200, a deflated ZIP the SECRET check cannot read); that
    // it holds none of Alice's rows is proven in tests/workers/idor-export.test.ts.
    noPost: "downloads the sender's own data (checked in idor-export.test.ts)",
  },
  {
    route: "routes/account/delete",
    access: "signed-in",
    path: () => "/account/delete",
    // A post that fails validation: the typed confirmation is not Bob's email, so nothing is
    // deleted (400), and naming Alice's id changes nothing. (Bob's own email would delete
    // Bob and break the rest of the suite; the fuzz suite sends these as Alice, so Alice's
    // email cannot be used either. The action reads only the session's user.)
    posts: [
      {
        label: "with another user's id and a wrong confirmation",
        fields: (f) => ({ intent: "delete", confirmEmail: "not-this-account@example.com", userId: f.alice }),
      },
      { label: "without the typed confirmation", fields: (f) => ({ intent: "delete", userId: f.alice }) },
    ],
  },
  { route: "routes/account/settings-alias", access: "signed-in", path: () => "/settings", status: 301, signedOut: 301 },
];

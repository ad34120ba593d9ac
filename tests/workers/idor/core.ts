/** IDOR entries: home, sign-in, media, the catch-all (app/routes.ts, app/routes/auth/routes.ts). */
import type { RouteEntry } from "./types";

export const coreEntries: RouteEntry[] = [
  { route: "routes/home", access: "public", path: () => "/" },
  {
    route: "routes/auth/sign-in",
    access: "public",
    path: () => "/sign-in",
    status: 302,
    noPost: "signs in as the email typed (local sign-in); no one else's object",
  },
  {
    route: "routes/auth/sign-out",
    access: "signed-in",
    path: () => "/sign-out",
    status: 302,
    signedOut: 302,
    noPost: "ends the sender's own session",
  },
  {
    route: "routes/media/file",
    access: "public",
    path: () => "/media/images/abcdefghij0123456789.png",
    status: 404,
    signedOut: 404,
  },
  {
    route: "routes/not-found",
    access: "public",
    path: () => "/no/such/page",
    status: 404,
    signedOut: 404,
    noPost: "the catch-all answers 404 to every POST",
  },
];

/**
 * Creator usernames: the last part of /creators/:username, so they must be URL-safe,
 * unambiguous and never collide with a page of ours. Uniqueness ignores case (the
 * column is COLLATE NOCASE); we store them lowercased.
 */
import { z } from "zod";

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
const USERNAME_PATTERN = /^[a-z0-9_-]+$/;

/** Words that name our own pages or would let someone pose as staff. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  "admin",
  "administrator",
  "api",
  "app",
  "assets",
  "billing",
  "botcafe",
  "bots",
  "chat",
  "creator",
  "creators",
  "dashboard",
  "edit",
  "explore",
  "feed",
  "following",
  "help",
  "legal",
  "media",
  "me",
  "moderator",
  "my",
  "new",
  "null",
  "official",
  "programs",
  "profile",
  "root",
  "settings",
  "sign-in",
  "sign-out",
  "staff",
  "support",
  "system",
  "undefined",
  "www",
]);

export const usernameSchema = z
  .string({ error: "Username is required." })
  .trim()
  .toLowerCase()
  .min(USERNAME_MIN, `Username must be at least ${USERNAME_MIN} characters.`)
  .max(USERNAME_MAX, `Username must be at most ${USERNAME_MAX} characters.`)
  .regex(USERNAME_PATTERN, "Use only lowercase letters, digits, underscores and hyphens.")
  .refine((name) => !RESERVED_USERNAMES.has(name), "That username is reserved. Please pick another.");

/** True when a D1 error is the UNIQUE constraint on creator_profiles.username. */
export function isUsernameTakenError(error: unknown): boolean {
  const message =
    error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
  return /UNIQUE constraint failed: creator_profiles\.username/i.test(message);
}

/**
 * The age check at sign-up. Only its outcome is stored (users.age_group), never the date
 * of birth. Under 13 may not open an account (COPPA's line, and the strictest common
 * minimum among the places BotCafe is offered); 13–17 is a minor (no NSFW, wellbeing
 * defaults on); 18 and over is an adult.
 */
export const MINIMUM_AGE = 13;
export const ADULT_AGE = 18;

export type AgeOutcome = "adult" | "minor" | "too_young";

/** Whole years between a YYYY-MM-DD birth date and `today` (UTC). */
export function ageInYears(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split("-").map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age--;
  return age;
}

export function ageOutcome(birthDate: string, today = new Date()): AgeOutcome {
  const age = ageInYears(birthDate, today);
  if (age < MINIMUM_AGE) return "too_young";
  return age < ADULT_AGE ? "minor" : "adult";
}

/** A real calendar date, not in the future, after 1900. */
export function isPlausibleBirthDate(value: string, today = new Date()): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return false;
  return date.getUTCFullYear() >= 1900 && date.getTime() <= today.getTime();
}

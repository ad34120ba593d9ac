/** The /wellbeing/limits form: every field optional, numbers in sensible ranges. */
import { z } from "zod";
import { formField } from "~/lib/forms";
import { CRISIS_REGIONS } from "../regions";
import { isListedTimeZone } from "./time-zones";

const minutes = (label: string, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return null;
      if (!/^\d{1,6}$/.test(v)) {
        ctx.addIssue({ code: "custom", message: `${label} must be a whole number of minutes.` });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < 1 || n > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be between 1 and ${max} minutes.` });
        return z.NEVER;
      }
      return n;
    });

const clockTime = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v))
    .refine((v) => v === null || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), `${label} must be a time like 22:30.`);

export const limitsSchema = z
  .object({
    daily_limit: minutes("Daily limit", 1440),
    weekly_limit: minutes("Weekly limit", 10080),
    break_reminder_interval: minutes("Break reminder", 600),
    night_mode_enabled: formField.checkbox(),
    night_mode_start: clockTime("Night mode start"),
    night_mode_end: clockTime("Night mode end"),
    night_mode_stop: formField.checkbox(),
    low_mood_streak: formField.checkbox(),
    time_zone: z
      .string({ error: "Choose your time zone." })
      .trim()
      .min(1, "Choose your time zone.")
      .max(64, "Choose a time zone from the list.")
      .refine(isListedTimeZone, "Choose a time zone from the list."),
    crisis_region: z.enum([...CRISIS_REGIONS, "auto"], { error: "Choose a region from the list." }),
  })
  .superRefine((v, ctx) => {
    if (v.night_mode_enabled && (v.night_mode_start === null || v.night_mode_end === null)) {
      if (v.night_mode_start === null)
        ctx.addIssue({ code: "custom", path: ["night_mode_start"], message: "Night mode needs a start time." });
      if (v.night_mode_end === null)
        ctx.addIssue({ code: "custom", path: ["night_mode_end"], message: "Night mode needs an end time." });
    }
    if (v.night_mode_start !== null && v.night_mode_start === v.night_mode_end)
      ctx.addIssue({
        code: "custom",
        path: ["night_mode_end"],
        message: "Night mode must end at a different time than it starts.",
      });
  });

export interface InterventionTriggers {
  lowMoodStreak?: boolean;
}

export function parseTriggers(json: string): InterventionTriggers {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === "object" && value !== null ? (value as InterventionTriggers) : {};
  } catch {
    return {};
  }
}

/**
 * The "manage my profile" form: every field a creator may edit. Badges (verified,
 * premium, featured) and counts are not here on purpose: only staff set badges, and
 * counts derive from the follows table.
 */
import { z } from "zod";
import type { ExperienceLevel, Visibility } from "#db/schema";
import { formField } from "../forms";
import { parseJsonArray, parseJsonObject } from "../json";
import { usernameSchema } from "./username";

export const SOCIAL_NETWORKS = [
  { key: "website", label: "Website" },
  { key: "github", label: "GitHub" },
  { key: "twitter", label: "X / Twitter" },
  { key: "youtube", label: "YouTube" },
] as const;

export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number]["key"];
export type SocialLinks = Partial<Record<SocialNetwork, string>>;

export const MAX_SPECIALTIES = 10;
const MAX_SPECIALTY_LENGTH = 40;

const socialUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(300, `${label} link must be at most 300 characters.`)
    .optional()
    .transform((v) => v ?? "")
    .refine(
      (v) => v === "" || isHttpUrl(v),
      `${label} link must be a full web address starting with https:// or http://.`,
    );

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

/** "fantasy, sci-fi ,, Fantasy" → ["fantasy", "sci-fi"] (trimmed, de-duplicated ignoring case). */
export function parseSpecialties(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(",")) {
    const item = part.trim().replace(/\s+/g, " ");
    if (!item || seen.has(item.toLowerCase())) continue;
    seen.add(item.toLowerCase());
    out.push(item);
  }
  return out;
}

export const profileFormSchema = z
  .object({
    username: usernameSchema,
    display_name: formField.text("Display name", 60),
    bio: formField.optionalText("Bio", 2000),
    specialties: formField
      .optionalText("Specialties", 600)
      .transform(parseSpecialties)
      .refine((list) => list.length <= MAX_SPECIALTIES, `List at most ${MAX_SPECIALTIES} specialties.`)
      .refine(
        (list) => list.every((s) => s.length <= MAX_SPECIALTY_LENGTH),
        `Each specialty must be at most ${MAX_SPECIALTY_LENGTH} characters.`,
      ),
    experience_level: z
      .enum(["", "beginner", "intermediate", "expert"], { error: "Pick one of the listed experience levels." })
      .optional()
      .transform((v): ExperienceLevel | null => (v ? v : null)),
    visibility: z
      .enum(["public", "unlisted", "private"], { error: "Pick who can see your profile." })
      .default("public"),
    accepts_commissions: formField.checkbox(),
    commission_info: formField.optionalText("Commission details", 2000),
    social_website: socialUrl("Website"),
    social_github: socialUrl("GitHub"),
    social_twitter: socialUrl("X / Twitter"),
    social_youtube: socialUrl("YouTube"),
    remove_avatar: formField.checkbox(),
    remove_cover: formField.checkbox(),
  })
  .superRefine((value, ctx) => {
    if (value.accepts_commissions && value.commission_info === "") {
      ctx.addIssue({
        code: "custom",
        path: ["commission_info"],
        message: "Say what you offer when you accept commissions.",
      });
    }
  });

export type ProfileForm = z.output<typeof profileFormSchema>;

/** The columns a valid form writes (everything but files). */
export function profileColumns(form: ProfileForm) {
  const social: SocialLinks = {};
  for (const { key } of SOCIAL_NETWORKS) {
    const url = form[`social_${key}`];
    if (url) social[key] = url;
  }
  return {
    username: form.username,
    display_name: form.display_name,
    bio: form.bio,
    specialties: JSON.stringify(form.specialties),
    experience_level: form.experience_level,
    visibility: form.visibility satisfies Visibility,
    accepts_commissions: form.accepts_commissions ? (1 as const) : (0 as const),
    commission_info: form.commission_info,
    social_links: JSON.stringify(social),
  };
}

/** Social links as stored, keeping only known networks with web addresses (old or
 * hand-edited rows could hold anything). */
export function readSocialLinks(json: string): { key: SocialNetwork; label: string; url: string }[] {
  const stored = parseJsonObject<Record<string, unknown>>(json);
  return SOCIAL_NETWORKS.flatMap(({ key, label }) => {
    const url = stored[key];
    return typeof url === "string" && isHttpUrl(url) ? [{ key, label, url }] : [];
  });
}

/** A stored profile as the form's starting values. */
export function profileFormDefaults(profile: {
  username: string;
  display_name: string;
  bio: string;
  specialties: string;
  experience_level: ExperienceLevel | null;
  visibility: Visibility;
  accepts_commissions: 0 | 1;
  commission_info: string;
  social_links: string;
}): Record<string, string> {
  const social = parseJsonObject<Record<string, unknown>>(profile.social_links);
  const values: Record<string, string> = {
    username: profile.username,
    display_name: profile.display_name,
    bio: profile.bio,
    specialties: parseJsonArray(profile.specialties).join(", "),
    experience_level: profile.experience_level ?? "",
    visibility: profile.visibility,
    commission_info: profile.commission_info,
  };
  if (profile.accepts_commissions) values.accepts_commissions = "on";
  for (const { key } of SOCIAL_NETWORKS) {
    const url = social[key];
    values[`social_${key}`] = typeof url === "string" ? url : "";
  }
  return values;
}

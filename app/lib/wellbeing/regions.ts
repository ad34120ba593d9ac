/**
 * Crisis-resource regions (the values crisis_support.region allows) and how a person's
 * region is chosen: their saved preference, else the request's country
 * (request.cf.country / CF-IPCountry), else "global" — the international directory.
 */
export const CRISIS_REGIONS = ["global", "us", "ca", "uk", "au", "eu", "in"] as const;
export type CrisisRegion = (typeof CRISIS_REGIONS)[number];

export const REGION_LABELS: Record<CrisisRegion, string> = {
  global: "International",
  us: "United States",
  ca: "Canada",
  uk: "United Kingdom and Ireland",
  au: "Australia",
  eu: "European Union",
  in: "India",
};

const EU_COUNTRIES = new Set([
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
]);

export function isCrisisRegion(value: unknown): value is CrisisRegion {
  return typeof value === "string" && (CRISIS_REGIONS as readonly string[]).includes(value);
}

/** ISO 3166 country code → region. Ireland shares the Samaritans line (116 123) with the UK. */
export function regionForCountry(country: string | null | undefined): CrisisRegion {
  const code = (country ?? "").trim().toUpperCase();
  if (code === "US" || code === "PR" || code === "GU" || code === "VI") return "us";
  if (code === "CA") return "ca";
  if (code === "GB" || code === "IE" || code === "IM" || code === "JE" || code === "GG") return "uk";
  if (code === "AU") return "au";
  if (code === "IN") return "in";
  if (EU_COUNTRIES.has(code)) return "eu";
  return "global";
}

/** The country Cloudflare saw the request come from, when it says: the CF-IPCountry
 * header first (Cloudflare sets it in production; locally it is how a test or a person
 * picks one — the local runtime's request.cf is a fixed sample), else request.cf.country.
 * Spoofing it only changes which help lines are listed first. */
export function requestCountry(request: Request): string | null {
  const cf = (request as Request & { cf?: { country?: unknown } }).cf;
  const fromCf = typeof cf?.country === "string" ? cf.country : null;
  const header = request.headers.get("CF-IPCountry");
  const country = header ?? fromCf;
  return country && /^[A-Za-z]{2}$/.test(country) && country.toUpperCase() !== "XX" ? country.toUpperCase() : null;
}

export function chooseRegion(preference: string | null | undefined, country: string | null | undefined): CrisisRegion {
  if (isCrisisRegion(preference)) return preference;
  return regionForCountry(country);
}

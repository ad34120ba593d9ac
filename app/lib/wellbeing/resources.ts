/** Reading the crisis directory (crisis_support), and turning a listing into links a
 * phone can act on: tel: for calls, sms: (with the keyword as the body) for texts. */
import type { DB } from "#db/schema";
import type { CrisisRegion } from "./regions";

export const CRISIS_CATEGORIES = ["hotline", "chat", "text", "app", "organization"] as const;
export const CRISIS_TYPES = [
  "general",
  "suicide_prevention",
  "youth",
  "lgbtq",
  "veterans",
  "domestic_violence",
  "substance_use",
  "eating_disorders",
] as const;
export type CrisisCategory = (typeof CRISIS_CATEGORIES)[number];
export type CrisisType = (typeof CRISIS_TYPES)[number];

export const TYPE_LABELS: Record<CrisisType, string> = {
  general: "General support",
  suicide_prevention: "Suicide prevention",
  youth: "Young people",
  lgbtq: "LGBTQ+",
  veterans: "Veterans",
  domestic_violence: "Domestic violence",
  substance_use: "Substance use",
  eating_disorders: "Eating disorders",
};

export interface CrisisResource {
  id: string;
  name: string;
  description: string;
  category: string;
  type: string;
  contact_phone: string | null;
  contact_text: string | null;
  contact_chat: string | null;
  website: string | null;
  hours: string | null;
  is_24_7: 0 | 1;
  is_emergency: 0 | 1;
  region: string;
  source_url: string | null;
  last_checked: string | null;
}

const COLUMNS = [
  "id",
  "name",
  "description",
  "category",
  "type",
  "contact_phone",
  "contact_text",
  "contact_chat",
  "website",
  "hours",
  "is_24_7",
  "is_emergency",
  "region",
  "source_url",
  "last_checked",
] as const;

export interface DirectoryFilter {
  region?: CrisisRegion | null;
  category?: CrisisCategory | null;
  type?: CrisisType | null;
}

/** The directory, filtered. A region always includes the international listings too. */
export function directoryQuery(db: DB, filter: DirectoryFilter) {
  let query = db.selectFrom("crisis_support").select(COLUMNS).where("is_active", "=", 1);
  if (filter.region)
    query = query.where("region", "in", filter.region === "global" ? ["global"] : [filter.region, "global"]);
  if (filter.category) query = query.where("category", "=", filter.category);
  if (filter.type) query = query.where("type", "=", filter.type);
  // The region's own listings first, emergency numbers first within them.
  return query
    .orderBy((eb) => eb.case().when("region", "=", "global").then(1).else(0).end())
    .orderBy("is_emergency", "desc")
    .orderBy("sort_order")
    .orderBy("name")
    .limit(100);
}

/** The few listings a crisis notice shows: the region's 24/7 lines, then the international directory. */
export function noticeResourcesQuery(db: DB, region: CrisisRegion) {
  return db
    .selectFrom("crisis_support")
    .select(COLUMNS)
    .where("is_active", "=", 1)
    .where("region", "in", region === "global" ? ["global"] : [region, "global"])
    .where((eb) => eb.or([eb("is_24_7", "=", 1), eb("is_emergency", "=", 1), eb("category", "=", "organization")]))
    .orderBy((eb) => eb.case().when("region", "=", "global").then(1).else(0).end())
    .orderBy("sort_order")
    .limit(6);
}

export interface ContactLink {
  href: string;
  label: string;
}

const digits = (phone: string) => phone.replace(/[^\d+]/g, "");

/** "HOME to 741741" → sms:741741 with body HOME; a bare number → sms:<number>. */
export function smsLink(contactText: string): ContactLink | null {
  const keyword = /^\s*(?:text\s+)?([A-Za-z]+)\s+to\s+([\d\s+-]+)\s*$/i.exec(contactText);
  if (keyword)
    return {
      href: `sms:${digits(keyword[2]!)}?body=${encodeURIComponent(keyword[1]!.toUpperCase())}`,
      label: `Text ${keyword[1]!.toUpperCase()} to ${keyword[2]!.trim()}`,
    };
  const number = digits(contactText);
  return number.length >= 3 ? { href: `sms:${number}`, label: `Text ${contactText.trim()}` } : null;
}

export function contactLinks(
  resource: Pick<CrisisResource, "name" | "contact_phone" | "contact_text" | "contact_chat" | "website">,
): ContactLink[] {
  const links: ContactLink[] = [];
  if (resource.contact_phone) {
    const number = digits(resource.contact_phone);
    if (number.length >= 3) links.push({ href: `tel:${number}`, label: `Call ${resource.contact_phone}` });
  }
  if (resource.contact_text) {
    const sms = smsLink(resource.contact_text);
    if (sms) links.push(sms);
  }
  if (resource.contact_chat && /^https:\/\//.test(resource.contact_chat))
    links.push({ href: resource.contact_chat, label: "Chat online" });
  if (resource.website && /^https:\/\//.test(resource.website))
    links.push({ href: resource.website, label: "Website" });
  return links;
}

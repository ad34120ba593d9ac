/**
 * Wellbeing seed part: the crisis directory. Real, publicly listed services, each with
 * the page it is published on. `last_checked` is the date this list was compiled from
 * those public listings; staff re-check and edit entries in the content console.
 */
import { insert, sql } from "./sql.ts";

const CHECKED = "2026-12-01";

type Listing = {
  id: string;
  name: string;
  description: string;
  category: "hotline" | "chat" | "text" | "app" | "organization";
  type: string;
  region: string;
  contact_phone?: string;
  contact_text?: string;
  contact_chat?: string;
  website?: string;
  hours: string;
  is_24_7: boolean;
  is_emergency?: boolean;
  source_url: string;
  sort_order: number;
};

const LISTINGS: Listing[] = [
  {
    id: "crisis-988",
    name: "988 Suicide & Crisis Lifeline",
    description:
      "Free, confidential support for anyone in suicidal crisis or emotional distress. Call or text 988; Spanish available (press 2).",
    category: "hotline",
    type: "suicide_prevention",
    region: "us",
    contact_phone: "988",
    contact_text: "988",
    contact_chat: "https://988lifeline.org/chat/",
    website: "https://988lifeline.org/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://988lifeline.org/",
    sort_order: 10,
  },
  {
    id: "crisis-us-911",
    name: "Emergency services (US)",
    description: "If you or someone else is in immediate danger, call 911.",
    category: "hotline",
    type: "general",
    region: "us",
    contact_phone: "911",
    hours: "24 hours, every day",
    is_24_7: true,
    is_emergency: true,
    source_url: "https://www.911.gov/",
    sort_order: 1,
  },
  {
    id: "crisis-us-ctl",
    name: "Crisis Text Line",
    description: "Text with a trained crisis counselor. Text HOME to 741741.",
    category: "text",
    type: "general",
    region: "us",
    contact_text: "HOME to 741741",
    website: "https://www.crisistextline.org/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://www.crisistextline.org/",
    sort_order: 20,
  },
  {
    id: "crisis-us-trevor",
    name: "The Trevor Project",
    description: "Crisis support for LGBTQ+ young people under 25, by phone, text or chat.",
    category: "hotline",
    type: "lgbtq",
    region: "us",
    contact_phone: "1-866-488-7386",
    contact_text: "START to 678678",
    website: "https://www.thetrevorproject.org/get-help/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://www.thetrevorproject.org/get-help/",
    sort_order: 30,
  },
  {
    id: "crisis-us-veterans",
    name: "Veterans Crisis Line",
    description:
      "For veterans, service members and the people who support them: dial 988 then press 1, or text 838255.",
    category: "hotline",
    type: "veterans",
    region: "us",
    contact_phone: "988",
    contact_text: "838255",
    contact_chat: "https://www.veteranscrisisline.net/get-help-now/chat/",
    website: "https://www.veteranscrisisline.net/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://www.veteranscrisisline.net/",
    sort_order: 40,
  },
  {
    id: "crisis-ca-988",
    name: "9-8-8 Suicide Crisis Helpline (Canada)",
    description: "Call or text 9-8-8 for suicide prevention support in English or French.",
    category: "hotline",
    type: "suicide_prevention",
    region: "ca",
    contact_phone: "988",
    contact_text: "988",
    website: "https://988.ca/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://988.ca/",
    sort_order: 10,
  },
  {
    id: "crisis-ca-911",
    name: "Emergency services (Canada)",
    description: "If you or someone else is in immediate danger, call 911.",
    category: "hotline",
    type: "general",
    region: "ca",
    contact_phone: "911",
    hours: "24 hours, every day",
    is_24_7: true,
    is_emergency: true,
    source_url: "https://www.canada.ca/en/public-health/services/mental-health-services/mental-health-get-help.html",
    sort_order: 1,
  },
  {
    id: "crisis-ca-khp",
    name: "Kids Help Phone",
    description: "Support for young people in Canada: call 1-800-668-6868 or text CONNECT to 686868.",
    category: "hotline",
    type: "youth",
    region: "ca",
    contact_phone: "1-800-668-6868",
    contact_text: "CONNECT to 686868",
    website: "https://kidshelpphone.ca/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://kidshelpphone.ca/",
    sort_order: 20,
  },
  {
    id: "crisis-samaritans",
    name: "Samaritans (UK and Ireland)",
    description: "Whatever you're going through, call Samaritans free on 116 123 in the UK and Ireland.",
    category: "hotline",
    type: "suicide_prevention",
    region: "uk",
    contact_phone: "116 123",
    website: "https://www.samaritans.org/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
    sort_order: 10,
  },
  {
    id: "crisis-uk-999",
    name: "Emergency services (UK 999, Ireland 112)",
    description: "If you or someone else is in immediate danger, call 999 in the UK or 112 in Ireland.",
    category: "hotline",
    type: "general",
    region: "uk",
    contact_phone: "999",
    hours: "24 hours, every day",
    is_24_7: true,
    is_emergency: true,
    source_url: "https://www.nhs.uk/nhs-services/mental-health-services/where-to-get-urgent-help-for-mental-health/",
    sort_order: 1,
  },
  {
    id: "crisis-uk-shout",
    name: "Shout",
    description: "Free, confidential text support in the UK: text SHOUT to 85258.",
    category: "text",
    type: "general",
    region: "uk",
    contact_text: "SHOUT to 85258",
    website: "https://giveusashout.org/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://giveusashout.org/get-help/",
    sort_order: 20,
  },
  {
    id: "crisis-au-lifeline",
    name: "Lifeline Australia",
    description: "Crisis support and suicide prevention: call 13 11 14, text 0477 13 11 14, or chat online.",
    category: "hotline",
    type: "suicide_prevention",
    region: "au",
    contact_phone: "13 11 14",
    contact_text: "0477 13 11 14",
    contact_chat: "https://www.lifeline.org.au/crisis-chat/",
    website: "https://www.lifeline.org.au/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://www.lifeline.org.au/",
    sort_order: 10,
  },
  {
    id: "crisis-au-000",
    name: "Emergency services (Australia)",
    description: "If you or someone else is in immediate danger, call 000.",
    category: "hotline",
    type: "general",
    region: "au",
    contact_phone: "000",
    hours: "24 hours, every day",
    is_24_7: true,
    is_emergency: true,
    source_url: "https://www.triplezero.gov.au/",
    sort_order: 1,
  },
  {
    id: "crisis-au-kids",
    name: "Kids Helpline",
    description: "Counselling for young people aged 5 to 25 in Australia.",
    category: "hotline",
    type: "youth",
    region: "au",
    contact_phone: "1800 55 1800",
    website: "https://kidshelpline.com.au/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://kidshelpline.com.au/",
    sort_order: 20,
  },
  {
    id: "crisis-in-telemanas",
    name: "Tele MANAS",
    description: "India's national mental health helpline: call 14416 or 1-800-891-4416.",
    category: "hotline",
    type: "general",
    region: "in",
    contact_phone: "14416",
    website: "https://telemanas.mohfw.gov.in/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://telemanas.mohfw.gov.in/",
    sort_order: 10,
  },
  {
    id: "crisis-eu-112",
    name: "European emergency number 112",
    description: "Call 112 for emergency services anywhere in the European Union.",
    category: "hotline",
    type: "general",
    region: "eu",
    contact_phone: "112",
    hours: "24 hours, every day",
    is_24_7: true,
    is_emergency: true,
    source_url: "https://digital-strategy.ec.europa.eu/en/policies/112",
    sort_order: 1,
  },
  {
    id: "crisis-eu-es-024",
    name: "Línea 024 (Spain)",
    description: "Spain's suicide-prevention line, in Spanish and other languages: call 024.",
    category: "hotline",
    type: "suicide_prevention",
    region: "eu",
    contact_phone: "024",
    website: "https://www.sanidad.gob.es/linea024/",
    hours: "24 hours, every day",
    is_24_7: true,
    source_url: "https://www.sanidad.gob.es/linea024/",
    sort_order: 10,
  },
  {
    id: "crisis-global-findahelpline",
    name: "Find A Helpline",
    description: "A directory of free, confidential helplines in more than 130 countries: find one for where you are.",
    category: "organization",
    type: "general",
    region: "global",
    website: "https://findahelpline.com/",
    hours: "Directory online at any time; each line lists its own hours",
    is_24_7: false,
    source_url: "https://findahelpline.com/",
    sort_order: 10,
  },
  {
    id: "crisis-global-iasp",
    name: "IASP crisis centres directory",
    description: "The International Association for Suicide Prevention's list of crisis centres around the world.",
    category: "organization",
    type: "suicide_prevention",
    region: "global",
    website: "https://www.iasp.info/crisis-centres-helplines/",
    hours: "Directory online at any time",
    is_24_7: false,
    source_url: "https://www.iasp.info/crisis-centres-helplines/",
    sort_order: 20,
  },
];

export function wellbeingSeed(): string[] {
  return LISTINGS.flatMap((l) => {
    const row = {
      id: l.id,
      name: l.name,
      description: l.description,
      category: l.category,
      type: l.type,
      region: l.region,
      contact_phone: l.contact_phone ?? null,
      contact_text: l.contact_text ?? null,
      contact_chat: l.contact_chat ?? null,
      website: l.website ?? null,
      hours: l.hours,
      is_24_7: l.is_24_7,
      is_emergency: l.is_emergency ?? false,
      is_active: true,
      source_url: l.source_url,
      last_checked: CHECKED,
      sort_order: l.sort_order,
    };
    // The core seed already inserts two of these ids with fewer details: the UPDATE makes
    // every run end with this list's values (still idempotent).
    const { id, ...rest } = row;
    const assignments = Object.entries(rest)
      .map(([column, value]) => `"${column}" = ${sql(value)}`)
      .join(", ");
    return [insert("crisis_support", row), `UPDATE crisis_support SET ${assignments} WHERE id = ${sql(id)};`];
  });
}

/** The same rows for workers tests (which start from an empty database). */
export const CRISIS_LISTINGS_FOR_TESTS = LISTINGS;

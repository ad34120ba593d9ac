/**
 * Every area's entries. An area adds its file here with one line (keep the list sorted).
 */
import { accountEntries } from "./account";
import { billingEntries } from "./billing";
import { botEntries } from "./bots";
import { chatEntries } from "./chat";
import { coreEntries } from "./core";
import { creatorEntries } from "./creators";
import { helpEntries } from "./help";
import { knowledgeEntries } from "./knowledge";
import { legalEntries } from "./legal";
import { sharingEntries } from "./sharing";
import { staffEntries } from "./staff";
import { supportEntries } from "./support";
import type { RouteEntry } from "./types";
import { wellbeingEntries } from "./wellbeing";

export const routeEntries: RouteEntry[] = [
  ...coreEntries,
  ...botEntries,
  ...chatEntries,
  ...creatorEntries,
  ...knowledgeEntries,
  ...helpEntries,
  ...legalEntries,
  ...accountEntries,
  ...supportEntries,
  ...sharingEntries,
  ...staffEntries,
  ...wellbeingEntries,
  ...billingEntries,
];

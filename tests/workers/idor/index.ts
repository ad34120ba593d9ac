/**
 * Every area's entries. An area adds its file here with one line (keep the list sorted).
 */
import { botEntries } from "./bots";
import { chatEntries } from "./chat";
import { coreEntries } from "./core";
import { creatorEntries } from "./creators";
import { knowledgeEntries } from "./knowledge";
import type { RouteEntry } from "./types";

export const routeEntries: RouteEntry[] = [...coreEntries, ...botEntries, ...chatEntries, ...creatorEntries, ...knowledgeEntries];

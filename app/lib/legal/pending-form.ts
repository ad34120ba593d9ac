/**
 * Keeping a person's work through the terms gate. When new terms are in force, a form
 * post (say an admin's typed suspension reason) is not thrown away:
 *
 *  1. The gate answers it with a 307 to /legal/accept?redirectTo=…&continue=<the form's
 *     action>. A 307 makes the browser send the same body again, to the accept page — so
 *     nothing is stored on the server, and nothing goes into a URL.
 *  2. The accept page's action sees `continue`, and shows the documents with an accept form
 *     that carries the original fields as hidden inputs (files cannot be carried: the page
 *     says so).
 *  3. Accepting records the agreements, then answers with a 307 to the original action,
 *     so the browser posts the original fields there; the gate now lets them through and
 *     the action runs as if nothing had happened (its own redirect and notices follow).
 *
 * The accept step's own fields are named `_terms_*`, so they cannot collide with the
 * original form's fields (actions ignore unknown fields: zod objects strip them).
 * Plain form posts and redirects, so it works the same with JavaScript off.
 */
import { data, redirect } from "react-router";
import type { DB } from "#db/schema";
import { safeRedirectPath } from "../auth/guards";
import { recordAcceptance } from "./accept";
import { pendingAgreements } from "./documents";

export const CONTINUE_PARAM = "continue";
/** "accept" on the accept step's own submission (absent on the forwarded original). */
export const KEPT_STEP_FIELD = "_terms_step";
export const KEPT_ACCEPT_FIELD = "_terms_accept";
export const KEPT_DOCUMENTS_FIELD = "_terms_documents";
const RESERVED_PREFIX = "_terms_";
/** More fields than any of our forms has; a bound on what the accept page re-renders. */
const MAX_KEPT_FIELDS = 500;

/** Forms whose values are secrets (API keys): never echoed into another page; retyped instead. */
const NOT_KEPT = [/^\/settings\/keys(\/|$)/];

export interface KeptForm {
  /** Where the form was posted (path and query), and where it goes once accepted. */
  action: string;
  fields: [string, string][];
  /** How many attached files could not be kept. */
  droppedFiles: number;
}

/**
 * The gate's answer to a refused form post that can be kept: a 307 to the accept page
 * (which then receives the same body), or null to refuse it the old way (a 303).
 */
export function keepFormThroughAcceptance(url: URL, acceptPath: string): Response | null {
  // Single-fetch data requests and secret-bearing forms are refused plainly.
  if (url.pathname.endsWith(".data") || NOT_KEPT.some((re) => re.test(url.pathname))) return null;
  const search = new URLSearchParams(url.search);
  search.delete("_routes");
  const query = search.toString();
  const action = url.pathname + (query ? `?${query}` : "");
  return redirect(`${acceptPath}&${CONTINUE_PARAM}=${encodeURIComponent(action)}`, 307);
}

/** The kept form a request to the accept page carries, or null when it carries none. */
export function keptFormOf(requestUrl: string, form: FormData): KeptForm | null {
  const raw = new URL(requestUrl).searchParams.get(CONTINUE_PARAM);
  const action = raw ? safeRedirectPath(raw, "") : "";
  // Only our own pages, and never the accept page itself (no loops).
  if (!action || action.startsWith("/legal/accept")) return null;
  const fields: [string, string][] = [];
  let droppedFiles = 0;
  for (const [name, value] of form.entries()) {
    if (name.startsWith(RESERVED_PREFIX)) continue;
    if (typeof value !== "string") {
      if (value.size > 0 || value.name) droppedFiles++;
      continue;
    }
    if (fields.length < MAX_KEPT_FIELDS) fields.push([name, value]);
  }
  return { action, fields, droppedFiles };
}

export interface KeptFormState {
  kept: KeptForm;
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
}

/**
 * The accept page's action when it carries a kept form: show the accept step (the
 * forwarded original), or record the acceptance and send the original on.
 */
export async function acceptKeepingForm(input: {
  d1: D1Database;
  db: DB;
  userId: string;
  request: Request;
  form: FormData;
  kept: KeptForm;
}) {
  const { d1, db, userId, request, form, kept } = input;
  const pending = await pendingAgreements(db, userId);
  const state = (fieldErrors: Record<string, string[]>, formErrors: string[] = []): KeptFormState => ({
    kept,
    fieldErrors,
    formErrors,
  });
  if (form.get(KEPT_STEP_FIELD) !== "accept") {
    // Accepted meanwhile (another tab): nothing to ask, send the form on.
    if (pending.length === 0) throw redirect(kept.action, 307);
    return state({});
  }
  if (form.get(KEPT_ACCEPT_FIELD) !== "on") {
    return data(
      state({ [KEPT_ACCEPT_FIELD]: ["Tick the box to accept the documents, or leave this page to decline."] }),
      { status: 400 },
    );
  }
  // The person accepts what they were shown; if a new version landed meanwhile, show it.
  const shown = new Set(form.getAll(KEPT_DOCUMENTS_FIELD).filter((v): v is string => typeof v === "string"));
  if (pending.some((doc) => !shown.has(doc.id))) {
    return data(
      state({}, ["A document changed while you were reading. Please read the versions below and accept again."]),
      { status: 400 },
    );
  }
  if (pending.length > 0)
    await recordAcceptance(d1, db, { userId, documentIds: pending.map((doc) => doc.id), request });
  throw redirect(kept.action, 307);
}

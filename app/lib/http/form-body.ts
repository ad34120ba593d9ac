/**
 * Unreadable request bodies answer 400 in one place (app/worker.ts), before any route
 * runs. Every page action reads `request.formData()`; a body that is not a form (JSON,
 * text/plain, no content type) or a form that cannot be parsed (multipart without a
 * boundary, garbage multipart) would make that call throw, and the route answer 500.
 *
 * Resource routes that take other bodies live under /api/ (the Stripe webhook needs its
 * raw body untouched) and are left alone. See docs/decisions/0012-unreadable-bodies-and-route-suites.md.
 */
import stylesheetHref from "~/app.css?url";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Paths whose routes read their own bodies (webhooks, JSON APIs). */
const RAW_BODY_PREFIXES = ["/api/"];
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** The media type without parameters, lowercased ("" when absent). */
function mediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Does this request carry a body the router's routes will read as a form? */
export function expectsFormBody(request: Request): boolean {
  if (!BODY_METHODS.has(request.method.toUpperCase())) return false;
  const { pathname } = new URL(request.url);
  return !RAW_BODY_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * Why this request's form body cannot be read, or null when it can. Parses a clone, so
 * the route still gets the untouched body (React Router may rebuild the Request from it).
 */
export async function unreadableFormReason(request: Request): Promise<string | null> {
  if (!expectsFormBody(request)) return null;
  const type = mediaType(request);
  if (!FORM_TYPES.has(type))
    return type
      ? `This address takes HTML form submissions, not ${type}.`
      : "This address takes HTML form submissions; the request had no content type.";
  try {
    await request.clone().formData();
    return null;
  } catch {
    return "The form in this request could not be read.";
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small page for a person (or a script) whose form could not be read. */
export function unreadableFormResponse(reason: string): Response {
  const body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>That request did not look right · BotCafe</title><link rel="stylesheet" href="${escapeHtml(stylesheetHref)}"></head>
<body class="bg-stone-50 font-sans text-stone-900"><main class="mx-auto max-w-3xl space-y-4 px-4 py-6"><h1 class="text-xl font-bold">That request did not look right</h1>
<p>${escapeHtml(reason)} Nothing was changed.</p><p>Go back, reload the page and send the form again.</p>
<p><a class="text-brand-700 underline" href="/">BotCafe home</a></p></main></body></html>`;
  return new Response(body, {
    status: 400,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

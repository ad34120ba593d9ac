/**
 * Redaction of text shown to staff (a conversation attached to a ticket). The user's own
 * API keys are stored encrypted and cannot be matched by value, so keys are found by the
 * shapes providers give them. Each kind is replaced by a visible marker and counted, so the
 * page can say what was redacted.
 */

export type RedactionKind = "apiKey" | "email" | "card" | "phone";
export type RedactionCounts = Record<RedactionKind, number>;

export const REDACTION_LABELS: Record<RedactionKind, string> = {
  apiKey: "API key",
  email: "email address",
  card: "card number",
  phone: "phone number",
};

// Known key shapes: OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), Google (AIza), GitHub
// (ghp_ etc.), Slack (xox?-), Hugging Face (hf_), AWS access keys (AKIA), Stripe (sk_live_,
// rk_test_…), Groq (gsk_), and long bearer tokens after "Bearer".
const API_KEY =
  /\b(?:sk-ant-[A-Za-z0-9_-]{16,}|sk-(?:proj-)?[A-Za-z0-9_-]{16,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{12,}|AIza[0-9A-Za-z_-]{30,}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|hf_[A-Za-z0-9]{20,}|gsk_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16})\b|(?<=\bBearer\s+)[A-Za-z0-9._~+/-]{20,}=*/g;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}/g;
// A phone number: optional +country, 7–15 digits with spaces, dots, dashes or brackets —
// standing on its own. Digits that are part of a word are a username or handle, not a
// phone: "sam_1990", "user123456789", "@gamer4155551234", "#4155551234", "gamer-4155551234",
// "sam.4155551234" and "4155551234-bot" all stay. So the number may not follow a word
// character, "@", "#" or "/", nor a "-", "." or "_" joined to a word; and may not run
// into a word character, or into a "-", "." or "_" joined to one.
const NOT_IN_A_WORD_BEFORE = String.raw`(?<![\w@#/])(?<!\w[-._])`;
const NOT_IN_A_WORD_AFTER = String.raw`(?!\w)(?![-._]\w)`;
// 13–19 digits, optionally grouped by spaces or dashes, not part of a word; kept only if the
// Luhn check passes.
const CARD_CANDIDATE = new RegExp(String.raw`${NOT_IN_A_WORD_BEFORE}\d(?:[ -]?\d){12,18}${NOT_IN_A_WORD_AFTER}`, "g");
const PHONE_CANDIDATE = new RegExp(
  String.raw`${NOT_IN_A_WORD_BEFORE}\+?\(?\d[\d ().-]{5,18}\d${NOT_IN_A_WORD_AFTER}`,
  "g",
);

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export function emptyCounts(): RedactionCounts {
  return { apiKey: 0, email: 0, card: 0, phone: 0 };
}

export function redact(
  text: string,
  counts: RedactionCounts = emptyCounts(),
): { text: string; counts: RedactionCounts } {
  let out = text.replace(API_KEY, () => {
    counts.apiKey++;
    return "[API key redacted]";
  });
  out = out.replace(EMAIL, () => {
    counts.email++;
    return "[email redacted]";
  });
  out = out.replace(CARD_CANDIDATE, (match) => {
    if (!passesLuhn(match.replace(/\D/g, ""))) return match;
    counts.card++;
    return "[card number redacted]";
  });
  out = out.replace(PHONE_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, "").length;
    // Dates and times (2026-12-01, 10.30) are not phone numbers: ask for 7+ digits and a
    // shape that is not just one separated date.
    if (digits < 7 || digits > 15 || /^\d{4}-\d{2}-\d{2}$/.test(match.trim())) return match;
    counts.phone++;
    return "[phone number redacted]";
  });
  return { text: out, counts };
}

/** "2 API keys, 1 email address" — what the staff page says was taken out. */
export function describeRedactions(counts: Partial<RedactionCounts>): string {
  const parts = (Object.keys(REDACTION_LABELS) as RedactionKind[])
    .filter((kind) => (counts[kind] ?? 0) > 0)
    .map((kind) => `${counts[kind]} ${REDACTION_LABELS[kind]}${counts[kind] === 1 ? "" : "s"}`);
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

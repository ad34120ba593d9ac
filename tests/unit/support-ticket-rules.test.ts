/** The ticket state machine and the redaction of attached conversations, without a database. */
import { expect, test } from "vitest";
import { describeRedactions, passesLuhn, redact } from "~/lib/support/redact";
import {
  afterInternalNote,
  afterStaffReply,
  afterUserReply,
  closeByUser,
  initialPriority,
  setStatus,
} from "~/lib/support/ticket-state";

test("a user's reply reopens a resolved ticket and leaves other states alone", () => {
  expect(afterUserReply("resolved")).toEqual({ ok: true, status: "open" });
  expect(afterUserReply("in_progress")).toEqual({ ok: true, status: "in_progress" });
  expect(afterUserReply("open")).toEqual({ ok: true, status: "open" });
  expect(afterUserReply("closed").ok).toBe(false);
});

test("a staff reply moves an open ticket to in progress; notes change nothing", () => {
  expect(afterStaffReply("open")).toEqual({ ok: true, status: "in_progress" });
  expect(afterStaffReply("resolved")).toEqual({ ok: true, status: "resolved" });
  expect(afterInternalNote("open")).toEqual({ ok: true, status: "open" });
  expect(afterStaffReply("closed").ok).toBe(false);
  expect(afterInternalNote("closed").ok).toBe(false);
});

test("resolving needs a resolution; closed is final", () => {
  expect(setStatus("in_progress", "resolved", "").ok).toBe(false);
  expect(setStatus("in_progress", "resolved", "   ").ok).toBe(false);
  expect(setStatus("in_progress", "resolved", null).ok).toBe(false);
  expect(setStatus("in_progress", "resolved", "Reset the password")).toEqual({ ok: true, status: "resolved" });
  expect(setStatus("open", "in_progress", null)).toEqual({ ok: true, status: "in_progress" });
  expect(setStatus("closed", "open", null).ok).toBe(false);
  expect(closeByUser("resolved")).toEqual({ ok: true, status: "closed" });
  expect(closeByUser("closed").ok).toBe(false);
});

test("priority support on the tier starts a ticket at high", () => {
  expect(initialPriority({ priority_support: 1 })).toBe("high");
  expect(initialPriority({ priority_support: 0 })).toBe("normal");
  expect(initialPriority(null)).toBe("normal");
});

test("redaction takes out API keys by their shapes", () => {
  const { text, counts } = redact(
    "my key is sk-ant-api03-abcdefghijklmnopqrstuvwx and sk-proj-ABCDEFGHIJKLMNOPQRSTUV12 ok",
  );
  expect(text).not.toContain("sk-ant-api03");
  expect(text).not.toContain("sk-proj-");
  expect(counts.apiKey).toBe(2);
  expect(redact("gh token ghp_abcdefghijklmnopqrstuvwxyz0123456789").counts.apiKey).toBe(1);
});

test("redaction takes out emails, Luhn-valid card numbers and phone numbers, and says so", () => {
  const { text, counts } = redact(
    "Mail me at sam.user+x@example.co.uk, card 4242 4242 4242 4242, call +44 20 7946 0958.",
  );
  expect(text).toBe("Mail me at [email redacted], card [card number redacted], call [phone number redacted].");
  expect(counts).toEqual({ apiKey: 0, email: 1, card: 1, phone: 1 });
  expect(describeRedactions(counts)).toBe("1 email address, 1 card number, 1 phone number");
});

test("numbers that are not cards or phones stay", () => {
  // Fails Luhn: a 16-digit order number is not a card, and it is too long to be a phone.
  expect(passesLuhn("4242424242424241")).toBe(false);
  expect(redact("order 4242424242424241").text).toBe("order 4242424242424241");
  expect(redact("I have 3 cats and 12 bots since 2026-12-01").text).toBe("I have 3 cats and 12 bots since 2026-12-01");
  expect(describeRedactions({ apiKey: 0 })).toBe("nothing");
});

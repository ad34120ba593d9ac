/** Audit rows in words: one test per action kind, the generic fallback, and times in the
 * reader's time zone. */
import { expect, test } from "vitest";
import { auditSentence, KNOWN_AUDIT_ACTIONS, type AuditRowForSentence } from "~/lib/staff/audit-sentences";
import { staffTime } from "~/lib/staff/local-time";

function row(
  action: string,
  targetType: string,
  before: object,
  after: object,
  extra: Partial<AuditRowForSentence> = {},
): AuditRowForSentence {
  return {
    action,
    actor_name: "Alex Admin",
    target_type: targetType,
    target_id: "id-1",
    before_json: JSON.stringify(before),
    after_json: JSON.stringify(after),
    ...extra,
  };
}

const cases: [string, AuditRowForSentence, string][] = [
  [
    "user.role",
    row("user.role", "user", { role: "user" }, { role: "support" }, { target_name: "Sam User" }),
    "Alex Admin changed Sam User's role from user to support",
  ],
  [
    "user.suspend",
    row(
      "user.suspend",
      "user",
      { suspended_at: null },
      { suspended_at: "2026-01-01T00:00:00Z" },
      { target_name: "Sam User" },
    ),
    "Alex Admin suspended Sam User",
  ],
  [
    "user.unsuspend",
    row("user.unsuspend", "user", {}, { suspended_at: null }, { target_name: "Sam User" }),
    "Alex Admin lifted Sam User's suspension",
  ],
  [
    "ticket.reply",
    row("ticket.reply", "ticket", {}, { message: "Hi" }, { actor_name: "Riley Support" }),
    "Riley Support replied to the ticket",
  ],
  [
    "ticket.note",
    row("ticket.note", "ticket", {}, { message: "Hm" }, { actor_name: "Riley Support", target_name: "Can't log in" }),
    "Riley Support added an internal note to the ticket “Can't log in”",
  ],
  [
    "ticket.assign",
    row("ticket.assign", "ticket", { assigned_to_id: null }, { assigned_to_id: "u-riley" }),
    "Alex Admin assigned the ticket to Riley Support",
  ],
  [
    "ticket.update",
    row(
      "ticket.update",
      "ticket",
      { status: "in_progress" },
      { status: "resolved", resolution: "Reset it" },
      { actor_name: "Riley Support" },
    ),
    "Riley Support resolved the ticket",
  ],
  [
    "application.accept",
    row(
      "application.accept",
      "application",
      { status: "pending" },
      { status: "approved" },
      { target_name: "Casey Creator" },
    ),
    "Alex Admin accepted Casey Creator's creator program application",
  ],
  [
    "application.reject",
    row("application.reject", "application", { status: "pending" }, { status: "rejected" }),
    "Alex Admin turned down a creator program application",
  ],
  [
    "report.unpublish",
    row("report.unpublish", "bot", { is_public: 1 }, { is_public: 0 }, { target_name: "Spammy" }),
    "Alex Admin unpublished the bot Spammy after a report",
  ],
  [
    "report.mark_nsfw",
    row("report.mark_nsfw", "bot", { is_nsfw: 0 }, { is_nsfw: 1 }, { target_name: "Spicy" }),
    "Alex Admin marked the bot Spicy as NSFW after a report",
  ],
  [
    "report.delete",
    row("report.delete", "bot", {}, { deleted: true }),
    "Alex Admin deleted a bot that no longer exists after a report",
  ],
  [
    "report.dismiss",
    row("report.dismiss", "bot", {}, { dismissed: 3 }, { target_name: "Fine Bot" }),
    "Alex Admin dismissed 3 reports about the bot Fine Bot",
  ],
  [
    "creator.badges",
    row(
      "creator.badges",
      "creator_profile",
      { is_verified: 0, is_featured: 1, is_premium: 0 },
      { is_verified: 1, is_featured: 0, is_premium: 0 },
      { target_name: "casey" },
    ),
    "Alex Admin gave casey the verified badge and took away casey's featured badge",
  ],
  [
    "content.create",
    row("content.create", "documentation", {}, { title: "Getting started" }),
    "Alex Admin created the help article “Getting started”",
  ],
  [
    "content.update",
    row("content.update", "legal_documents", { version: "1.0" }, { title: "Terms of Service", version: "2.0" }),
    "Alex Admin edited the legal document “Terms of Service”, version 2.0",
  ],
  [
    "content.publish",
    row("content.publish", "tutorials", { is_published: 0 }, { is_published: 1 }),
    "Alex Admin published the tutorial",
  ],
  [
    "content.unpublish",
    row(
      "content.unpublish",
      "legal_documents",
      { is_active: 1 },
      { is_active: 0 },
      { target_name: "Terms of Service" },
    ),
    "Alex Admin unpublished the legal document “Terms of Service”",
  ],
];

test("every action kind the app writes has a test here", () => {
  expect(cases.map(([kind]) => kind).sort()).toEqual([...KNOWN_AUDIT_ACTIONS].sort());
});

test.each(cases)("%s", (_kind, input, sentence) => {
  expect(auditSentence(input, { "u-riley": "Riley Support" })).toBe(sentence);
});

test("ticket updates: several changes in one sentence, reopening, and moving between states", () => {
  expect(
    auditSentence(
      row(
        "ticket.update",
        "ticket",
        { status: "open", priority: "normal" },
        { status: "in_progress", priority: "high" },
      ),
    ),
  ).toBe("Alex Admin moved the ticket from open to in progress and changed the priority from normal to high");
  expect(auditSentence(row("ticket.update", "ticket", { status: "resolved" }, { status: "open" }))).toBe(
    "Alex Admin reopened the ticket",
  );
  expect(auditSentence(row("ticket.update", "ticket", {}, {}))).toBe("Alex Admin saved the ticket without changes");
  expect(auditSentence(row("ticket.assign", "ticket", { assigned_to_id: "x" }, { assigned_to_id: null }))).toBe(
    "Alex Admin unassigned the ticket",
  );
  expect(auditSentence(row("ticket.assign", "ticket", {}, { assigned_to_id: "u-gone" }))).toBe(
    "Alex Admin assigned the ticket to another staff member",
  );
});

test("an unknown action, a missing actor or broken JSON still give a sentence", () => {
  expect(auditSentence(row("gift.refund", "token_ledger", {}, {}))).toBe(
    "Alex Admin did “gift.refund” to token ledger id-1",
  );
  expect(auditSentence({ ...row("user.suspend", "user", {}, {}), actor_name: null })).toBe(
    "A staff member who has since left suspended a user",
  );
  expect(auditSentence({ ...row("user.role", "user", {}, {}), before_json: "not json", after_json: "[1]" })).toBe(
    "Alex Admin changed a user's role from nothing to nothing",
  );
});

test("times are in the reader's time zone, shorter when recent", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  expect(staffTime("2026-03-10T15:42:00Z", "UTC", now)).toBe("15:42 UTC");
  expect(staffTime("2026-03-10T15:42:00Z", "Europe/London", now)).toBe("15:42 GMT");
  expect(staffTime("2026-03-03T15:42:00Z", "America/New_York", now)).toBe("3 Mar, 10:42 GMT-5");
  // Already 2026 in Paris, so no year.
  expect(staffTime("2025-12-31T23:30:00Z", "Europe/Paris", now)).toBe("1 Jan, 00:30 CET");
  expect(staffTime("2025-06-01T08:00:00Z", "UTC", now)).toBe("1 Jun 2025, 08:00 UTC");
  expect(staffTime("2026-03-10T15:42:00Z", "Not/AZone", now)).toBe("15:42 UTC");
  expect(staffTime("garbage", "UTC", now)).toBe("garbage");
});

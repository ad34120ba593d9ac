/**
 * Issue 16: the yearly SB 243 report at /staff/safety/report/:year (admins only), as a
 * printable page and as CSV, through the whole worker: for a seeded year it shows exactly
 * the counts the rows hold (referrals and withheld replies, other years left out), the
 * protocols, and nothing that identifies anyone; everyone but an admin gets a 404.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { anonymous, signedInAs, type Client } from "../support/worker-fetch";

const db = createDb(env.DB);
let admin: Client;
let support: Client;
let plain: Client;

beforeAll(async () => {
  await db
    .insertInto("users")
    .values([
      { id: "ada", email: "ada@example.com", role: "admin", age_group: "adult" },
      { id: "riley", email: "riley@example.com", role: "support", age_group: "adult" },
      { id: "sam", email: "sam-secret@example.com", role: "user", age_group: "adult" },
    ])
    .execute();
  await env.DB.prepare(
    "INSERT INTO crisis_referrals (month, region, language, referrals, withheld_replies) VALUES ('2026-01', 'us', 'en', 4, 1), ('2026-03', 'uk', 'es', 2, 0), ('2026-12', 'global', 'other', 0, 3), ('2025-12', 'us', 'en', 100, 100)",
  ).run();
  [admin, support, plain] = await Promise.all([signedInAs("ada"), signedInAs("riley"), signedInAs("sam")]);
});

test("the report for a seeded year matches the rows: notifications = referrals + withheld replies", async () => {
  const page = await admin.get("/staff/safety/report/2026");
  expect(page.status).toBe(200);
  expect(page.text).toMatch(/data-testid="report-notifications">10</);
  expect(page.text).toMatch(/data-testid="report-referrals">6</);
  expect(page.text).toMatch(/data-testid="report-withheld">4</);
  expect(page.text).toContain("Detecting suicidal ideation");
  expect(page.text).toContain("keeping the character from responding with it");
  expect(page.text).toContain('href="/staff/safety/report/2026/report.csv"');
  // Printable: the page marks itself for the print rules.
  expect(page.text).toContain("data-print-report");
  // Nothing about any person.
  expect(page.text).not.toContain("sam-secret@example.com");
});

test("the CSV has the same numbers and the protocols, as a download", async () => {
  const csv = await admin.get("/staff/safety/report/2026/report.csv");
  expect(csv.status).toBe(200);
  expect(csv.headers.get("Content-Type")).toContain("text/csv");
  expect(csv.headers.get("Content-Disposition")).toBe('attachment; filename="botcafe-sb243-report-2026.csv"');
  const rows = Object.fromEntries(
    csv.text
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => [line.slice(0, line.indexOf(",")), line.slice(line.indexOf(",") + 1)]),
  );
  expect(rows).toMatchObject({
    reporting_period_start: "2026-01-01",
    reporting_period_end: "2026-12-31",
    due: "2027-07-01",
    crisis_referral_notifications_issued: "10",
    of_which_after_a_user_message: "6",
    of_which_in_place_of_a_withheld_reply: "4",
  });
  expect(Object.keys(rows).filter((k) => k.startsWith("protocol_")).length).toBeGreaterThanOrEqual(4);
  expect(rows.protocol_remove_1).toMatch(/^"A reply that encourages/);
});

test("a year before counting began, a year not yet begun, or not a year is a 404", async () => {
  // 2025 is before counting began.
  expect((await admin.get("/staff/safety/report/2025")).status).toBe(404);
  expect((await admin.get(`/staff/safety/report/${new Date().getUTCFullYear() + 1}`)).status).toBe(404);
  expect((await admin.get("/staff/safety/report/20x6")).status).toBe(404);
  expect((await admin.get("/staff/safety/report/2026x/report.csv")).status).toBe(404);
});

test("admins only: support staff, plain users and signed-out people get a 404 for both formats", async () => {
  for (const client of [support, plain, anonymous]) {
    expect((await client.get("/staff/safety/report/2026")).status).toBe(404);
    expect((await client.get("/staff/safety/report/2026/report.csv")).status).toBe(404);
  }
});

test("/staff/safety links admins to the report and shows the withheld replies", async () => {
  const page = await admin.get("/staff/safety?year=2026");
  expect(page.text).toContain('href="/staff/safety/report/2026"');
  expect(page.text).toMatch(/data-testid="withheld-total">4</);
  expect((await support.get("/staff/safety?year=2026")).text).not.toContain('href="/staff/safety/report/2026"');
});

/**
 * The staff console through its real loaders and actions against local D1: each role ×
 * each staff route (200 / 404), moderation outcomes (bot change, reporter and creator
 * notified, audit row), application decisions (reason shown on /programs), badges,
 * admin-only user changes and suspension (public bots hidden, then restored).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, test } from "vitest";
import type { RouterContextProvider } from "react-router";
import { authMiddleware } from "~/lib/auth/middleware";
import { createDb } from "#db/client";
import { createSession } from "~/lib/auth/sessions";
import { SESSION_COOKIE, sessionSecret, signSession } from "~/lib/auth/session";
import { userContext } from "~/lib/context";
import * as programs from "~/routes/creators/programs";
import * as applications from "~/routes/staff/applications";
import * as audit from "~/routes/staff/audit";
import * as creators from "~/routes/staff/creators";
import * as home from "~/routes/staff/home";
import * as reports from "~/routes/staff/reports";
import * as ticket from "~/routes/staff/ticket";
import * as tickets from "~/routes/staff/tickets";
import * as users from "~/routes/staff/users";
import { args, count, form, person, statusOf } from "../support/route-calls";

const admin = person("admin", "admin");
const riley = person("riley", "support");
const casey = person("casey", "creator");
const sam = person("sam");

beforeAll(async () => {
  await env.DB.batch([
    ...[admin, riley, casey, sam].map((u) =>
      env.DB.prepare("INSERT INTO users (id, email, role) VALUES (?, ?, ?)").bind(u.id, u.email, u.role),
    ),
    env.DB.prepare(
      "INSERT INTO creator_profiles (id, user_id, username, follower_count) VALUES ('cp-casey', 'casey', 'casey', 3)",
    ),
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('bot-a', 'Alpha', 'alpha', 'casey', 1), ('bot-b', 'Beta', 'beta', 'casey', 1), ('bot-c', 'Gamma', 'gamma', 'casey', 1), ('bot-private', 'Quiet', 'quiet', 'casey', 0)",
    ),
    env.DB.prepare(
      "INSERT INTO support_tickets (id, user_id, subject, description, category, revision) VALUES ('t-1', 'sam', 'Help', 'Please', 'bug', 'r1')",
    ),
    env.DB.prepare(
      "INSERT INTO creator_programs (id, name, min_public_bots, min_followers) VALUES ('prog-1', 'Rising Stars', 2, 10)",
    ),
    env.DB.prepare(
      "INSERT INTO creator_program_applications (id, program_id, user_id, message) VALUES ('app-1', 'prog-1', 'casey', 'Pick me')",
    ),
  ]);
});

const staffPages = [
  ["/staff", home.loader, {}],
  ["/staff/tickets", tickets.loader, {}],
  ["/staff/tickets/t-1", ticket.loader, { ticketId: "t-1" }],
  ["/staff/reports", reports.loader, {}],
  ["/staff/applications", applications.loader, {}],
  ["/staff/creators", creators.loader, {}],
  ["/staff/audit", audit.loader, {}],
] as const;

describe.each([
  ["signed out", null, 404],
  ["user", sam, 404],
  ["creator", casey, 404],
  ["support", riley, 200],
  ["admin", admin, 200],
] as const)("%s", (_label, user, expected) => {
  test.each(staffPages)(`GET %s answers ${expected}`, async (path, loader, params) => {
    expect((await statusOf(() => loader(args(user, path, params)))).status).toBe(expected);
  });
  test(`/staff/users answers ${user?.role === "admin" ? 200 : 404}`, async () => {
    expect((await statusOf(() => users.loader(args(user, "/staff/users")))).status).toBe(
      user?.role === "admin" ? 200 : 404,
    );
  });
});

test("staff actions are a 404 to non-staff and change nothing", async () => {
  await env.DB.prepare(
    "INSERT INTO moderation_reports (id, reporter_id, bot_id, reason) VALUES ('rep-x', 'sam', 'bot-c', 'spam')",
  ).run();
  for (const user of [null, sam, casey]) {
    expect(
      (
        await statusOf(() =>
          reports.action(args(user, "/staff/reports", {}, form({ intent: "delete", reportId: "rep-x", note: "x" }))),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await statusOf(() =>
          applications.action(
            args(user, "/staff/applications", {}, form({ intent: "approve", applicationId: "app-1", reason: "x" })),
          ),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await statusOf(() =>
          creators.action(
            args(user, "/staff/creators", {}, form({ intent: "badges", profileId: "cp-casey", is_verified: "on" })),
          ),
        )
      ).status,
    ).toBe(404);
  }
  // Support staff cannot change roles or suspend.
  expect(
    (
      await statusOf(() =>
        users.action(args(riley, "/staff/users", {}, form({ intent: "role", userId: "sam", role: "admin" }))),
      )
    ).status,
  ).toBe(404);
  expect(await count("SELECT count(*) AS n FROM bots WHERE id = 'bot-c'")).toBe(1);
  expect(await count("SELECT count(*) AS n FROM users WHERE id = 'sam' AND role = 'user'")).toBe(1);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log")).toBe(0);
});

test("unpublishing a reported bot settles its reports, notifies creator and reporter, and is audited", async () => {
  await env.DB.prepare(
    "INSERT INTO moderation_reports (id, reporter_id, bot_id, reason, details) VALUES ('rep-1', 'sam', 'bot-a', 'harassment', 'Rude'), ('rep-2', 'admin', 'bot-a', 'spam', '')",
  ).run();
  const queue = (await statusOf(() => reports.loader(args(riley, "/staff/reports")))).body as {
    reports: { id: string; report_count: number; bot_system_prompt: string }[];
  };
  expect(queue.reports.find((r) => r.id === "rep-1")!.report_count).toBe(2);

  const missingNote = await statusOf(() =>
    reports.action(args(riley, "/staff/reports", {}, form({ intent: "unpublish", reportId: "rep-1", note: "" }))),
  );
  expect(missingNote.status).toBe(400);
  expect(await count("SELECT count(*) AS n FROM bots WHERE id = 'bot-a' AND is_public = 1")).toBe(1);

  expect(
    (
      await statusOf(() =>
        reports.action(
          args(
            riley,
            "/staff/reports",
            {},
            form({ intent: "unpublish", reportId: "rep-1", note: "Breaks the rules on harassment", confirmed: "yes" }),
          ),
        ),
      )
    ).status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM bots WHERE id = 'bot-a' AND is_public = 0")).toBe(1);
  expect(
    await count(
      "SELECT count(*) AS n FROM moderation_reports WHERE bot_id = 'bot-a' AND status = 'actioned' AND outcome = 'unpublish'",
    ),
  ).toBe(2);
  expect(
    await count("SELECT count(*) AS n FROM notifications WHERE user_id = 'casey' AND kind = 'report_outcome'"),
  ).toBe(1);
  expect(await count("SELECT count(*) AS n FROM notifications WHERE user_id = 'sam' AND kind = 'report_outcome'")).toBe(
    1,
  );
  expect(
    await count(
      "SELECT count(*) AS n FROM staff_audit_log WHERE action = 'report.unpublish' AND target_id = 'bot-a' AND actor_id = 'riley'",
    ),
  ).toBe(1);
  // Handled once: acting again is a 400 and writes no second audit row.
  expect(
    (
      await statusOf(() =>
        reports.action(
          args(riley, "/staff/reports", {}, form({ intent: "dismiss", reportId: "rep-1", note: "again" })),
        ),
      )
    ).status,
  ).toBe(400);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = 'bot-a'")).toBe(1);
});

test("deleting a reported bot removes it and still leaves the audit row and notifications", async () => {
  await env.DB.prepare(
    "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('bot-d', 'Delta', 'delta', 'casey', 1)",
  ).run();
  await env.DB.prepare(
    "INSERT INTO moderation_reports (id, reporter_id, bot_id, reason) VALUES ('rep-d', 'sam', 'bot-d', 'illegal')",
  ).run();
  expect(
    (
      await statusOf(() =>
        reports.action(
          args(
            admin,
            "/staff/reports",
            {},
            form({ intent: "delete", reportId: "rep-d", note: "Illegal content", confirmed: "yes" }),
          ),
        ),
      )
    ).status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM bots WHERE id = 'bot-d'")).toBe(0);
  expect(
    await count("SELECT count(*) AS n FROM staff_audit_log WHERE action = 'report.delete' AND target_id = 'bot-d'"),
  ).toBe(1);
  expect(
    await count("SELECT count(*) AS n FROM notifications WHERE user_id = 'sam' AND body = 'The bot was deleted.'"),
  ).toBe(1);
});

test("an application is checked against real numbers, rejected with a reason, and the creator sees it", async () => {
  const queue = (await statusOf(() => applications.loader(args(riley, "/staff/applications")))).body as {
    applications: { id: string; checks: { label: string; met: boolean; actual: number }[] }[];
  };
  const checks = queue.applications.find((a) => a.id === "app-1")!.checks;
  expect(checks.find((c) => c.label === "Followers")).toMatchObject({ actual: 3, met: false });
  expect(checks.find((c) => c.label === "Public bots")!.met).toBe(true);

  expect(
    (
      await statusOf(() =>
        applications.action(
          args(riley, "/staff/applications", {}, form({ intent: "reject", applicationId: "app-1", reason: "" })),
        ),
      )
    ).status,
  ).toBe(400);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = 'app-1'")).toBe(0);

  expect(
    (
      await statusOf(() =>
        applications.action(
          args(
            riley,
            "/staff/applications",
            {},
            form({ intent: "reject", applicationId: "app-1", reason: "Come back at 10 followers" }),
          ),
        ),
      )
    ).status,
  ).toBe(303);
  expect(
    await count(
      "SELECT count(*) AS n FROM creator_program_applications WHERE id = 'app-1' AND status = 'rejected' AND decided_by_id = 'riley'",
    ),
  ).toBe(1);
  expect(
    await count("SELECT count(*) AS n FROM notifications WHERE user_id = 'casey' AND kind = 'application_decision'"),
  ).toBe(1);
  expect(
    await count(
      "SELECT count(*) AS n FROM staff_audit_log WHERE target_id = 'app-1' AND action = 'application.reject'",
    ),
  ).toBe(1);
  const page = (await statusOf(() => programs.loader(args(casey, "/programs")))).body as {
    applications: { status: string; decision_reason: string }[];
  };
  expect(page.applications[0]).toMatchObject({ status: "rejected", decision_reason: "Come back at 10 followers" });
  // Deciding twice is refused and leaves one audit row.
  expect(
    (
      await statusOf(() =>
        applications.action(
          args(admin, "/staff/applications", {}, form({ intent: "approve", applicationId: "app-1", reason: "oops" })),
        ),
      )
    ).status,
  ).toBe(400);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = 'app-1'")).toBe(1);
});

test("badges: a change is audited with before and after; saving no change writes nothing", async () => {
  expect(
    (
      await statusOf(() =>
        creators.action(
          args(riley, "/staff/creators", {}, form({ intent: "badges", profileId: "cp-casey", is_verified: "on" })),
        ),
      )
    ).status,
  ).toBe(303);
  expect(
    await count(
      "SELECT count(*) AS n FROM creator_profiles WHERE id = 'cp-casey' AND is_verified = 1 AND is_featured = 0",
    ),
  ).toBe(1);
  const row = await env.DB.prepare(
    "SELECT before_json, after_json FROM staff_audit_log WHERE action = 'creator.badges'",
  ).first<{ before_json: string; after_json: string }>();
  expect(JSON.parse(row!.before_json)).toMatchObject({ is_verified: 0 });
  expect(JSON.parse(row!.after_json)).toMatchObject({ is_verified: 1 });
  expect(
    (
      await statusOf(() =>
        creators.action(
          args(riley, "/staff/creators", {}, form({ intent: "badges", profileId: "cp-casey", is_verified: "on" })),
        ),
      )
    ).status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log WHERE action = 'creator.badges'")).toBe(1);
});

/** Who the real auth middleware says is signed in, for a request carrying userId's session. */
async function signedInAs(userId: string): Promise<string | null> {
  const sessionId = await createSession(createDb(env.DB), userId, new Request("https://botcafe.test/sign-in"));
  const cookie = `${SESSION_COOKIE}=${await signSession(sessionId, sessionSecret(env)!)}`;
  const call = args(null, "/", {}, { headers: { Cookie: cookie } }) as unknown as {
    request: Request;
    context: RouterContextProvider;
  };
  await authMiddleware(
    { request: call.request, context: call.context, params: {}, url: new URL(call.request.url), pattern: "/" } as never,
    async () => new Response("ok"),
  );
  return call.context.get(userContext)?.id ?? null;
}

test("suspension hides exactly the public bots, signs the user out, and lifting it restores them", async () => {
  await env.DB.prepare("INSERT INTO users (id, email, role) VALUES ('mo', 'mo@example.com', 'creator')").run();
  await env.DB.prepare(
    "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('mo-pub', 'Mo1', 'mo1', 'mo', 1), ('mo-priv', 'Mo2', 'mo2', 'mo', 0)",
  ).run();
  expect(
    (
      await statusOf(() =>
        users.action(args(admin, "/staff/users", {}, form({ intent: "suspend", userId: "mo", note: "" }))),
      )
    ).status,
  ).toBe(400);
  expect(
    (
      await statusOf(() =>
        users.action(
          args(
            admin,
            "/staff/users",
            {},
            form({ intent: "suspend", userId: "mo", note: "Spam bots", confirmed: "yes" }),
          ),
        ),
      )
    ).status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM bots WHERE created_by_id = 'mo' AND is_public = 1")).toBe(0);
  expect(await count("SELECT count(*) AS n FROM users WHERE id = 'mo' AND suspended_at IS NOT NULL")).toBe(1);
  expect(
    await count("SELECT count(*) AS n FROM staff_audit_log WHERE action = 'user.suspend' AND target_id = 'mo'"),
  ).toBe(1);

  // The auth middleware treats the suspended account as signed out, even with a valid session.
  expect(await signedInAs("mo")).toBeNull();
  expect(await signedInAs("casey")).toBe("casey");

  expect(
    (
      await statusOf(() =>
        users.action(args(admin, "/staff/users", {}, form({ intent: "unsuspend", userId: "mo", note: "" }))),
      )
    ).status,
  ).toBe(303);
  expect(
    await count("SELECT count(*) AS n FROM bots WHERE id = 'mo-pub' AND is_public = 1 AND hidden_by_suspension = 0"),
  ).toBe(1);
  expect(await count("SELECT count(*) AS n FROM bots WHERE id = 'mo-priv' AND is_public = 0")).toBe(1);
});

test("admins change roles (audited) but never their own", async () => {
  expect(
    (
      await statusOf(() =>
        users.action(args(admin, "/staff/users", {}, form({ intent: "role", userId: "sam", role: "support" }))),
      )
    ).status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM users WHERE id = 'sam' AND role = 'support'")).toBe(1);
  expect(
    await count("SELECT count(*) AS n FROM staff_audit_log WHERE action = 'user.role' AND target_id = 'sam'"),
  ).toBe(1);
  expect(
    (
      await statusOf(() =>
        users.action(args(admin, "/staff/users", {}, form({ intent: "role", userId: "admin", role: "user" }))),
      )
    ).status,
  ).toBe(400);
  expect(
    (
      await statusOf(() =>
        users.action(args(admin, "/staff/users", {}, form({ intent: "role", userId: "sam", role: "overlord" }))),
      )
    ).status,
  ).toBe(400);
  const found = (await statusOf(() => users.loader(args(admin, "/staff/users?email=SAM@example.com")))).body as {
    found: { id: string } | null;
  };
  expect(found.found?.id).toBe("sam");
});

test("the audit page filters by action and pages", async () => {
  const page = (await statusOf(() => audit.loader(args(riley, "/staff/audit?action=user.role")))).body as {
    rows: { action: string }[];
  };
  expect(page.rows.length).toBeGreaterThan(0);
  expect(page.rows.every((r) => r.action === "user.role")).toBe(true);
});

test("suspending a user ends the sessions they already had", async () => {
  await env.DB.prepare("INSERT INTO users (id, email, role) VALUES ('kit', 'kit@example.com', 'user')").run();
  const sessionId = await createSession(createDb(env.DB), "kit", new Request("https://botcafe.test/sign-in"));
  expect(
    (
      await statusOf(() =>
        users.action(
          args(admin, "/staff/users", {}, form({ intent: "suspend", userId: "kit", note: "Abuse", confirmed: "yes" })),
        ),
      )
    ).status,
  ).toBe(303);
  const row = await env.DB.prepare("SELECT revoked_at FROM sessions WHERE id = ?")
    .bind(sessionId)
    .first<{ revoked_at: string | null }>();
  expect(row?.revoked_at).not.toBeNull();
  // Lifting the suspension does not bring an ended session back.
  expect(
    (
      await statusOf(() =>
        users.action(args(admin, "/staff/users", {}, form({ intent: "unsuspend", userId: "kit", note: "" }))),
      )
    ).status,
  ).toBe(303);
  expect(await signedInAs("kit")).toBe("kit");
});

/**
 * Staff tools for real work, through the real loaders and actions against local D1:
 * finding users by part of an email or name (pages of 20), the legal list telling versions
 * apart (version, effective date, status), and the confirm step before destructive actions
 * (suspend, role change to/from admin, unpublish, deleting a reported bot).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, test } from "vitest";
import * as contentList from "~/routes/staff/content-list";
import * as reports from "~/routes/staff/reports";
import * as users from "~/routes/staff/users";
import { args, count, form, person, statusOf } from "../support/route-calls";

const admin = person("st-admin", "admin");

beforeAll(async () => {
  const stmt = env.DB.prepare("INSERT INTO users (id, email, display_name, role) VALUES (?, ?, ?, ?)");
  await env.DB.batch([
    stmt.bind(admin.id, admin.email, "Alex Admin", "admin"),
    stmt.bind("st-sam", "sam@example.com", "Sam User", "user"),
    stmt.bind("st-other-admin", "otheradmin@example.com", "Olive Admin", "admin"),
    // 45 people whose email has "pager", and one whose display name has it.
    ...Array.from({ length: 45 }, (_, i) =>
      stmt.bind(`st-p${i}`, `person${String(i).padStart(2, "0")}.PAGER@example.com`, `Person ${i}`, "user"),
    ),
    stmt.bind("st-named", "quiet@example.org", "The Pagerduty Fan", "user"),
    stmt.bind("st-percent", "100%real@example.org", "Percent", "user"),
  ]);
});

type SearchPage = {
  results: { id: string; email: string }[];
  hasNext: boolean;
  found: { id: string } | null;
  error: string | null;
  q: string;
};
const search = async (query: string) => {
  const outcome = await statusOf(() => users.loader(args(admin, `/staff/users?${query}`)));
  return { status: outcome.status, body: outcome.body as SearchPage };
};

describe("finding users", () => {
  test("by part of an email or name, any case, in pages of 20 with a next page only when there is one", async () => {
    const first = await search("q=pager");
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(20);
    expect(first.body.hasNext).toBe(true);
    const third = await search("q=PaGeR&page=3");
    // 45 by email + 1 by display name = 46: the third page has 6, and no next.
    expect(third.body.results).toHaveLength(6);
    expect(third.body.hasNext).toBe(false);
    const all = [...first.body.results, ...(await search("q=pager&page=2")).body.results, ...third.body.results].map(
      (r) => r.id,
    );
    expect(new Set(all).size).toBe(46);
    expect(all).toContain("st-named");
  });

  test("the typed text is matched literally: % and _ are not wildcards", async () => {
    expect((await search(`q=${encodeURIComponent("%")}`)).body.results.map((r) => r.id)).toEqual(["st-percent"]);
    expect((await search(`q=${encodeURIComponent("_")}`)).body.results).toEqual([]);
  });

  test("a search longer than 100 characters is a 400 that keeps what was typed", async () => {
    const long = "a".repeat(101);
    const outcome = await search(`q=${long}`);
    expect(outcome.status).toBe(400);
    expect(outcome.body.q).toBe(long);
    expect(outcome.body.error).toMatch(/at most 100/);
    expect(outcome.body.results).toEqual([]);
  });

  test("a result opens that user's card; exact email still works", async () => {
    expect((await search("q=sam&user=st-sam")).body.found?.id).toBe("st-sam");
    expect((await search("email=SAM@example.com")).body.found?.id).toBe("st-sam");
  });
});

describe("destructive actions ask first", () => {
  const post = (fields: Record<string, string>) =>
    statusOf(() => users.action(args(admin, "/staff/users", {}, form(fields))));
  type Asked = { status: string; confirm?: { title: string; message: string }; values: Record<string, string> };

  test("suspending: the first post asks, Cancel keeps the reason, Confirm suspends", async () => {
    const asked = await post({ intent: "suspend", userId: "st-sam", note: "Spam bots everywhere" });
    expect(asked.status).toBe(200);
    const body = asked.body as Asked;
    expect(body.status).toBe("confirm");
    expect(body.confirm?.title).toBe("Suspend Sam User?");
    expect(body.confirm?.message).toContain("Spam bots everywhere");
    expect(body.values).toMatchObject({ intent: "suspend", userId: "st-sam", note: "Spam bots everywhere" });
    expect(await count("SELECT count(*) AS n FROM users WHERE id = 'st-sam' AND suspended_at IS NOT NULL")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = 'st-sam'")).toBe(0);

    const cancelled = await post({
      intent: "suspend",
      userId: "st-sam",
      note: "Spam bots everywhere",
      confirmed: "no",
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", values: { note: "Spam bots everywhere" } });
    expect(await count("SELECT count(*) AS n FROM users WHERE id = 'st-sam' AND suspended_at IS NOT NULL")).toBe(0);

    // Bad input is still a 400 before anything is asked.
    expect((await post({ intent: "suspend", userId: "st-sam", note: "" })).status).toBe(400);

    expect(
      (await post({ intent: "suspend", userId: "st-sam", note: "Spam bots everywhere", confirmed: "yes" })).status,
    ).toBe(303);
    expect(await count("SELECT count(*) AS n FROM users WHERE id = 'st-sam' AND suspended_at IS NOT NULL")).toBe(1);
    // Lifting a suspension is not destructive: no question.
    expect((await post({ intent: "unsuspend", userId: "st-sam", note: "" })).status).toBe(303);
  });

  test("a role change to or from admin asks; other role changes do not", async () => {
    const toAdmin = await post({ intent: "role", userId: "st-sam", role: "admin", note: "" });
    expect((toAdmin.body as Asked).confirm?.title).toBe("Make Sam User an admin?");
    expect(await count("SELECT count(*) AS n FROM users WHERE id = 'st-sam' AND role = 'admin'")).toBe(0);
    const fromAdmin = await post({ intent: "role", userId: "st-other-admin", role: "user", note: "" });
    expect((fromAdmin.body as Asked).confirm?.title).toBe("Take away Olive Admin's admin role?");
    expect(await count("SELECT count(*) AS n FROM users WHERE id = 'st-other-admin' AND role = 'admin'")).toBe(1);
    expect((await post({ intent: "role", userId: "st-sam", role: "creator", note: "" })).status).toBe(303);
    expect(await count("SELECT count(*) AS n FROM users WHERE id = 'st-sam' AND role = 'creator'")).toBe(1);
    expect(
      (await post({ intent: "role", userId: "st-other-admin", role: "user", note: "", confirmed: "yes" })).status,
    ).toBe(303);
    expect(await count("SELECT count(*) AS n FROM users WHERE id = 'st-other-admin' AND role = 'user'")).toBe(1);
  });

  test("deleting or unpublishing a reported bot asks; dismissing does not", async () => {
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('st-bot', 'Spammy', 'st-spammy', 'st-p1', 1)",
      ),
      env.DB.prepare(
        "INSERT INTO moderation_reports (id, bot_id, reporter_id, reason) VALUES ('st-rep', 'st-bot', 'st-p2', 'spam')",
      ),
    ]);
    const call = (fields: Record<string, string>) =>
      statusOf(() => reports.action(args(admin, "/staff/reports", {}, form(fields))));
    const asked = await call({ intent: "delete", reportId: "st-rep", note: "Illegal" });
    expect((asked.body as Asked).confirm?.title).toBe("Delete the bot Spammy?");
    expect(await count("SELECT count(*) AS n FROM bots WHERE id = 'st-bot'")).toBe(1);
    expect(((await call({ intent: "unpublish", reportId: "st-rep", note: "Spam" })).body as Asked).status).toBe(
      "confirm",
    );
    expect(await count("SELECT count(*) AS n FROM bots WHERE id = 'st-bot' AND is_public = 1")).toBe(1);
    expect((await call({ intent: "unpublish", reportId: "st-rep", note: "Spam", confirmed: "yes" })).status).toBe(303);
    expect(await count("SELECT count(*) AS n FROM bots WHERE id = 'st-bot' AND is_public = 0")).toBe(1);
  });
});

describe("legal documents", () => {
  beforeAll(async () => {
    const stmt = env.DB.prepare(
      "INSERT INTO legal_documents (id, title, type, version, effective_date, is_active) VALUES (?, 'Terms of Service', 'terms', ?, ?, ?)",
    );
    await env.DB.batch([
      stmt.bind("tos-1", "1.0", "2020-01-01", 1),
      stmt.bind("tos-2", "2.0", "2021-06-01", 1),
      stmt.bind("tos-3", "3.0", "2099-01-01", 1),
      stmt.bind("tos-4", "4.0-draft", "2099-06-01", 0),
    ]);
  });

  test("the list shows each version with its effective date and status", async () => {
    const page = (
      await statusOf(() => contentList.loader(args(admin, "/staff/content/legal", { collection: "legal" })))
    ).body as {
      rows: { id: string; details: string[]; legalStatus: string | null }[];
    };
    const byId = Object.fromEntries(page.rows.map((r) => [r.id, r]));
    expect(byId["tos-2"]).toMatchObject({
      legalStatus: "published",
      details: ["Terms of Service", "version 2.0", "effective 2021-06-01"],
    });
    expect(byId["tos-1"]?.legalStatus).toBe("superseded");
    expect(byId["tos-3"]?.legalStatus).toBe("scheduled");
    expect(byId["tos-4"]?.legalStatus).toBe("draft");
    // Newest first within a type.
    expect(page.rows.map((r) => r.id).filter((id) => id.startsWith("tos-"))).toEqual([
      "tos-4",
      "tos-3",
      "tos-2",
      "tos-1",
    ]);
  });

  test("Unpublish asks, naming the version and what comes back into force; Confirm unpublishes", async () => {
    const call = (fields: Record<string, string>) =>
      statusOf(() => contentList.action(args(admin, "/staff/content/legal", { collection: "legal" }, form(fields))));
    const asked = await call({ intent: "unpublish", id: "tos-2" });
    expect(asked.status).toBe(200);
    const body = asked.body as { status: string; confirm: { title: string; message: string } };
    expect(body.status).toBe("confirm");
    expect(body.confirm.title).toBe("Unpublish version 2.0 of the Terms of Service?");
    expect(body.confirm.message).toBe(
      "Are you sure? This hides version 2.0 of the Terms of Service (effective 2021-06-01) from everyone. Version 1.0 (effective 2020-01-01) will be the one in force again.",
    );
    expect(await count("SELECT count(*) AS n FROM legal_documents WHERE id = 'tos-2' AND is_active = 1")).toBe(1);
    expect((await call({ intent: "unpublish", id: "tos-2", confirmed: "yes" })).status).toBe(303);
    expect(await count("SELECT count(*) AS n FROM legal_documents WHERE id = 'tos-2' AND is_active = 0")).toBe(1);
    expect(
      await count(
        "SELECT count(*) AS n FROM staff_audit_log WHERE action = 'content.unpublish' AND target_id = 'tos-2'",
      ),
    ).toBe(1);
    // Publishing is not destructive: no question.
    expect((await call({ intent: "publish", id: "tos-2" })).status).toBe(303);
  });
});

/**
 * Nothing a person can send to the support, staff and sharing actions produces a 500:
 * missing fields, repeated fields (arrays), wrong types and very long strings are all
 * answered with a 4xx, and the database is unchanged.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import * as share from "~/routes/sharing/share";
import * as applications from "~/routes/staff/applications";
import * as contentEdit from "~/routes/staff/content-edit";
import * as contentList from "~/routes/staff/content-list";
import * as creators from "~/routes/staff/creators";
import * as reports from "~/routes/staff/reports";
import * as staffTicket from "~/routes/staff/ticket";
import * as users from "~/routes/staff/users";
import * as newTicket from "~/routes/support/new";
import * as notifications from "~/routes/support/notifications";
import * as userTicket from "~/routes/support/ticket";
import { args, count, person, statusOf } from "../support/route-calls";

const admin = person("admin", "admin");
const sam = person("sam");

beforeAll(async () => {
  await env.DB.batch([
    ...[admin, sam].map((u) =>
      env.DB.prepare("INSERT INTO users (id, email, role) VALUES (?, ?, ?)").bind(u.id, u.email, u.role),
    ),
    env.DB.prepare(
      "INSERT INTO support_tickets (id, user_id, subject, description, category, revision) VALUES ('t-1', 'sam', 'Help', 'Please', 'bug', 'r1')",
    ),
    env.DB.prepare("INSERT INTO bots (id, name, slug, created_by_id) VALUES ('b-1', 'Pal', 'pal', 'sam')"),
  ]);
});

const long = "x".repeat(300_000);
const garbage: [string, string][][] = [
  [],
  [["intent", "reply"]],
  [
    ["intent", "reply"],
    ["intent", "note"],
  ],
  [
    ["intent", long],
    ["body", long],
    ["note", long],
    ["revision", long],
    ["loadedAt", long],
  ],
  [
    ["intent", "update"],
    ["status", "nope"],
    ["priority", "1"],
    ["category", "[]"],
    ["revision", "r1"],
    ["loadedAt", "x"],
  ],
  [
    ["intent", "share"],
    ["email", long],
    ["level", "view"],
  ],
  [
    ["intent", "save"],
    ["title", long],
    ["slug", "A B"],
    ["order", "1e9"],
    ["content", long],
  ],
  [
    ["intent", "delete"],
    ["reportId", "missing"],
    ["note", "n"],
  ],
  [
    ["intent", "approve"],
    ["applicationId", "missing"],
    ["reason", "r"],
  ],
  [
    ["intent", "badges"],
    ["profileId", "missing"],
    ["is_verified", "maybe"],
  ],
  [
    ["intent", "role"],
    ["userId", "sam"],
    ["role", "admin"],
    ["role", "user"],
  ],
  [
    ["intent", "read"],
    ["id", long],
  ],
];

function post(fields: [string, string][]): RequestInit {
  const body = new FormData();
  for (const [k, v] of fields) body.append(k, v);
  return { method: "POST", body };
}

const actions: [string, (a: never) => Promise<unknown>, typeof admin, Record<string, string>][] = [
  ["/support/new", newTicket.action, sam, {}],
  ["/support/t-1", userTicket.action, sam, { ticketId: "t-1" }],
  ["/notifications", notifications.action, sam, {}],
  ["/staff/tickets/t-1", staffTicket.action, admin, { ticketId: "t-1" }],
  ["/staff/reports", reports.action, admin, {}],
  ["/staff/applications", applications.action, admin, {}],
  ["/staff/creators", creators.action, admin, {}],
  ["/staff/users", users.action, admin, {}],
  ["/staff/content/docs/new", contentEdit.action, admin, { collection: "docs", id: "new" }],
  ["/staff/content/docs", contentList.action, admin, { collection: "docs" }],
  ["/share/bot/b-1", share.action, sam, { type: "bot", resourceId: "b-1" }],
];

test.each(actions)("%s answers garbage with a 4xx, never a 500", async (path, action, user, params) => {
  for (const fields of garbage) {
    const { status } = await statusOf(() => action(args(user, path, params, post(fields)) as never));
    expect(status, `${path} with ${fields.map(([k]) => k).join(",")}`).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  }
  expect(await count("SELECT count(*) AS n FROM support_tickets")).toBe(1);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log")).toBe(0);
  expect(await count("SELECT count(*) AS n FROM ticket_messages")).toBe(0);
});

/**
 * The support desk through its real loaders and actions against local D1: opening a ticket
 * with a redacted conversation, priority support, the user's thread (never notes), reply
 * reopens, resolve needs a resolution, the collision check, and audit rows + notifications
 * landing with the change and never without it.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import * as newTicket from "~/routes/support/new";
import * as userTicket from "~/routes/support/ticket";
import * as staffTicket from "~/routes/staff/ticket";
import * as notifications from "~/routes/support/notifications";
import { args, count, form, person, statusOf } from "../support/route-calls";

const sam = person("sam");
const pat = person("pat");
const vip = person("vip");
const riley = person("riley", "support");
const robin = person("robin", "support");

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO subscription_tiers (id, name, priority_support) VALUES ('tier-pro', 'Pro', 1)"),
    ...[sam, pat, riley, robin].map((u) =>
      env.DB.prepare("INSERT INTO users (id, email, role) VALUES (?, ?, ?)").bind(u.id, u.email, u.role),
    ),
    env.DB.prepare("INSERT INTO users (id, email, subscription_tier_id) VALUES ('vip', 'vip@example.com', 'tier-pro')"),
    env.DB.prepare("INSERT INTO bots (id, name, slug, created_by_id) VALUES ('bot-1', 'Pal', 'pal', 'pat')"),
    env.DB.prepare(
      "INSERT INTO conversations (id, user_id, bot_id, title) VALUES ('conv-sam', 'sam', 'bot-1', 'Chat with Pal')",
    ),
    env.DB.prepare(
      "INSERT INTO conversations (id, user_id, bot_id, title) VALUES ('conv-pat', 'pat', 'bot-1', 'Pat chat')",
    ),
    env.DB.prepare(
      "INSERT INTO messages (id, conversation_id, role, sender_type, seq, content) VALUES ('m1', 'conv-sam', 'user', 'user', 1, 'my key sk-ant-api03-abcdefghijklmnopqrstuvwxyz mail sam@example.org card 4111 1111 1111 1111 phone +1 415 555 0100')",
    ),
    env.DB.prepare(
      "INSERT INTO messages (id, conversation_id, role, sender_type, seq, content) VALUES ('m2', 'conv-sam', 'assistant', 'bot', 2, 'Hello there')",
    ),
  ]);
});

async function open(user = sam, extra: Record<string, string> = {}): Promise<string> {
  const result = await statusOf(() =>
    newTicket.action(
      args(
        user,
        "/support/new",
        {},
        form({ subject: "Chat is broken", description: "It stops mid-reply.", category: "bug", ...extra }),
      ),
    ),
  );
  expect(result.status).toBe(303);
  return /\/support\/([^?]+)/.exec(result.location!)![1]!;
}

async function staffView(ticketId: string, staff = riley) {
  const result = await statusOf(() => staffTicket.loader(args(staff, `/staff/tickets/${ticketId}`, { ticketId })));
  expect(result.status).toBe(200);
  return result.body as Awaited<ReturnType<typeof staffTicket.loader>>;
}

function staffPost(
  ticketId: string,
  view: { ticket: { revision: string; updated_at: string } },
  fields: Record<string, string>,
  staff = riley,
) {
  return statusOf(() =>
    staffTicket.action(
      args(
        staff,
        `/staff/tickets/${ticketId}`,
        { ticketId },
        form({ revision: view.ticket.revision, loadedAt: view.ticket.updated_at, ...fields }),
      ),
    ),
  );
}

test("an attached conversation reaches staff redacted, saying what was redacted", async () => {
  const id = await open(sam, { conversationId: "conv-sam" });
  const view = await staffView(id);
  const text = view.contextMessages.map((m) => m.content).join("\n");
  expect(text).not.toContain("sk-ant-api03");
  expect(text).not.toContain("sam@example.org");
  expect(text).not.toContain("4111 1111 1111 1111");
  expect(text).not.toContain("415 555 0100");
  expect(text).toContain("[API key redacted]");
  expect(view.redactions).toBe("1 API key, 1 email address, 1 card number, 1 phone number");
  expect(view.contextMessages).toHaveLength(2);
});

test("someone else's conversation cannot be attached; bad input is a 400 that keeps it", async () => {
  const stolen = await statusOf(() =>
    newTicket.action(
      args(
        sam,
        "/support/new",
        {},
        form({ subject: "x", description: "y", category: "bug", conversationId: "conv-pat" }),
      ),
    ),
  );
  expect(stolen.status).toBe(400);
  const bad = await statusOf(() =>
    newTicket.action(
      args(sam, "/support/new", {}, form({ subject: "a".repeat(5000), description: "", category: "nope" })),
    ),
  );
  expect(bad.status).toBe(400);
  expect((bad.body as { values: Record<string, string> }).values.category).toBe("nope");
});

test("a tier with priority support opens tickets at high priority", async () => {
  const id = await open(vip);
  expect(
    (await env.DB.prepare("SELECT priority FROM support_tickets WHERE id = ?").bind(id).first<{ priority: string }>())!
      .priority,
  ).toBe("high");
  const normal = await open(sam);
  expect(
    (await env.DB.prepare("SELECT priority FROM support_tickets WHERE id = ?")
      .bind(normal)
      .first<{ priority: string }>())!.priority,
  ).toBe("normal");
});

test("someone else's ticket is a 404 to a user, and staff pages are a 404 to users", async () => {
  const id = await open(sam);
  expect((await statusOf(() => userTicket.loader(args(pat, `/support/${id}`, { ticketId: id })))).status).toBe(404);
  expect(
    (await statusOf(() => userTicket.action(args(pat, `/support/${id}`, { ticketId: id }, form({ intent: "close" })))))
      .status,
  ).toBe(404);
  expect((await statusOf(() => staffTicket.loader(args(sam, `/staff/tickets/${id}`, { ticketId: id })))).status).toBe(
    404,
  );
  expect(
    (
      await statusOf(() =>
        staffTicket.action(args(sam, `/staff/tickets/${id}`, { ticketId: id }, form({ intent: "note", note: "x" }))),
      )
    ).status,
  ).toBe(404);
  expect(await count("SELECT count(*) AS n FROM support_tickets WHERE id = ? AND status = 'open'", id)).toBe(1);
});

test("the user sees staff replies but never internal notes; a reply notifies them", async () => {
  const id = await open(sam);
  let view = await staffView(id);
  expect((await staffPost(id, view, { intent: "note", note: "Probably the provider timeout" })).status).toBe(303);
  view = await staffView(id);
  expect((await staffPost(id, view, { intent: "reply", body: "We are looking into it." })).status).toBe(303);
  const thread = (await statusOf(() => userTicket.loader(args(sam, `/support/${id}`, { ticketId: id })))).body as {
    messages: { body: string }[];
  };
  expect(thread.messages.map((m) => m.body)).toEqual(["We are looking into it."]);
  const inbox = (await statusOf(() => notifications.loader(args(sam, "/notifications")))).body as {
    items: { kind: string; link: string }[];
    unread: number;
  };
  expect(inbox.items.some((n) => n.kind === "ticket_reply" && n.link === `/support/${id}`)).toBe(true);
  // The note notified nobody: one notification, for the reply.
  expect(
    await count("SELECT count(*) AS n FROM notifications WHERE user_id = 'sam' AND link = ?", `/support/${id}`),
  ).toBe(1);
  expect(
    await count(
      "SELECT count(*) AS n FROM staff_audit_log WHERE target_id = ? AND action IN ('ticket.note', 'ticket.reply')",
      id,
    ),
  ).toBe(2);
});

test("resolve needs a resolution; the user's reply reopens a resolved ticket", async () => {
  const id = await open(sam);
  let view = await staffView(id);
  const refused = await staffPost(id, view, {
    intent: "update",
    status: "resolved",
    priority: "normal",
    category: "bug",
    resolution: "",
  });
  expect(refused.status).toBe(400);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = ?", id)).toBe(0);
  expect(await count("SELECT count(*) AS n FROM support_tickets WHERE id = ? AND status = 'open'", id)).toBe(1);

  view = await staffView(id);
  expect(
    (
      await staffPost(id, view, {
        intent: "update",
        status: "resolved",
        priority: "normal",
        category: "bug",
        resolution: "Fixed in today's release.",
      })
    ).status,
  ).toBe(303);
  expect(
    await count(
      "SELECT count(*) AS n FROM support_tickets WHERE id = ? AND status = 'resolved' AND resolution = 'Fixed in today''s release.'",
      id,
    ),
  ).toBe(1);
  expect(
    await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = ? AND action = 'ticket.update'", id),
  ).toBe(1);

  expect(
    (
      await statusOf(() =>
        userTicket.action(
          args(sam, `/support/${id}`, { ticketId: id }, form({ intent: "reply", body: "Still broken for me" })),
        ),
      )
    ).status,
  ).toBe(303);
  expect(
    await count(
      "SELECT count(*) AS n FROM support_tickets WHERE id = ? AND status = 'open' AND awaiting_staff_since IS NOT NULL",
      id,
    ),
  ).toBe(1);
});

test("collision check: a post from a stale page is refused with 409, keeps the typing and changes nothing", async () => {
  const id = await open(sam);
  const rileyView = await staffView(id, riley);
  const robinView = await staffView(id, robin);
  expect((await staffPost(id, robinView, { intent: "reply", body: "Robin here, on it." }, robin)).status).toBe(303);
  const messagesBefore = await count("SELECT count(*) AS n FROM ticket_messages WHERE ticket_id = ?", id);
  const auditBefore = await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = ?", id);

  const stale = await staffPost(id, rileyView, { intent: "reply", body: "Riley's answer" }, riley);
  expect(stale.status).toBe(409);
  const body = stale.body as { values: Record<string, string>; conflict: { messages: { body: string }[] } };
  expect(body.values.body).toBe("Riley's answer");
  expect(body.conflict.messages.map((m) => m.body)).toContain("Robin here, on it.");
  expect(await count("SELECT count(*) AS n FROM ticket_messages WHERE ticket_id = ?", id)).toBe(messagesBefore);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = ?", id)).toBe(auditBefore);

  // A stale assign is refused the same way; a fresh page goes through.
  expect((await staffPost(id, rileyView, { intent: "assign", assignee: "me" }, riley)).status).toBe(409);
  expect((await staffPost(id, await staffView(id), { intent: "assign", assignee: "me" }, riley)).status).toBe(303);
  expect(await count("SELECT count(*) AS n FROM support_tickets WHERE id = ? AND assigned_to_id = 'riley'", id)).toBe(
    1,
  );
});

test("guarded batch: when the revision moved between read and write, neither the message nor its audit row lands", async () => {
  const id = await open(sam);
  const view = await staffView(id);
  // Simulate a concurrent writer: the ticket moves on after our read but before our write
  // by handing applyStaffChange a ticket row whose revision still matches what we loaded.
  const { applyStaffChange, staffTicketRow } = await import("~/lib/support/staff-tickets");
  const { db } = await import("../support/route-calls");
  const row = (await staffTicketRow(db, id).executeTakeFirst())!;
  await env.DB.prepare("UPDATE support_tickets SET revision = 'someone-else' WHERE id = ?").bind(id).run();
  const result = await applyStaffChange(db, env.DB, {
    ticket: row,
    actorId: "riley",
    loadedRevision: view.ticket.revision,
    change: { kind: "reply", body: "late" },
  });
  expect(result).toEqual({ ok: false, reason: "conflict" });
  expect(await count("SELECT count(*) AS n FROM ticket_messages WHERE ticket_id = ?", id)).toBe(0);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log WHERE target_id = ?", id)).toBe(0);
  expect(await count("SELECT count(*) AS n FROM notifications WHERE link = ?", `/support/${id}`)).toBe(0);
});

test("a saved reply is inserted into the reply box without sending anything", async () => {
  await env.DB.prepare(
    "INSERT INTO saved_replies (id, title, body) VALUES ('sr-1', 'Thanks', 'Thanks for writing in!')",
  ).run();
  const id = await open(sam);
  const view = await staffView(id);
  const inserted = await staffPost(id, view, { intent: "insert-saved", savedReplyId: "sr-1", body: "Hi Sam," });
  expect(inserted.status).toBe(200);
  expect((inserted.body as { values: { body: string } }).values.body).toBe("Hi Sam,\n\nThanks for writing in!");
  expect(await count("SELECT count(*) AS n FROM ticket_messages WHERE ticket_id = ?", id)).toBe(0);
});

test("notifications: mark one read, mark all read, only my own", async () => {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO notifications (id, user_id, kind, title) VALUES ('n-a', 'pat', 'system', 'A'), ('n-b', 'pat', 'system', 'B'), ('n-c', 'sam', 'system', 'C')",
    ),
  ]);
  expect(
    (await statusOf(() => notifications.action(args(sam, "/notifications", {}, form({ intent: "read", id: "n-a" })))))
      .status,
  ).toBe(404); // not Sam's: no such notification
  expect(await count("SELECT count(*) AS n FROM notifications WHERE id = 'n-a' AND read_at IS NULL")).toBe(1);
  expect(
    (await statusOf(() => notifications.action(args(pat, "/notifications", {}, form({ intent: "read", id: "n-a" })))))
      .status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM notifications WHERE user_id = 'pat' AND read_at IS NULL")).toBe(1);
  expect(
    (await statusOf(() => notifications.action(args(pat, "/notifications", {}, form({ intent: "read-all" }))))).status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM notifications WHERE user_id = 'pat' AND read_at IS NULL")).toBe(0);
  expect(await count("SELECT count(*) AS n FROM notifications WHERE id = 'n-c' AND read_at IS NULL")).toBe(1);
  expect(
    (await statusOf(() => notifications.action(args(pat, "/notifications", {}, form({ intent: "bogus" }))))).status,
  ).toBe(400);
});

test("the queue filters by status, assignee, search and waiting time, and /staff counts agree", async () => {
  const { loader: queueLoader } = await import("~/routes/staff/tickets");
  const { loader: homeLoader } = await import("~/routes/staff/home");
  await env.DB.prepare(
    "INSERT INTO support_tickets (id, user_id, subject, description, category, priority, status, assigned_to_id, revision, awaiting_staff_since) VALUES ('q-old', 'sam', 'Refund zebra', 'x', 'billing', 'urgent', 'open', NULL, 'r', '2020-01-01T00:00:00.000Z'), ('q-mine', 'sam', 'Login giraffe', 'y', 'account', 'low', 'in_progress', 'robin', 'r', NULL)",
  ).run();
  const ids = async (query: string, staff = riley) =>
    (
      (await statusOf(() => queueLoader(args(staff, `/staff/tickets${query}`)))).body as { tickets: { id: string }[] }
    ).tickets.map((t) => t.id);
  expect(await ids("?q=zebra")).toEqual(["q-old"]);
  expect(await ids("?q=giraffe&assignee=me", robin)).toEqual(["q-mine"]);
  expect(await ids("?q=giraffe&assignee=none")).toEqual([]);
  expect(await ids("?waiting=24h")).toContain("q-old");
  expect(await ids("?waiting=24h")).not.toContain("q-mine");
  expect(await ids("?status=closed&q=zebra")).toEqual([]);
  // Urgent first.
  expect((await ids(""))[0]).toBe("q-old");
  // Nonsense filters fall back to defaults rather than failing.
  expect(
    (await statusOf(() => queueLoader(args(riley, "/staff/tickets?status=bogus&priority=x&page=-4&q=%22%2A")))).status,
  ).toBe(200);
  const counts = (
    (await statusOf(() => homeLoader(args(robin, "/staff")))).body as { counts: { label: string; value: number }[] }
  ).counts;
  expect(counts.find((c) => c.label === "Waiting on us over 24 h")!.value).toBeGreaterThanOrEqual(1);
  expect(counts.find((c) => c.label === "Assigned to me")!.value).toBe(1);
});

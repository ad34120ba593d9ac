/**
 * Issue #16: account deletion left the person's id in `token_ledger` (allowance references
 * `allowance:<user>:<month>` and the monthly job's `allow-<run>:<user>` row ids). After a
 * deletion the id must be in no column of any table — read from sqlite_master and
 * pragma_table_info, not from a list someone has to keep up to date — exactly or as part
 * of a longer value.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { deleteAccount } from "~/lib/account/delete-account";
import { grantFreeAllowance, grantMonthlyAllowances } from "~/lib/billing/allowance";
import { sendGift } from "~/lib/billing/gifts";
import { createServices } from "~/lib/services";
import { setSuspended } from "~/lib/staff/users";
import { fill } from "../support/account-fixture";
import { db, insertUsers, person } from "../support/route-calls";

/** Distinctive, so a substring match can only be this person. */
const GONE = "u-7c1e9a40d2f5";

/** Every column of every table (and virtual table) holding `needle`, as "table.column (n)":
 * one counting query per table, all in one batch. */
async function columnsHolding(needle: string): Promise<string[]> {
  const { results: tableRows } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name",
  ).all<{ name: string }>();
  const columnsOf = await env.DB.batch<{ table: string; name: string }>(
    tableRows.map(({ name }) => env.DB.prepare('SELECT ? AS "table", name FROM pragma_table_info(?)').bind(name, name)),
  );
  const tables = columnsOf.map((r) => r.results).filter((columns) => columns.length > 0);
  const counts = await env.DB.batch<Record<string, number>>(
    tables.map((columns) =>
      env.DB.prepare(
        `SELECT ${columns.map((c, i) => `COALESCE(SUM(instr(CAST("${c.name}" AS TEXT), ?1) > 0), 0) AS c${i}`).join(", ")} FROM "${columns[0]!.table}"`,
      ).bind(needle),
    ),
  );
  const found: string[] = [];
  tables.forEach((columns, t) =>
    columns.forEach((c, i) => {
      const n = counts[t]!.results[0]![`c${i}`];
      if (n) found.push(`${c.table}.${c.name} (${n})`);
    }),
  );
  return found;
}

beforeAll(async () => {
  await insertUsers(person(GONE, "creator"), person("friend"), person("boss", "admin"));
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('friend-bot', 'Theirs', 'friend-bot', 'friend', 1)",
    ),
    env.DB.prepare("INSERT INTO creator_profiles (id, user_id, username) VALUES ('friend-cp', 'friend', 'friendly')"),
  ]);
  // Row ids start "gone-", not with the user id: shared rows the fixture makes (legal
  // documents, programs, tutorials) stay after the deletion and must not look like leftovers.
  await fill(GONE, 20, "gone");
  // Money moving the ways that name the person: the sign-up allowance, the monthly job, gifts both ways.
  expect(await grantFreeAllowance(env.DB, env, GONE, new Date("2026-01-15T00:00:00Z"))).toBe(true);
  expect(await grantMonthlyAllowances(env.DB, env, new Date("2026-02-15T00:00:00Z"))).toBeGreaterThan(0);
  expect(
    await sendGift(env.DB, db, {
      senderId: GONE,
      senderName: "Gone",
      recipientId: "friend",
      amount: 5,
      message: "thanks",
      relatedBotId: "friend-bot",
    }),
  ).toMatchObject({ ok: true });
  expect(
    await sendGift(env.DB, db, {
      senderId: "friend",
      senderName: "Friend",
      recipientId: GONE,
      amount: 3,
      message: "back",
      relatedBotId: null,
    }),
  ).toMatchObject({ ok: true });
  // Staff acted on the person: the append-only audit log names them as the target.
  await setSuspended(db, env.DB, {
    actorId: "boss",
    user: { id: GONE, suspended_at: null },
    suspend: true,
    note: "spam",
  });
  await setSuspended(db, env.DB, {
    actorId: "boss",
    user: { id: GONE, suspended_at: "x" },
    suspend: false,
    note: "appeal upheld",
  });
});

test("after deleting an account, no column of any table holds the person's id, exactly or inside a longer value", async () => {
  // The scan can see the person before the deletion (in the ledger's references and ids too).
  const before = await columnsHolding(GONE);
  expect(before).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^users\.id /),
      expect.stringMatching(/^token_ledger\.reference_id /),
      expect.stringMatching(/^token_ledger\.id /),
    ]),
  );

  const anonymous = () =>
    env.DB.prepare("SELECT COUNT(*) AS n FROM token_ledger WHERE user_id = 'deleted-account'").first<number>("n");
  const theirs = await env.DB.prepare("SELECT COUNT(*) AS n FROM token_ledger WHERE user_id = ?")
    .bind(GONE)
    .first<number>("n");
  const anonymousBefore = await anonymous();

  await deleteAccount({ d1: env.DB, db, bucket: env.MEDIA, services: createServices(env) }, GONE);

  expect(await columnsHolding(GONE)).toEqual([]);
  // The staff record survives, about a pseudonym, and the log is still append-only otherwise.
  const audit = (
    await env.DB.prepare(
      "SELECT action, target_id FROM staff_audit_log WHERE actor_id = 'boss' AND target_type = 'user' ORDER BY action",
    ).all<{ action: string; target_id: string }>()
  ).results;
  expect(audit.map((a) => a.action)).toEqual(["user.suspend", "user.unsuspend"]);
  expect(audit.every((a) => a.target_id.startsWith("deleted-account-"))).toBe(true);
  await expect(
    env.DB.prepare("UPDATE staff_audit_log SET note = 'rewritten' WHERE actor_id = 'boss'").run(),
  ).rejects.toThrow(/append-only/);
  await expect(
    env.DB.prepare(
      "UPDATE staff_audit_log SET target_id = 'deleted-account-again', note = 'x' WHERE actor_id = 'boss'",
    ).run(),
  ).rejects.toThrow(/append-only/);
  // The accounting survives, anonymous: every one of their ledger rows.
  expect(theirs).toBeGreaterThanOrEqual(5);
  expect(await anonymous()).toBe(anonymousBefore! + theirs!);
});

test("two deleted people's allowances for the same month do not collide (each deletion gets its own pseudonym)", async () => {
  const second = "u-0b3f5d7e9a1c";
  await insertUsers(person(second));
  expect(await grantFreeAllowance(env.DB, env, second, new Date("2026-01-20T00:00:00Z"))).toBe(true);
  await deleteAccount({ d1: env.DB, db, bucket: env.MEDIA, services: createServices(env) }, second);
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE id = ?").bind(second).first<number>("n")).toBe(0);
  expect(await columnsHolding(second)).toEqual([]);
  const references = (
    await env.DB.prepare(
      "SELECT reference_id FROM token_ledger WHERE user_id = 'deleted-account' AND reason = 'subscription_allowance' AND reference_id LIKE '%:2026-01'",
    ).all<{ reference_id: string }>()
  ).results;
  expect(references).toHaveLength(2);
});

/** The revision guard's SQL rewrite: an insert becomes INSERT … SELECT … WHERE EXISTS. */
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from "kysely";
import { expect, test } from "vitest";
import { onlyIfRow, onlyIfTicketRevision } from "~/lib/support/guarded";

const db = new Kysely<Record<string, Record<string, unknown>>>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

test("an insert only happens while the ticket is at the given revision", () => {
  const compiled = onlyIfTicketRevision(
    db.insertInto("ticket_messages").values({ id: "m1", body: "hi (there)" }),
    "t1",
    "rev-2",
  ).compile();
  expect(compiled.sql).toBe(
    'insert into "ticket_messages" ("id", "body") select ?, ? where exists (select 1 from "support_tickets" where "id" = ? and "revision" = ?)',
  );
  expect(compiled.parameters).toEqual(["m1", "hi (there)", "t1", "rev-2"]);
});

test("the guard refuses anything but a single-row insert rather than guessing", () => {
  expect(() => onlyIfRow(db.updateTable("bots").set({ name: "x" }), "bots", "b1", "name", "x").compile()).toThrow(
    /single-row INSERT/,
  );
  expect(() =>
    onlyIfRow(db.insertInto("bots").values({ id: "a" }).returning("id"), "bots", "b1", "id", "a").compile(),
  ).toThrow(/single-row INSERT/);
  expect(() =>
    onlyIfRow(db.insertInto("bots").values([{ id: "a" }, { id: "b" }]), "bots", "b1", "id", "a").compile(),
  ).toThrow(/single-row INSERT/);
});

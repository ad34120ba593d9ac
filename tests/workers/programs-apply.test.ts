import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { appContext, userContext, type AppContext } from "~/lib/context";
import { applyToProgram } from "~/lib/creators/programs";
import { action as programsAction, loader as programsLoader } from "~/routes/creators/programs";

const db = createDb(env.DB);

async function aUser(id: string, withProfile: boolean) {
  await db
    .insertInto("users")
    .values({ id, email: `${id}@example.com`, role: withProfile ? "creator" : "user" })
    .execute();
  if (withProfile)
    await db
      .insertInto("creator_profiles")
      .values({ id: `profile-${id}`, user_id: id, username: id })
      .execute();
  return id;
}

async function aProgram(id: string, active = true) {
  await db
    .insertInto("creator_programs")
    .values({
      id,
      name: `Program ${id}`,
      requirements: "Be kind.",
      benefits: JSON.stringify(["A badge"]),
      is_active: active ? 1 : 0,
    })
    .execute();
  return id;
}

function context(userId: string | null) {
  const ctx = new RouterContextProvider();
  ctx.set(appContext, { env, db, services: {} as AppContext["services"], waitUntil: () => {}, nonce: "n" });
  ctx.set(
    userContext,
    userId ? { id: userId, email: `${userId}@example.com`, displayName: null, role: "creator", preferences: {} } : null,
  );
  return ctx;
}

async function post(userId: string, fields: Record<string, string>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  const request = new Request("http://test/programs", { method: "POST", body });
  try {
    const value = (await programsAction({ request, params: {}, context: context(userId) } as never)) as {
      init?: { status?: number };
      data?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; values?: Record<string, string> };
    };
    return { status: value.init?.status ?? 200, data: value.data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: undefined };
    const init = (thrown as { init?: { status?: number } }).init;
    if (init?.status) return { status: init.status, data: undefined };
    throw thrown;
  }
}

test("a creator applies once; the second application is refused, not a crash", async () => {
  const creator = await aUser("prog-creator", true);
  const program = await aProgram("prog-1");
  expect(await applyToProgram(db, { programId: program, userId: creator, message: "Hello" })).toMatchObject({
    ok: true,
  });
  expect(await applyToProgram(db, { programId: program, userId: creator, message: "Again" })).toEqual({
    ok: false,
    reason: "already-applied",
  });
  const rows = await db
    .selectFrom("creator_program_applications")
    .select(["status", "message"])
    .where("user_id", "=", creator)
    .execute();
  expect(rows).toEqual([{ status: "pending", message: "Hello" }]);
});

test("racing applications give exactly one row", async () => {
  const creator = await aUser("prog-racer", true);
  const program = await aProgram("prog-race");
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      applyToProgram(db, { programId: program, userId: creator, message: `try ${i}` }),
    ),
  );
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  const count = await db
    .selectFrom("creator_program_applications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", creator)
    .executeTakeFirstOrThrow();
  expect(Number(count.n)).toBe(1);
});

test("no profile, inactive or unknown programs are refused", async () => {
  const plain = await aUser("prog-plain", false);
  const creator = await aUser("prog-creator-2", true);
  const open = await aProgram("prog-open");
  const closed = await aProgram("prog-closed", false);
  expect(await applyToProgram(db, { programId: open, userId: plain, message: "Hi" })).toEqual({
    ok: false,
    reason: "no-profile",
  });
  expect(await applyToProgram(db, { programId: closed, userId: creator, message: "Hi" })).toEqual({
    ok: false,
    reason: "no-program",
  });
  expect(await applyToProgram(db, { programId: "nope", userId: creator, message: "Hi" })).toEqual({
    ok: false,
    reason: "no-program",
  });
});

test("through the page: apply redirects, applying twice is a clear 400 that keeps the message, bad input is 400, unknown program 404", async () => {
  const creator = await aUser("prog-page", true);
  const program = await aProgram("prog-page-1");
  const first = await post(creator, { intent: "apply", programId: program, message: "Please let me in" });
  expect(first.status).toBe(303);
  const second = await post(creator, { intent: "apply", programId: program, message: "Second try" });
  expect(second.status).toBe(400);
  expect(second.data?.fieldErrors?.programId?.[0]).toMatch(/already applied/);
  expect(second.data?.values?.message).toBe("Second try");
  const empty = await post(creator, { intent: "apply", programId: program, message: "   " });
  expect(empty.status).toBe(400);
  expect(empty.data?.fieldErrors?.message?.[0]).toMatch(/required/);
  const huge = await post(creator, { intent: "apply", programId: program, message: "x".repeat(5000) });
  expect(huge.status).toBe(400);
  expect((await post(creator, { intent: "apply", programId: "does-not-exist", message: "Hi" })).status).toBe(404);

  // The page shows the status of the application.
  const page = (await programsLoader({
    request: new Request("http://test/programs"),
    params: {},
    context: context(creator),
  } as never)) as {
    applications: { program_id: string; status: string }[];
  };
  expect(page.applications).toEqual([expect.objectContaining({ program_id: program, status: "pending" })]);
});

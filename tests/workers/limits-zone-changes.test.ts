/**
 * Issue 16: a reached limit survives a time-zone change (usage counters end at the instant
 * they were given, docs/decisions/0024), and loosening night mode's "stop me" waits the
 * raise cool-down — through the real /wellbeing/limits action and the chat turn gate,
 * against local D1. Also the time-zone list (issue 17): a <select> validated against it,
 * defaulting to the connection's zone until the person picks one.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { wellbeingSeed } from "#db/seed/wellbeing";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import { selfModerationGate } from "~/lib/wellbeing/gates";
import { usageResetJob } from "~/lib/wellbeing/jobs";
import { recordActivity, RAISE_COOL_DOWN_MINUTES } from "~/lib/wellbeing/limits/state";
import type { WellbeingTurnInput } from "~/lib/wellbeing/turn-types";
import * as limits from "~/routes/wellbeing/limits";

const db = createDb(env.DB);
const d1 = env.DB;
const person = (id: string): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role: "user",
  preferences: {},
  ageGroup: "adult",
});
const USERS = ["hopper", "owl", "mover", "drifter", "fresh", "alias"];

beforeAll(async () => {
  await d1.batch([
    ...wellbeingSeed().map((s) => d1.prepare(s)),
    d1.prepare("INSERT INTO users (id, email) VALUES ('owner', 'owner@example.com')"),
    d1.prepare("INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('bot', 'Pal', 'pal', 'owner', 1)"),
    ...USERS.flatMap((id) => [
      d1.prepare("INSERT INTO users (id, email, age_group) VALUES (?, ?, 'adult')").bind(id, `${id}@example.com`),
      d1.prepare("INSERT INTO conversations (id, user_id, bot_id) VALUES (?, ?, 'bot')").bind(`conv-${id}`, id),
    ]),
  ]);
});

function turn(userId: string, now: Date): WellbeingTurnInput {
  return {
    db,
    d1,
    env: env as unknown as Env,
    user: { id: userId, ageGroup: "adult" },
    conversationId: `conv-${userId}`,
    botId: "bot",
    intent: "send",
    userMessage: "hello",
    provider: "local",
    keyId: null,
    country: null,
    now,
  };
}

function args(user: CurrentUser, path: string, init?: RequestInit & { cf?: Record<string, unknown> }) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env, db, services: {} as Services, waitUntil: () => {}, nonce: "test" });
  const request = new Request(`https://botcafe.test${path}`, init);
  if (init?.cf) Object.defineProperty(request, "cf", { value: init.cf });
  return { request, context, params: {} } as never;
}

const limitsForm = (fields: Record<string, string>) => ({
  method: "POST",
  body: new URLSearchParams({
    time_zone: "UTC",
    crisis_region: "auto",
    night_mode_start: "22:00",
    night_mode_end: "07:00",
    ...fields,
  }),
});

async function save(userId: string, fields: Record<string, string>) {
  try {
    await limits.action(args(person(userId), "/wellbeing/limits", limitsForm(fields)));
  } catch (thrown) {
    if (!(thrown instanceof Response) || thrown.status !== 303) throw thrown;
    return;
  }
  throw new Error("the limits form did not redirect");
}

const page = async (userId: string, cf?: Record<string, unknown>) =>
  (await limits.loader(args(person(userId), "/wellbeing/limits", { cf }))) as Awaited<ReturnType<typeof limits.loader>>;

/** 90 seconds of chat ending at `at` (two activity points), through the settled hook's query. */
async function chat(userId: string, timeZone: string, at: Date) {
  const row = await d1
    .prepare("SELECT usage_day_ends_at, usage_week_ends_at FROM self_moderation WHERE user_id = ?")
    .bind(userId)
    .first<{ usage_day_ends_at: string | null; usage_week_ends_at: string | null }>();
  const previous = { dayEndsAt: row?.usage_day_ends_at, weekEndsAt: row?.usage_week_ends_at };
  await recordActivity(db, { userId, timeZone, ...previous }, new Date(at.getTime() - 90_000)).execute();
  await recordActivity(db, { userId, timeZone, ...previous }, at).execute();
}

const refused = async (userId: string, at: string) =>
  (await selfModerationGate.check(turn(userId, new Date(at)))).refusal?.message ?? null;

test("past the daily limit, switching to Pacific/Kiritimati still refuses; the day ends at the instant it was given", async () => {
  await save("hopper", { daily_limit: "1", time_zone: "UTC" });
  await chat("hopper", "UTC", new Date("2026-12-01T11:59:00Z"));
  expect(await refused("hopper", "2026-12-01T12:00:00Z")).toContain("daily limit of 1 minute");

  // At 12:00Z it is already 02:00 on Dec 2 in Kiritimati (UTC+14): a new local date.
  await save("hopper", { daily_limit: "1", time_zone: "Pacific/Kiritimati" });
  expect((await d1.prepare("SELECT time_zone FROM self_moderation WHERE user_id = 'hopper'").first())?.time_zone).toBe(
    "Pacific/Kiritimati",
  );
  const message = await refused("hopper", "2026-12-01T12:00:00Z");
  expect(message).toContain("daily limit of 1 minute");
  // It resets when the UTC day it was counted in ends: 00:00Z, which is 14:00 in Kiritimati.
  expect(message).toContain("It resets at 14:00 your time");

  // The hourly reset job keeps a counter that is still running, whatever the zone's date says.
  await usageResetJob.run({ env: env as unknown as Env, db, now: new Date("2026-12-01T13:00:00Z"), cron: "0 * * * *" });
  expect(await refused("hopper", "2026-12-01T13:00:00Z")).toContain("daily limit");
  expect(await refused("hopper", "2026-12-01T23:59:00Z")).toContain("daily limit");
  expect(await refused("hopper", "2026-12-02T00:00:00Z")).toBeNull();
});

test("a new day after a zone hop lasts until a local midnight at least 22 hours on, so hopping buys no extra day", async () => {
  await save("drifter", { daily_limit: "1", time_zone: "UTC" });
  await chat("drifter", "UTC", new Date("2026-12-01T20:00:00Z"));
  await save("drifter", { daily_limit: "1", time_zone: "Pacific/Kiritimati" });
  // The UTC day ended at 00:00Z; a new one starts at 00:30Z in Kiritimati, whose next
  // midnight is 10:00Z — too soon after the last day ended, so it runs to 10:00Z on Dec 3.
  await chat("drifter", "Pacific/Kiritimati", new Date("2026-12-02T00:30:00Z"));
  expect(await refused("drifter", "2026-12-02T00:31:00Z")).toContain("daily limit");
  expect(await refused("drifter", "2026-12-02T10:05:00Z")).toContain("daily limit");
  expect(await refused("drifter", "2026-12-03T10:00:00Z")).toBeNull();
});

/** A moment at HH:30 UTC at least `hours` from now (inside a 00:00–23:59 window whatever the hour). */
function halfPast(hours: number): string {
  const t = new Date(Date.now() + hours * 3_600_000);
  t.setUTCMinutes(30, 0, 0);
  return t.toISOString();
}

test("turning off 'stop me' waits the cool-down: still refused until it passes, shown as pending on the page", async () => {
  // Night mode all day long, so any moment is "night" whatever the time the test runs.
  await save("owl", {
    night_mode_enabled: "on",
    night_mode_start: "00:00",
    night_mode_end: "23:59",
    night_mode_stop: "on",
  });
  expect(await refused("owl", halfPast(1))).toContain("Night mode is on");

  const before = Date.now();
  await save("owl", { night_mode_enabled: "on", night_mode_start: "00:00", night_mode_end: "23:59" });
  const row = await d1
    .prepare(
      "SELECT night_mode_stop, pending_night_mode, pending_night_mode_at FROM self_moderation WHERE user_id = 'owl'",
    )
    .first<{ night_mode_stop: number; pending_night_mode: string; pending_night_mode_at: string }>();
  expect(row?.night_mode_stop).toBe(1);
  expect(JSON.parse(row!.pending_night_mode)).toMatchObject({ stop: false });
  const wait = Date.parse(row!.pending_night_mode_at) - before;
  expect(wait).toBeGreaterThanOrEqual(RAISE_COOL_DOWN_MINUTES * 60_000 - 5000);
  expect(wait).toBeLessThanOrEqual(RAISE_COOL_DOWN_MINUTES * 60_000 + 60_000);

  expect(await refused("owl", halfPast(1))).toContain("Night mode is on");
  expect(await refused("owl", halfPast(23))).toContain("Night mode is on");
  const shown = await page("owl");
  expect(shown.row.night_mode_stop).toBe(true);
  expect(shown.pendingNight).toMatchObject({ changes: "“stop me” off", at: row!.pending_night_mode_at });
  // Once the cool-down has passed, night mode only reminds.
  const after = new Date(Date.parse(row!.pending_night_mode_at) + 60 * 60_000);
  after.setUTCMinutes(30, 0, 0);
  const result = await selfModerationGate.check(turn("owl", after));
  expect(result.refusal).toBeUndefined();
  expect(result.notices?.some((n) => n.kind === "night_mode")).toBe(true);

  // Saving the settings in force again cancels the waiting change.
  await save("owl", {
    night_mode_enabled: "on",
    night_mode_start: "00:00",
    night_mode_end: "23:59",
    night_mode_stop: "on",
  });
  expect((await page("owl")).pendingNight).toBeNull();
});

test("disabling night mode, shortening its hours or moving its zone waits too; widening applies at once", async () => {
  await save("mover", {
    night_mode_enabled: "on",
    night_mode_start: "22:00",
    night_mode_end: "07:00",
    night_mode_stop: "on",
  });
  const stored = () =>
    d1
      .prepare(
        "SELECT night_mode_enabled, night_mode_start, night_mode_end, time_zone, pending_night_mode IS NOT NULL AS waiting FROM self_moderation WHERE user_id = 'mover'",
      )
      .first();

  await save("mover", { night_mode_start: "22:00", night_mode_end: "07:00", night_mode_stop: "on" });
  expect(await stored()).toEqual({
    night_mode_enabled: 1,
    night_mode_start: "22:00",
    night_mode_end: "07:00",
    time_zone: "UTC",
    waiting: 1,
  });
  await save("mover", {
    night_mode_enabled: "on",
    night_mode_start: "23:00",
    night_mode_end: "06:00",
    night_mode_stop: "on",
  });
  expect(await stored()).toMatchObject({ night_mode_start: "22:00", night_mode_end: "07:00", waiting: 1 });
  await save("mover", {
    night_mode_enabled: "on",
    night_mode_start: "22:00",
    night_mode_end: "07:00",
    night_mode_stop: "on",
    time_zone: "Asia/Tokyo",
  });
  expect(await stored()).toMatchObject({ time_zone: "UTC", waiting: 1 });
  expect((await page("mover")).pendingNight?.changes).toBe("time zone Asia/Tokyo");
  // Widening the hours stops more: no wait.
  await save("mover", {
    night_mode_enabled: "on",
    night_mode_start: "21:00",
    night_mode_end: "08:00",
    night_mode_stop: "on",
  });
  expect(await stored()).toEqual({
    night_mode_enabled: 1,
    night_mode_start: "21:00",
    night_mode_end: "08:00",
    time_zone: "UTC",
    waiting: 0,
  });
});

test("the time zone is a list: defaulted from the connection until chosen, validated against the list", async () => {
  expect((await page("fresh", { timezone: "America/Chicago" })).row.time_zone).toBe("America/Chicago");
  expect((await page("fresh", { timezone: "America/Chicago" })).zoneSuggested).toBe(true);
  // Local dev has no request.cf: UTC.
  expect((await page("fresh")).row.time_zone).toBe("UTC");
  expect((await page("fresh")).timeZones).toEqual(
    expect.arrayContaining(["UTC", "Europe/Madrid", "Pacific/Kiritimati"]),
  );

  await save("fresh", { time_zone: "Europe/Madrid" });
  expect((await page("fresh", { timezone: "America/Chicago" })).row.time_zone).toBe("Europe/Madrid");
  expect((await page("fresh", { timezone: "America/Chicago" })).zoneSuggested).toBe(false);

  // A valid IANA name that is not on the list (a deprecated alias) is a 400 that keeps it.
  const bad = await limits
    .action(args(person("fresh"), "/wellbeing/limits", limitsForm({ time_zone: "US/Pacific" })))
    .catch((e: unknown) => e);
  expect(bad).toMatchObject({
    init: { status: 400 },
    data: { fieldErrors: { time_zone: [expect.any(String)] }, values: { time_zone: "US/Pacific" } },
  });

  // A zone saved earlier under an alias selects its canonical entry, and is not a "change".
  await d1
    .prepare(
      "INSERT INTO self_moderation (id, user_id, time_zone, time_zone_chosen, night_mode_enabled, night_mode_start, night_mode_end, night_mode_stop) VALUES ('sm-alias', 'alias', 'Asia/Kolkata', 1, 1, '22:00', '07:00', 1)",
    )
    .run();
  const aliasPage = await page("alias");
  expect(aliasPage.timeZones).toContain(aliasPage.row.time_zone);
  await save("alias", { time_zone: aliasPage.row.time_zone, night_mode_enabled: "on", night_mode_stop: "on" });
  expect(
    await d1.prepare("SELECT time_zone, pending_night_mode FROM self_moderation WHERE user_id = 'alias'").first(),
  ).toEqual({ time_zone: "Asia/Kolkata", pending_night_mode: null });
});

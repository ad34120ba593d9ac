/**
 * Wellbeing's turn gates and settled hook against real local D1: the crisis notice with
 * the region's resources and a count that holds no content; limits refused exactly at the
 * boundary and reset at the user's own midnight; the raise cool-down; break reminders;
 * night mode across midnight; the AI disclosure; usage minutes measured from activity.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { wellbeingSeed } from "#db/seed/wellbeing";
import { CRISIS_PROMPT_INSTRUCTION, crisisGate, selfModerationGate } from "~/lib/wellbeing/gates";
import { recordActivity } from "~/lib/wellbeing/limits/state";
import { wellbeingSettledHook } from "~/lib/wellbeing/settled";
import type { WellbeingTurnInput } from "~/lib/wellbeing/turn-types";

const db = createDb(env.DB);
const d1 = env.DB;

beforeAll(async () => {
  await d1.batch(wellbeingSeed().map((statement) => d1.prepare(statement)));
  const users = [
    "crisis-user",
    "pref-user",
    "limit-user",
    "tz-user",
    "raise-user",
    "break-user",
    "minor-user",
    "night-user",
    "stop-user",
    "hook-user",
    "disc-user",
  ];
  await d1.batch(
    users.map((id) =>
      d1
        .prepare("INSERT INTO users (id, email, age_group) VALUES (?, ?, ?)")
        .bind(id, `${id}@example.com`, id === "minor-user" ? "minor" : "adult"),
    ),
  );
  await d1.batch([
    d1.prepare("INSERT INTO users (id, email) VALUES ('owner', 'owner@example.com')"),
    d1.prepare("INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('bot', 'Pal', 'pal', 'owner', 1)"),
    ...users.map((id) =>
      d1.prepare("INSERT INTO conversations (id, user_id, bot_id) VALUES (?, ?, 'bot')").bind(`conv-${id}`, id),
    ),
  ]);
});

function turn(userId: string, overrides: Partial<WellbeingTurnInput> = {}): WellbeingTurnInput {
  return {
    db,
    d1,
    env: env as unknown as Env,
    user: { id: userId, ageGroup: userId === "minor-user" ? "minor" : "adult" },
    conversationId: `conv-${userId}`,
    botId: "bot",
    intent: "send",
    userMessage: "hello",
    provider: "local",
    keyId: null,
    country: null,
    now: new Date("2026-12-01T12:00:00Z"),
    ...overrides,
  };
}

async function settings(userId: string, values: Record<string, string | number | null>) {
  const columns = Object.keys(values);
  await d1
    .prepare(
      `INSERT INTO self_moderation (id, user_id, ${columns.join(", ")}) VALUES (?, ?, ${columns.map(() => "?").join(", ")}) ON CONFLICT (user_id) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(", ")}`,
    )
    .bind(`sm-${userId}`, userId, ...Object.values(values))
    .run();
}

test("a crisis message gets the resources for the request's country, a safety instruction, and an anonymous count", async () => {
  const result = await crisisGate.check(
    turn("crisis-user", { userMessage: "I don't want to be here anymore", country: "GB" }),
  );
  expect(result.promptInstructions).toEqual([CRISIS_PROMPT_INSTRUCTION]);
  const notice = result.notices![0]!;
  expect(notice.kind).toBe("crisis");
  expect(notice.links).toContainEqual({ href: "tel:116123", label: "Samaritans (UK and Ireland): Call 116 123" });
  expect(notice.links!.some((l) => l.href === "tel:988")).toBe(false);
  expect(notice.links!.at(-1)).toEqual({ href: "/crisis", label: "See all crisis resources" });

  const { results } = await d1.prepare("SELECT * FROM crisis_referrals").all();
  expect(results).toEqual([{ month: "2026-12", region: "uk", language: "en", referrals: 1, withheld_replies: 0 }]);
  // Nothing in the database holds the message.
  const dump = JSON.stringify((await d1.prepare("SELECT * FROM crisis_referrals").all()).results);
  expect(dump).not.toContain("here anymore");
  expect(dump).not.toContain("crisis-user");

  await crisisGate.check(turn("crisis-user", { userMessage: "quiero morir", country: "GB" }));
  await crisisGate.check(turn("crisis-user", { userMessage: "I'll kill the dragon", country: "GB" }));
  const counted = await d1.prepare("SELECT region, language, referrals FROM crisis_referrals ORDER BY language").all();
  expect(counted.results).toEqual([
    { region: "uk", language: "en", referrals: 1 },
    { region: "uk", language: "es", referrals: 1 },
  ]);
});

test("the region is the user's preference, else the country, else international", async () => {
  await settings("pref-user", { crisis_region: "au" });
  const preferred = await crisisGate.check(turn("pref-user", { userMessage: "i want to kill myself", country: "US" }));
  expect(preferred.notices![0]!.links).toContainEqual(expect.objectContaining({ href: "tel:131114" }));
  const byCountry = await crisisGate.check(
    turn("crisis-user", { userMessage: "i want to kill myself", country: "US" }),
  );
  expect(byCountry.notices![0]!.links).toContainEqual(expect.objectContaining({ href: "tel:988" }));
  const international = await crisisGate.check(
    turn("crisis-user", { userMessage: "i want to kill myself", country: null }),
  );
  expect(international.notices![0]!.body).toContain("International");
  expect(international.notices![0]!.links!.some((l) => l.href.startsWith("tel:"))).toBe(false);
  expect(international.notices![0]!.links).toContainEqual(
    expect.objectContaining({ href: "https://findahelpline.com/" }),
  );
});

test("a daily limit refuses exactly at the boundary and resets at the user's own midnight", async () => {
  // 10 minutes a day, in New York (UTC−5 in December). 599 seconds used: still allowed.
  await settings("tz-user", {
    daily_limit: 10,
    time_zone: "America/New_York",
    usage_day: "2026-12-01",
    usage_week: "2026-11-30",
    daily_usage_seconds: 599,
    weekly_usage_seconds: 599,
  });
  expect(
    (await selfModerationGate.check(turn("tz-user", { now: new Date("2026-12-01T20:00:00Z") }))).refusal,
  ).toBeUndefined();
  await settings("tz-user", { daily_usage_seconds: 600 });
  const refused = await selfModerationGate.check(turn("tz-user", { now: new Date("2026-12-01T20:00:00Z") }));
  expect(refused.refusal).toMatchObject({ status: 429, link: { href: "/wellbeing/limits" } });
  expect(refused.refusal!.message).toContain("daily limit of 10 minutes");
  expect(refused.refusal!.message).toContain("00:00 your time");
  // 04:59 UTC is still 23:59 on Dec 1 in New York: refused. 05:00 UTC is their midnight: allowed.
  expect(
    (await selfModerationGate.check(turn("tz-user", { now: new Date("2026-12-02T04:59:00Z") }))).refusal,
  ).toBeDefined();
  expect(
    (await selfModerationGate.check(turn("tz-user", { now: new Date("2026-12-02T05:00:00Z") }))).refusal,
  ).toBeUndefined();
});

test("a weekly limit resets on the user's Monday", async () => {
  await settings("limit-user", {
    weekly_limit: 60,
    usage_day: "2026-12-01",
    usage_week: "2026-11-30",
    daily_usage_seconds: 0,
    weekly_usage_seconds: 3600,
  });
  const refused = await selfModerationGate.check(turn("limit-user", { now: new Date("2026-12-06T23:00:00Z") }));
  expect(refused.refusal!.message).toContain("weekly limit of 60 minutes");
  expect(
    (await selfModerationGate.check(turn("limit-user", { now: new Date("2026-12-07T00:00:00Z") }))).refusal,
  ).toBeUndefined();
});

test("raising a limit takes effect only after the cool-down", async () => {
  await settings("raise-user", {
    daily_limit: 1,
    usage_day: "2026-12-01",
    usage_week: "2026-11-30",
    daily_usage_seconds: 120,
    pending_daily_limit: 30,
    pending_effective_at: "2026-12-01T13:00:00.000Z",
  });
  expect(
    (await selfModerationGate.check(turn("raise-user", { now: new Date("2026-12-01T12:59:59Z") }))).refusal,
  ).toBeDefined();
  expect(
    (await selfModerationGate.check(turn("raise-user", { now: new Date("2026-12-01T13:00:00Z") }))).refusal,
  ).toBeUndefined();
});

test("a crisis message is never refused by a limit: the resources must reach the person", async () => {
  await settings("limit-user", { daily_limit: 1, usage_day: "2026-12-01", daily_usage_seconds: 3600 });
  const input = turn("limit-user", { userMessage: "I want to end my life" });
  expect((await crisisGate.check(input)).notices![0]!.kind).toBe("crisis");
  expect((await selfModerationGate.check(input)).refusal).toBeUndefined();
  expect((await selfModerationGate.check(turn("limit-user", { userMessage: "hello" }))).refusal).toBeDefined();
});

test("break reminders: after the interval of use, then the clock starts again; minors at least every 3 hours", async () => {
  await settings("break-user", { break_reminder_interval: 30, break_usage_seconds: 1799 });
  const kinds = async (userId: string) =>
    ((await selfModerationGate.check(turn(userId, { intent: "regenerate" }))).notices ?? []).map((n) => n.kind);
  expect(await kinds("break-user")).toEqual([]);
  await settings("break-user", { break_usage_seconds: 1800 });
  expect(await kinds("break-user")).toEqual(["break_reminder"]);
  expect(await kinds("break-user")).toEqual([]);
  // A minor who set no interval (or a longer one) is reminded at 3 hours anyway.
  await settings("minor-user", { break_reminder_interval: 600, break_usage_seconds: 3 * 3600 });
  expect(await kinds("minor-user")).toEqual(["break_reminder"]);
  await settings("break-user", { break_reminder_interval: null, break_usage_seconds: 5 * 3600 });
  expect(await kinds("break-user")).toEqual([]);
});

test("night mode across midnight: a notice inside the window, a refusal with 'stop me', nothing outside", async () => {
  await settings("night-user", {
    night_mode_enabled: 1,
    night_mode_start: "22:00",
    night_mode_end: "07:00",
    time_zone: "Europe/Madrid",
  });
  const at = async (userId: string, iso: string) =>
    selfModerationGate.check(turn(userId, { intent: "regenerate", now: new Date(iso) }));
  // Madrid is UTC+1 in December: 21:30Z = 22:30 local, 05:59Z = 06:59 local, 06:00Z = 07:00 local.
  expect((await at("night-user", "2026-12-01T21:30:00Z")).notices?.map((n) => n.kind)).toEqual(["night_mode"]);
  expect((await at("night-user", "2026-12-02T05:59:00Z")).notices?.map((n) => n.kind)).toEqual(["night_mode"]);
  expect((await at("night-user", "2026-12-02T06:00:00Z")).notices).toBeUndefined();
  expect((await at("night-user", "2026-12-01T20:59:00Z")).notices).toBeUndefined();
  await settings("stop-user", {
    night_mode_enabled: 1,
    night_mode_start: "22:00",
    night_mode_end: "07:00",
    night_mode_stop: 1,
    time_zone: "Europe/Madrid",
  });
  const stopped = await at("stop-user", "2026-12-01T23:30:00Z");
  expect(stopped.refusal).toMatchObject({ status: 429 });
  expect(stopped.refusal!.message).toContain("until 07:00");
  expect((await at("stop-user", "2026-12-02T06:30:00Z")).refusal).toBeUndefined();
});

test("the AI disclosure repeats after 3 hours of use (the chat page discloses the start, so the first turn adds no second one)", async () => {
  const kinds = async (overrides: Partial<WellbeingTurnInput>) =>
    ((await selfModerationGate.check(turn("disc-user", overrides))).notices ?? []).map((n) => n.kind);
  expect(await kinds({})).toEqual([]);
  await d1
    .prepare(
      "INSERT INTO messages (id, conversation_id, role, sender_type, seq, content) VALUES ('m1', 'conv-disc-user', 'user', 'user', 1, 'hi')",
    )
    .run();
  expect(await kinds({})).toEqual([]);
  await settings("disc-user", { disclosure_usage_seconds: 3 * 3600 - 1 });
  expect(await kinds({})).toEqual([]);
  await settings("disc-user", { disclosure_usage_seconds: 3 * 3600 });
  expect(await kinds({})).toEqual(["ai_disclosure"]);
  expect(await kinds({})).toEqual([]);
});

test("usage minutes come from activity: gaps over 5 minutes don't count; the hook is idempotent per message", async () => {
  const at = (iso: string, messageId: string) =>
    wellbeingSettledHook.onSettled({
      db,
      d1,
      env: env as unknown as Env,
      userId: "hook-user",
      conversationId: "conv-hook-user",
      messageId,
      replyKey: messageId,
      intent: "send",
      provider: "local",
      keyId: null,
      promptTokens: 100,
      completionTokens: 20,
      status: "complete",
      now: new Date(iso),
    });
  await at("2026-12-01T10:00:00Z", "r1");
  await at("2026-12-01T10:04:00Z", "r2"); // +240 s
  await at("2026-12-01T10:04:00Z", "r2"); // the same settle again: nothing more
  await at("2026-12-01T10:20:00Z", "r3"); // a 16-minute gap: not use (and a real break)
  await at("2026-12-01T10:23:00Z", "r4"); // +180 s
  const row = await d1
    .prepare(
      "SELECT daily_usage_seconds, weekly_usage_seconds, current_daily_usage, break_usage_seconds, disclosure_usage_seconds FROM self_moderation WHERE user_id = 'hook-user'",
    )
    .first();
  expect(row).toEqual({
    daily_usage_seconds: 420,
    weekly_usage_seconds: 420,
    current_daily_usage: 7,
    break_usage_seconds: 180,
    disclosure_usage_seconds: 420,
  });
  const analytics = await d1
    .prepare(
      "SELECT date, messages_sent, tokens_used, session_seconds, session_duration FROM usage_analytics WHERE user_id = 'hook-user'",
    )
    .all();
  expect(analytics.results).toEqual([
    { date: "2026-12-01", messages_sent: 4, tokens_used: 480, session_seconds: 420, session_duration: 7 },
  ]);
  // The next local day starts from zero.
  await recordActivity(db, { userId: "hook-user", timeZone: "UTC" }, new Date("2026-12-02T00:01:00Z")).execute();
  const next = await d1
    .prepare(
      "SELECT usage_day, daily_usage_seconds, weekly_usage_seconds FROM self_moderation WHERE user_id = 'hook-user'",
    )
    .first();
  expect(next).toEqual({ usage_day: "2026-12-02", daily_usage_seconds: 0, weekly_usage_seconds: 420 });
});

test("a regenerate (same message, new reply key) adds its tokens but not another message sent", async () => {
  const settle = (replyKey: string, intent: "send" | "regenerate") =>
    wellbeingSettledHook.onSettled({
      db,
      d1,
      env: env as unknown as Env,
      userId: "disc-user",
      conversationId: "conv-disc-user",
      messageId: "same-message",
      replyKey,
      intent,
      provider: "local",
      keyId: null,
      promptTokens: 50,
      completionTokens: 10,
      status: "complete",
      now: new Date("2026-12-03T09:00:00Z"),
    });
  await settle("k1", "send");
  await settle("k2", "regenerate");
  await settle("k2", "regenerate");
  expect(
    await d1
      .prepare(
        "SELECT messages_sent, tokens_used FROM usage_analytics WHERE user_id = 'disc-user' AND date = '2026-12-03'",
      )
      .first(),
  ).toEqual({ messages_sent: 1, tokens_used: 120 });
});

/**
 * Pure rules on constructed cases: the insight formulas, the mood score and low-mood
 * streak, the user's clock (midnight across DST, night windows across midnight), and the
 * limit plan (lowering now, raising after the cool-down).
 */
import { expect, test } from "vitest";
import { memoryInsight, personaMetrics, sessionLengths } from "~/lib/analytics/insights";
import { inWindow, localClock, nextLocalMidnight, nextLocalWeekStart } from "~/lib/wellbeing/limits/clock";
import { planLimits } from "~/lib/wellbeing/limits/plan";
import { defaultSelfModeration } from "~/lib/wellbeing/limits/state";
import { lowMoodStreak, moodDays, moodScore } from "~/lib/wellbeing/mood";
import { contactLinks, smsLink } from "~/lib/wellbeing/resources";
import { chooseRegion, regionForCountry } from "~/lib/wellbeing/regions";

const memory = (
  importance: number,
  memory_type: string,
  access_count: number,
  created_at = "2026-12-01T00:00:00Z",
) => ({ importance, memory_type, access_count, summary: "", content: `m${importance}`, created_at });

test("memory insight: depth saturates with total importance; coherence and development are shares", () => {
  expect(memoryInsight([])).toEqual({ memory_depth: 0, story_coherence: 0, character_development: 0, key_events: [] });
  const five = Array.from({ length: 5 }, () => memory(1, "episodic", 0));
  expect(memoryInsight(five).memory_depth).toBe(63.2);
  const mixed = [
    memory(1, "long_term", 3),
    memory(0.5, "episodic", 0),
    memory(0.5, "semantic", 1),
    memory(0, "episodic", 0),
  ];
  expect(memoryInsight(mixed)).toMatchObject({ memory_depth: 33, story_coherence: 50, character_development: 50 });
  expect(memoryInsight(mixed).key_events.map((e) => e.importance)).toEqual([1, 0.5, 0.5, 0]);
  // Importance outside 0–1 cannot inflate the score.
  expect(memoryInsight([memory(7, "episodic", 0)]).memory_depth).toBe(18.1);
});

test("persona metrics: sessions split at gaps over 30 minutes; engagement and consistency", () => {
  expect(
    sessionLengths([
      "2026-12-01T10:00:00Z",
      "2026-12-01T10:20:00Z",
      "2026-12-01T10:50:00Z",
      "2026-12-01T12:00:00Z",
      "2026-12-01T12:05:00Z",
    ]),
  ).toEqual([50, 5]);
  expect(sessionLengths([])).toEqual([]);
  const now = new Date("2026-12-10T00:00:00Z");
  const metrics = personaMetrics(
    3,
    [
      { messageTimes: ["2026-12-01T10:00:00Z", "2026-12-01T10:10:00Z"], userMessages: 20 },
      { messageTimes: ["2026-12-05T10:00:00Z", "2026-12-05T10:30:00Z"], userMessages: 20 },
    ],
    now,
  );
  expect(metrics).toEqual({
    conversations_count: 3,
    average_session_length: 20,
    engagement_score: 63.2,
    consistency_score: 7.1,
  });
  expect(personaMetrics(0, [], now)).toEqual({
    conversations_count: 0,
    average_session_length: 0,
    engagement_score: 0,
    consistency_score: 0,
  });
});

test("mood score and the three-low-days trigger", () => {
  expect([moodScore("happy", 5), moodScore("neutral", 3), moodScore("sad", 5), moodScore("tired", 1)]).toEqual([
    10, 5, 0, 4,
  ]);
  const checkIn = (day: string, mood: string) => ({
    id: day + mood,
    mood,
    intensity: 3,
    note: "",
    triggers: "[]",
    created_at: `${day}T12:00:00Z`,
  });
  const days = ["2026-12-01", "2026-12-02", "2026-12-03"];
  expect(
    lowMoodStreak(
      moodDays(days, [checkIn("2026-12-01", "sad"), checkIn("2026-12-02", "anxious"), checkIn("2026-12-03", "lonely")]),
    ),
  ).toBe(true);
  expect(lowMoodStreak(moodDays(days, [checkIn("2026-12-01", "sad"), checkIn("2026-12-03", "lonely")]))).toBe(false);
  expect(
    lowMoodStreak(
      moodDays(days, [checkIn("2026-12-01", "sad"), checkIn("2026-12-02", "happy"), checkIn("2026-12-03", "sad")]),
    ),
  ).toBe(false);
});

test("the user's clock: local date, Monday week start, midnight across a DST change", () => {
  expect(localClock(new Date("2026-12-01T23:30:00Z"), "Asia/Tokyo")).toEqual({
    date: "2026-12-02",
    minuteOfDay: 510,
    weekStart: "2026-11-30",
  });
  expect(localClock(new Date("2026-12-07T00:00:00Z"), "UTC").weekStart).toBe("2026-12-07");
  // New York falls back on 2026-11-01: that day is 25 hours long; its midnight after is 05:00Z.
  expect(nextLocalMidnight(new Date("2026-11-01T12:00:00Z"), "America/New_York").toISOString()).toBe(
    "2026-11-02T05:00:00.000Z",
  );
  expect(nextLocalMidnight(new Date("2026-10-31T12:00:00Z"), "America/New_York").toISOString()).toBe(
    "2026-11-01T04:00:00.000Z",
  );
  expect(nextLocalWeekStart(new Date("2026-12-02T10:00:00Z"), "UTC").toISOString()).toBe("2026-12-07T00:00:00.000Z");
  expect(localClock(new Date("2026-12-01T12:00:00Z"), "Not/AZone").date).toBe("2026-12-01");
});

test("night windows across midnight", () => {
  expect([
    inWindow(22 * 60, 1320, 420),
    inWindow(3 * 60, 1320, 420),
    inWindow(7 * 60, 1320, 420),
    inWindow(12 * 60, 1320, 420),
  ]).toEqual([true, true, false, false]);
  expect([inWindow(13 * 60, 780, 900), inWindow(15 * 60, 780, 900)]).toEqual([true, false]);
});

test("limit plan: lowering or adding applies now; raising or removing waits 24 hours", () => {
  const now = new Date("2026-12-01T10:00:00Z");
  const row = { ...defaultSelfModeration("u"), daily_limit: 60, weekly_limit: 300 };
  expect(planLimits(row, { daily: 30, weekly: 300 }, now)).toEqual({
    daily_limit: 30,
    weekly_limit: 300,
    pending_daily_limit: null,
    pending_weekly_limit: null,
    pending_effective_at: null,
  });
  expect(planLimits(row, { daily: 120, weekly: null }, now)).toEqual({
    daily_limit: 60,
    weekly_limit: 300,
    pending_daily_limit: 120,
    pending_weekly_limit: 0,
    pending_effective_at: "2026-12-02T10:00:00.000Z",
  });
  expect(planLimits(defaultSelfModeration("u"), { daily: 15, weekly: null }, now)).toMatchObject({
    daily_limit: 15,
    pending_effective_at: null,
  });
  // Saving the same pending raise again keeps its original time (no endless postponing).
  const pending = { ...row, pending_daily_limit: 120, pending_effective_at: "2026-12-02T09:00:00.000Z" };
  expect(planLimits(pending, { daily: 120, weekly: 300 }, now).pending_effective_at).toBe("2026-12-02T09:00:00.000Z");
});

test("regions and contact links", () => {
  expect([
    regionForCountry("US"),
    regionForCountry("IE"),
    regionForCountry("es"),
    regionForCountry("JP"),
    regionForCountry(null),
  ]).toEqual(["us", "uk", "eu", "global", "global"]);
  expect(chooseRegion("au", "US")).toBe("au");
  expect(chooseRegion("mars", "CA")).toBe("ca");
  expect(smsLink("HOME to 741741")).toEqual({ href: "sms:741741?body=HOME", label: "Text HOME to 741741" });
  expect(
    contactLinks({
      name: "x",
      contact_phone: "13 11 14",
      contact_text: "0477 13 11 14",
      contact_chat: "javascript:alert(1)",
      website: "https://example.org/",
    }).map((l) => l.href),
  ).toEqual(["tel:131114", "sms:0477131114", "https://example.org/"]);
});

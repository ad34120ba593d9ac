/**
 * Wellbeing pages through their real loaders and actions against local D1: /crisis
 * filters and region choice, /wellbeing/limits (400s that keep input, the raise
 * cool-down), /wellbeing/mood (owner only, 400s), /activity, and /staff/safety (404 to
 * non-staff, counts only).
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { wellbeingSeed } from "#db/seed/wellbeing";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import * as activity from "~/routes/wellbeing/activity";
import * as crisis from "~/routes/wellbeing/crisis";
import * as limits from "~/routes/wellbeing/limits";
import * as mood from "~/routes/wellbeing/mood";
import * as staffSafety from "~/routes/wellbeing/staff-safety";
import * as contentSettings from "~/routes/bots/settings-content";

const db = createDb(env.DB);
const person = (
  id: string,
  role: CurrentUser["role"] = "user",
  ageGroup: CurrentUser["ageGroup"] = "adult",
): CurrentUser => ({ id, email: `${id}@example.com`, displayName: id, role, preferences: {}, ageGroup });
const sam = person("sam");
const kim = person("kim");
const support = person("riley", "support");
const minor = person("teen", "user", "minor");

beforeAll(async () => {
  await env.DB.batch([
    ...wellbeingSeed().map((s) => env.DB.prepare(s)),
    ...[sam, kim, support, minor].map((u) =>
      env.DB.prepare("INSERT INTO users (id, email, role, age_group) VALUES (?, ?, ?, ?)").bind(
        u.id,
        u.email,
        u.role,
        u.ageGroup ?? null,
      ),
    ),
  ]);
});

function args(user: CurrentUser | null, path: string, init?: RequestInit & { country?: string }) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env, db, services: {} as Services, waitUntil: () => {}, nonce: "test" });
  const headers = new Headers(init?.headers);
  if (init?.country) headers.set("CF-IPCountry", init.country);
  return { request: new Request(`https://botcafe.test${path}`, { ...init, headers }), context, params: {} } as never;
}

const post = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

async function statusOf(
  run: () => Promise<unknown>,
): Promise<{ status: number; location?: string | null; body?: unknown }> {
  try {
    const result = (await run()) as { init?: ResponseInit; data?: unknown } | Response | null;
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    if (result && "init" in result && result.init) return { status: result.init.status ?? 200, body: result.data };
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    const init = (thrown as { init?: ResponseInit }).init;
    if (init) return { status: init.status ?? 500, body: (thrown as { data?: unknown }).data };
    throw thrown;
  }
}

test("/crisis: the request's country picks the region; filters narrow it; nonsense filters are ignored", async () => {
  const uk = (await crisis.loader(args(null, "/crisis", { country: "GB" }))) as Awaited<
    ReturnType<typeof crisis.loader>
  >;
  expect(uk.region).toBe("uk");
  expect(uk.resources.map((r) => r.region)).toEqual(expect.arrayContaining(["uk", "global"]));
  expect(uk.resources.some((r) => r.region === "us")).toBe(false);
  expect(uk.resources[0]!.is_emergency).toBe(1);

  const nowhere = (await crisis.loader(args(null, "/crisis"))) as Awaited<ReturnType<typeof crisis.loader>>;
  expect(nowhere.region).toBe("global");
  expect(new Set(nowhere.resources.map((r) => r.region))).toEqual(new Set(["global"]));

  const usYouth = (await crisis.loader(args(null, "/crisis?region=us&type=lgbtq"))) as Awaited<
    ReturnType<typeof crisis.loader>
  >;
  expect(usYouth.resources.map((r) => r.name)).toEqual(["The Trevor Project"]);
  const texts = (await crisis.loader(args(null, "/crisis?region=all&category=text"))) as Awaited<
    ReturnType<typeof crisis.loader>
  >;
  expect(texts.resources.map((r) => r.category)).toEqual(texts.resources.map(() => "text"));
  expect(texts.resources.length).toBeGreaterThanOrEqual(2);

  const junk = (await crisis.loader(
    args(null, `/crisis?region=${"x".repeat(5000)}&type=<script>`, { country: "AU" }),
  )) as Awaited<ReturnType<typeof crisis.loader>>;
  expect(junk.region).toBe("au");
  // Every listing names its source and when it was last checked.
  expect(
    junk.resources.every(
      (r) => r.source_url?.startsWith("https://") && /^\d{4}-\d{2}-\d{2}$/.test(r.last_checked ?? ""),
    ),
  ).toBe(true);
});

test("/crisis: a saved region wins over the country; saving needs sign-in; bad values are a 400", async () => {
  expect(
    await statusOf(() => crisis.action(args(null, "/crisis", post({ intent: "save-region", crisis_region: "uk" })))),
  ).toMatchObject({ status: 302 });
  expect(
    await statusOf(() => crisis.action(args(sam, "/crisis", post({ intent: "save-region", crisis_region: "mars" })))),
  ).toMatchObject({ status: 400, body: { values: { crisis_region: "mars" } } });
  expect(
    await statusOf(() => crisis.action(args(sam, "/crisis", post({ intent: "save-region", crisis_region: "ca" })))),
  ).toEqual({ status: 303, location: "/crisis?saved=1" });
  const page = (await crisis.loader(args(sam, "/crisis", { country: "US" }))) as Awaited<
    ReturnType<typeof crisis.loader>
  >;
  expect(page.region).toBe("ca");
  expect(page.savedRegion).toBe("ca");
});

const limitsForm = (fields: Record<string, string>) =>
  post({ time_zone: "UTC", crisis_region: "auto", night_mode_start: "22:00", night_mode_end: "07:00", ...fields });

test("/wellbeing/limits: bad input is a 400 that keeps what was typed; nothing a user sends is a 500", async () => {
  const bad = await statusOf(() =>
    limits.action(
      args(
        kim,
        "/wellbeing/limits",
        limitsForm({ daily_limit: "-5", weekly_limit: "abc", time_zone: "Mars/Base", night_mode_end: "25:99" }),
      ),
    ),
  );
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({
    fieldErrors: {
      daily_limit: [expect.any(String)],
      weekly_limit: [expect.any(String)],
      time_zone: [expect.any(String)],
      night_mode_end: [expect.any(String)],
    },
    values: { daily_limit: "-5", time_zone: "Mars/Base" },
  });
  const huge = await statusOf(() =>
    limits.action(
      args(kim, "/wellbeing/limits", limitsForm({ daily_limit: "9".repeat(10000), time_zone: "x".repeat(10000) })),
    ),
  );
  expect(huge.status).toBe(400);
  const missing = await statusOf(() => limits.action(args(kim, "/wellbeing/limits", post({}))));
  expect(missing.status).toBe(400);
  expect(await statusOf(() => limits.loader(args(null, "/wellbeing/limits")))).toMatchObject({ status: 302 });
});

test("/wellbeing/limits: lowering applies now, raising waits the 24-hour cool-down", async () => {
  expect(
    await statusOf(() =>
      limits.action(args(kim, "/wellbeing/limits", limitsForm({ daily_limit: "30", time_zone: "Europe/Madrid" }))),
    ),
  ).toEqual({ status: 303, location: "/wellbeing/limits?saved=1" });
  let row = await env.DB.prepare(
    "SELECT daily_limit, pending_daily_limit, pending_effective_at, time_zone FROM self_moderation WHERE user_id = 'kim'",
  ).first();
  expect(row).toEqual({
    daily_limit: 30,
    pending_daily_limit: null,
    pending_effective_at: null,
    time_zone: "Europe/Madrid",
  });

  const before = Date.now();
  await limits
    .action(args(kim, "/wellbeing/limits", limitsForm({ daily_limit: "90", time_zone: "Europe/Madrid" })))
    .catch(() => {});
  row = await env.DB.prepare(
    "SELECT daily_limit, pending_daily_limit, pending_effective_at FROM self_moderation WHERE user_id = 'kim'",
  ).first<{ daily_limit: number; pending_daily_limit: number; pending_effective_at: string }>();
  expect(row).toMatchObject({ daily_limit: 30, pending_daily_limit: 90 });
  const wait = Date.parse((row as { pending_effective_at: string }).pending_effective_at) - before;
  expect(wait).toBeGreaterThanOrEqual(24 * 3600_000 - 5000);
  expect(wait).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
  const page = (await limits.loader(args(kim, "/wellbeing/limits"))) as Awaited<ReturnType<typeof limits.loader>>;
  expect(page.row.daily_limit).toBe(30);
  expect(page.pending).toMatchObject({ daily: 90 });

  // Removing the limit also waits; lowering again cancels the pending raise at once.
  await limits
    .action(args(kim, "/wellbeing/limits", limitsForm({ daily_limit: "", time_zone: "Europe/Madrid" })))
    .catch(() => {});
  expect(
    await env.DB.prepare("SELECT daily_limit, pending_daily_limit FROM self_moderation WHERE user_id = 'kim'").first(),
  ).toEqual({ daily_limit: 30, pending_daily_limit: 0 });
  await limits
    .action(args(kim, "/wellbeing/limits", limitsForm({ daily_limit: "20", time_zone: "Europe/Madrid" })))
    .catch(() => {});
  expect(
    await env.DB.prepare(
      "SELECT daily_limit, pending_daily_limit, pending_effective_at FROM self_moderation WHERE user_id = 'kim'",
    ).first(),
  ).toEqual({ daily_limit: 20, pending_daily_limit: null, pending_effective_at: null });
});

test("/wellbeing/mood: check-ins are the owner's only; bad input is a 400 that keeps the note", async () => {
  expect(
    await statusOf(() =>
      mood.action(
        args(
          sam,
          "/wellbeing/mood",
          post({ intent: "check-in", mood: "sad", intensity: "4", note: "long day", triggers: "work, Sleep, work" }),
        ),
      ),
    ),
  ).toEqual({ status: 303, location: "/wellbeing/mood?saved=1" });
  const bad = await statusOf(() =>
    mood.action(
      args(sam, "/wellbeing/mood", post({ intent: "check-in", mood: "bliss", intensity: "9", note: "kept" })),
    ),
  );
  expect(bad).toMatchObject({
    status: 400,
    body: { fieldErrors: { mood: [expect.any(String)], intensity: [expect.any(String)] }, values: { note: "kept" } },
  });
  expect(
    (
      await statusOf(() =>
        mood.action(
          args(
            sam,
            "/wellbeing/mood",
            post({ intent: "check-in", mood: "sad", intensity: "2", note: "n".repeat(5000) }),
          ),
        ),
      )
    ).status,
  ).toBe(400);
  const mine = (await mood.loader(args(sam, "/wellbeing/mood"))) as Awaited<ReturnType<typeof mood.loader>>;
  expect(mine.recent).toMatchObject([{ mood: "sad", intensity: 4, note: "long day", triggers: ["work", "sleep"] }]);
  expect(mine.perDay.at(-1)).toMatchObject({ score: 1, moods: ["sad"] });
  expect(mine.averages).toEqual([{ mood: "sad", count: 1, averageIntensity: 4 }]);
  const theirs = (await mood.loader(args(kim, "/wellbeing/mood"))) as Awaited<ReturnType<typeof mood.loader>>;
  expect(theirs.recent).toEqual([]);
  expect(mine.perDay.length).toBe(30);
  expect(
    ((await mood.loader(args(sam, "/wellbeing/mood?days=90"))) as Awaited<ReturnType<typeof mood.loader>>).perDay
      .length,
  ).toBe(90);
});

test("/activity shows my days from the rollup, not someone else's", async () => {
  const today = new Date().toISOString().slice(0, 10);
  await env.DB.prepare(
    "INSERT INTO usage_analytics (id, user_id, date, messages_sent, session_duration) VALUES ('ua1', 'sam', ?, 7, 12)",
  )
    .bind(today)
    .run();
  const page = (await activity.loader(args(sam, "/activity"))) as Awaited<ReturnType<typeof activity.loader>>;
  expect(page.days).toHaveLength(30);
  expect(page.days.at(-1)).toMatchObject({ date: today, messages_sent: 7, session_duration: 12 });
  const other = (await activity.loader(args(kim, "/activity"))) as Awaited<ReturnType<typeof activity.loader>>;
  expect(other.days.at(-1)).toMatchObject({ messages_sent: 0 });
});

test("/staff/safety is a 404 to non-staff and shows counts per month, region and language to staff", async () => {
  await env.DB.prepare(
    "INSERT INTO crisis_referrals (month, region, language, referrals) VALUES ('2026-03', 'us', 'en', 4), ('2026-03', 'us', 'es', 1), ('2026-07', 'uk', 'en', 2)",
  ).run();
  expect(await statusOf(() => staffSafety.loader(args(sam, "/staff/safety?year=2026")))).toMatchObject({ status: 404 });
  expect(await statusOf(() => staffSafety.loader(args(null, "/staff/safety?year=2026")))).toMatchObject({
    status: 404,
  });
  const page = (await staffSafety.loader(args(support, "/staff/safety?year=2026"))) as Awaited<
    ReturnType<typeof staffSafety.loader>
  >;
  expect(page.rows).toEqual([
    { month: "2026-03", region: "us", language: "en", referrals: 4, withheld_replies: 0 },
    { month: "2026-03", region: "us", language: "es", referrals: 1, withheld_replies: 0 },
    { month: "2026-07", region: "uk", language: "en", referrals: 2, withheld_replies: 0 },
  ]);
  expect(
    (
      (await staffSafety.loader(args(support, "/staff/safety?year=banana"))) as Awaited<
        ReturnType<typeof staffSafety.loader>
      >
    ).year,
  ).toBe(new Date().getUTCFullYear());
});

test("the NSFW opt-in requires an adult", async () => {
  expect(
    await statusOf(() => contentSettings.action(args(minor, "/settings/content", post({ nsfw: "on" })))),
  ).toMatchObject({ status: 400, body: { fieldErrors: { nsfw: [expect.stringMatching(/18/)] } } });
  expect(
    (await statusOf(() => contentSettings.action(args(sam, "/settings/content", post({ nsfw: "on" }))))).status,
  ).toBe(302);
});

test("the account export's wellbeing part holds only the person's own check-ins and settings", async () => {
  const { batch } = await import("#db/batch");
  const { wellbeingExportQueries } = await import("~/lib/wellbeing/export");
  await env.DB.prepare(
    "INSERT INTO moods (id, user_id, mood, intensity, note) VALUES ('m-kim', 'kim', 'happy', 2, 'kim only')",
  ).run();
  const [moods, settings] = await batch(env.DB, wellbeingExportQueries(db, "kim"));
  expect(moods.map((m) => m.note)).toEqual(["kim only"]);
  expect(settings).toHaveLength(1);
});

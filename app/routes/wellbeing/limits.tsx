/**
 * /wellbeing/limits — the person's own limits, enforced in chat on both paths: daily and
 * weekly minutes (raising one waits a cool-down), break reminders, night mode on their
 * clock (a notice, or "stop me"; loosening "stop me" waits the same cool-down), their time
 * zone (picked from a list; until chosen, suggested from the connection) and their crisis region.
 */
import { redirect } from "react-router";
import { Checkbox, FormErrors, SelectField, SubmitButton, TextField } from "~/components/form";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { invalid, parseSubmission } from "~/lib/forms";
import { newId } from "~/lib/ids";
import { formatLocalTime, localClock } from "~/lib/wellbeing/limits/clock";
import { limitsSchema, parseTriggers } from "~/lib/wellbeing/limits/form";
import { nightInForce, type NightSettings } from "~/lib/wellbeing/limits/night";
import { planLimits, planNightMode } from "~/lib/wellbeing/limits/plan";
import {
  breakIntervalMinutes,
  currentUsage,
  effectiveLimits,
  loadSelfModeration,
  MINOR_MAX_BREAK_MINUTES,
  RAISE_COOL_DOWN_MINUTES,
} from "~/lib/wellbeing/limits/state";
import { canonicalTimeZone, requestTimeZone, timeZoneList } from "~/lib/wellbeing/limits/time-zones";
import { CRISIS_REGIONS, REGION_LABELS } from "~/lib/wellbeing/regions";
import type { Route } from "./+types/limits";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Your limits · BotCafe" }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const row = await loadSelfModeration(getApp(context).db, user.id);
  const now = new Date();
  const limits = effectiveLimits(row, now);
  const night = nightInForce(row, now);
  const zone = night.settings.timeZone;
  const usage = currentUsage({ ...row, time_zone: zone }, now);
  const local = (at: Date) => `${localClock(at, zone).date} ${formatLocalTime(at, zone)}`;
  // Until the person picks a zone, suggest the one their connection is in (UTC in dev).
  const suggested = row.time_zone_chosen === 1 ? null : requestTimeZone(request);
  return {
    row: {
      daily_limit: limits.daily,
      weekly_limit: limits.weekly,
      break_reminder_interval: row.break_reminder_interval,
      night_mode_enabled: night.settings.enabled,
      night_mode_start: night.settings.start,
      night_mode_end: night.settings.end,
      night_mode_stop: night.settings.stop,
      low_mood_streak: parseTriggers(row.intervention_triggers).lowMoodStreak !== false,
      time_zone: suggested ?? canonicalTimeZone(zone) ?? "UTC",
      crisis_region: row.crisis_region,
    },
    zoneSuggested: suggested !== null && suggested !== canonicalTimeZone(zone),
    timeZones: timeZoneList(),
    pending: limits.pendingAt
      ? {
          daily: row.pending_daily_limit,
          weekly: row.pending_weekly_limit,
          at: limits.pendingAt.toISOString(),
          atLocal: local(limits.pendingAt),
        }
      : null,
    pendingNight:
      night.pending && night.pendingAt
        ? {
            changes: nightChanges(night.settings, night.pending),
            at: night.pendingAt.toISOString(),
            atLocal: local(night.pendingAt),
          }
        : null,
    usage: { todayMinutes: Math.floor(usage.dailySeconds / 60), weekMinutes: Math.floor(usage.weeklySeconds / 60) },
    resets: { day: formatLocalTime(usage.dayEndsAt, zone), week: localClock(usage.weekEndsAt, zone).date },
    minor: user.ageGroup === "minor",
    breakInForce: breakIntervalMinutes(row, user.ageGroup),
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const submission = parseSubmission(await request.formData(), limitsSchema);
  if (submission.status === "invalid") return invalid(submission);
  const v = submission.value;
  const { db } = getApp(context);
  const now = new Date();
  const row = await loadSelfModeration(db, user.id);
  const plan = planLimits(row, { daily: v.daily_limit, weekly: v.weekly_limit }, now);
  // The same zone by another name (an alias saved before the list) is not a change.
  const inForceZone = nightInForce(row, now).settings.timeZone;
  const timeZone = canonicalTimeZone(inForceZone) === v.time_zone ? inForceZone : v.time_zone;
  const night = planNightMode(
    row,
    {
      enabled: v.night_mode_enabled,
      start: v.night_mode_start,
      end: v.night_mode_end,
      stop: v.night_mode_stop,
      timeZone,
    },
    now,
  );
  const triggers = JSON.stringify({ ...parseTriggers(row.intervention_triggers), lowMoodStreak: v.low_mood_streak });
  const columns = {
    ...plan,
    ...night,
    break_reminder_interval: v.break_reminder_interval,
    intervention_triggers: triggers,
    time_zone_chosen: 1 as const,
    crisis_region: v.crisis_region === "auto" ? null : v.crisis_region,
    updated_at: now.toISOString(),
  };
  await db
    .insertInto("self_moderation")
    .values({ id: newId(), user_id: user.id, ...columns })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(columns))
    .execute();
  throw redirect("/wellbeing/limits?saved=1", 303);
}

const show = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

/** What a waiting night-mode change will do, in words ("stop me off; hours 23:00–06:00"). */
function nightChanges(now: NightSettings, next: NightSettings): string {
  const changes: string[] = [];
  if (now.enabled !== next.enabled) changes.push(next.enabled ? "night mode on" : "night mode off");
  if (now.stop !== next.stop) changes.push(next.stop ? "“stop me” on" : "“stop me” off");
  if (now.start !== next.start || now.end !== next.end) changes.push(`hours ${next.start ?? "?"}–${next.end ?? "?"}`);
  if (now.timeZone !== next.timeZone) changes.push(`time zone ${next.timeZone}`);
  return changes.join("; ");
}

export default function Limits({ loaderData, actionData }: Route.ComponentProps) {
  const { row, pending, pendingNight, usage, resets, minor, breakInForce, saved, timeZones, zoneSuggested } =
    loaderData;
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-2xl font-bold">Your limits</h1>
      <p className="mt-2 text-stone-700">
        BotCafe holds these for you in every chat. Time counts while you are chatting; a gap of more than 5 minutes does
        not count.
      </p>
      {saved ? (
        <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          Saved.
        </p>
      ) : null}

      <dl className="mt-4 grid grid-cols-2 gap-3">
        <div className="rounded border border-stone-200 bg-white p-3">
          <dt className="text-sm text-stone-600">Today</dt>
          <dd className="text-2xl font-bold">
            {usage.todayMinutes} min
            {row.daily_limit ? (
              <span className="text-base font-normal text-stone-600"> of {row.daily_limit}</span>
            ) : null}
          </dd>
          <dd className="text-xs text-stone-600">Resets at {resets.day} your time</dd>
        </div>
        <div className="rounded border border-stone-200 bg-white p-3">
          <dt className="text-sm text-stone-600">This week</dt>
          <dd className="text-2xl font-bold">
            {usage.weekMinutes} min
            {row.weekly_limit ? (
              <span className="text-base font-normal text-stone-600"> of {row.weekly_limit}</span>
            ) : null}
          </dd>
          <dd className="text-xs text-stone-600">Resets Monday {resets.week}</dd>
        </div>
      </dl>

      {pending ? (
        <p role="status" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
          Waiting to take effect on {pending.atLocal} (your time):{" "}
          {pending.daily !== null
            ? `daily limit ${pending.daily === 0 ? "removed" : `${pending.daily} minutes`}`
            : null}
          {pending.daily !== null && pending.weekly !== null ? "; " : null}
          {pending.weekly !== null
            ? `weekly limit ${pending.weekly === 0 ? "removed" : `${pending.weekly} minutes`}`
            : null}
          . Until then your current limits hold.
        </p>
      ) : null}
      {pendingNight ? (
        <p role="status" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
          Waiting to take effect on {pendingNight.atLocal} (your time): {pendingNight.changes}. Until then night mode
          and “stop me” stay as they are.
        </p>
      ) : null}

      <PostForm className="mt-4 rounded-lg border border-stone-200 bg-white p-4">
        <FormErrors state={actionData} />
        <h2 className="mb-2 text-lg font-semibold">Time limits</h2>
        <TextField
          label="Daily limit (minutes)"
          name="daily_limit"
          type="number"
          state={actionData}
          defaultValue={show(row.daily_limit)}
          hint="Leave empty for no daily limit."
        />
        <TextField
          label="Weekly limit (minutes)"
          name="weekly_limit"
          type="number"
          state={actionData}
          defaultValue={show(row.weekly_limit)}
          hint="Leave empty for no weekly limit."
        />
        <p className="mb-4 text-sm text-stone-600">
          Lowering a limit applies now. Raising or removing one takes effect after {RAISE_COOL_DOWN_MINUTES / 60} hours,
          so the limit still means something on a hard day.
        </p>
        <TextField
          label="Break reminder every (minutes)"
          name="break_reminder_interval"
          type="number"
          state={actionData}
          defaultValue={show(row.break_reminder_interval)}
          hint={
            minor
              ? `For under-18s BotCafe reminds you at least every ${MINOR_MAX_BREAK_MINUTES / 60} hours (now: every ${breakInForce} minutes).`
              : "Leave empty for no reminders."
          }
        />

        <h2 className="mb-2 mt-6 text-lg font-semibold">Night mode</h2>
        <Checkbox
          label="Turn on night mode"
          name="night_mode_enabled"
          state={actionData}
          defaultChecked={row.night_mode_enabled}
          hint="A gentle notice in chat during these hours."
        />
        <div className="grid gap-x-4 sm:grid-cols-2">
          <TextField
            label="From"
            name="night_mode_start"
            type="time"
            state={actionData}
            defaultValue={row.night_mode_start ?? "22:00"}
          />
          <TextField
            label="Until"
            name="night_mode_end"
            type="time"
            state={actionData}
            defaultValue={row.night_mode_end ?? "07:00"}
          />
        </div>
        <Checkbox
          label="Stop me"
          name="night_mode_stop"
          state={actionData}
          defaultChecked={row.night_mode_stop}
          hint={`Refuse to send messages during night mode, not just remind me. Turning it off, or changing the hours or time zone so it stops less, takes effect after ${RAISE_COOL_DOWN_MINUTES / 60} hours.`}
        />
        <SelectField
          label="Your time zone"
          name="time_zone"
          state={actionData}
          defaultValue={row.time_zone}
          hint={`Limits reset at your midnight and night mode uses your clock. Changing it never resets time you have already used today.${zoneSuggested ? " Suggested from where your connection is; save to use it." : ""}`}
          options={timeZones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }))}
        />

        <h2 className="mb-2 mt-6 text-lg font-semibold">Support</h2>
        <Checkbox
          label="Show crisis resources after three low-mood days in a row"
          name="low_mood_streak"
          state={actionData}
          defaultChecked={row.low_mood_streak}
          hint="Based on your mood check-ins (sad, anxious, stressed or lonely)."
        />
        <SelectField
          label="Region for crisis resources"
          name="crisis_region"
          state={actionData}
          defaultValue={row.crisis_region ?? "auto"}
          options={[
            { value: "auto", label: "Automatic (from where my connection is)" },
            ...CRISIS_REGIONS.map((r) => ({ value: r, label: REGION_LABELS[r] })),
          ]}
        />
        <SubmitButton>Save limits</SubmitButton>
      </PostForm>
      <p className="mt-4 text-sm">
        <a href="/crisis" className="text-brand-700 underline">
          Crisis support
        </a>{" "}
        ·{" "}
        <a href="/wellbeing/mood" className="text-brand-700 underline">
          Mood check-in
        </a>{" "}
        ·{" "}
        <a href="/activity" className="text-brand-700 underline">
          Your activity
        </a>
      </p>
    </div>
  );
}

/**
 * /wellbeing/mood — check in (mood, intensity, note, triggers), and see the last 30 or 90
 * days as a server-rendered chart with the numbers beside it, averages per mood, and the
 * minutes chatted each day next to the mood. Only the owner ever sees it.
 */
import { redirect } from "react-router";
import { z } from "zod";
import { BarChart } from "~/components/charts/bar-chart";
import { LineChart } from "~/components/charts/line-chart";
import { FormErrors, SelectField, SubmitButton, TextArea, TextField } from "~/components/form";
import { batch } from "#db/batch";
import { fillDays, lastDays, usageDaysQuery, type UsageDay } from "~/lib/analytics/usage";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { formField, invalid, parseSubmission } from "~/lib/forms";
import { newId } from "~/lib/ids";
import { parseTriggers } from "~/lib/wellbeing/limits/form";
import {
  averagesPerMood,
  checkInsSinceQuery,
  lowMoodStreak,
  moodDays,
  MOODS,
  type CheckIn,
} from "~/lib/wellbeing/mood";
import type { Route } from "./+types/mood";
import { PostForm } from "~/components/post-form";

export function meta() {
  return [{ title: "Mood · BotCafe" }];
}

const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const { env, db } = getApp(context);
  const url = new URL(request.url);
  const range = url.searchParams.get("days") === "90" ? 90 : 30;
  const now = new Date();
  const days = lastDays(now, range);
  const since = new Date(`${days[0]}T00:00:00Z`);
  const [checkIns, usageRows, settings] = await batch(env.DB, [
    checkInsSinceQuery(db, user.id, since),
    usageDaysQuery(db, user.id, days[0]!, days.at(-1)!),
    db.selectFrom("self_moderation").select("intervention_triggers").where("user_id", "=", user.id),
  ] as const);
  const perDay = moodDays(days, checkIns as CheckIn[]);
  const usage = fillDays(days, usageRows as UsageDay[]);
  const triggerOn = parseTriggers(settings[0]?.intervention_triggers ?? "{}").lowMoodStreak !== false;
  return {
    range,
    days,
    perDay,
    minutes: usage.map((u) => u.session_duration),
    averages: averagesPerMood(checkIns as CheckIn[]),
    recent: (checkIns as CheckIn[]).slice(0, 10).map((c) => ({ ...c, triggers: safeTags(c.triggers) })),
    showResources: triggerOn && lowMoodStreak(perDay),
    saved: url.searchParams.has("saved"),
  };
}

function safeTags(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

const checkInSchema = z.object({
  intent: z.literal("check-in"),
  mood: z.enum(MOODS, { error: "Choose how you feel." }),
  intensity: z.coerce
    .number({ error: "Choose an intensity from 1 to 5." })
    .int("Choose an intensity from 1 to 5.")
    .min(1, "Choose an intensity from 1 to 5.")
    .max(5, "Choose an intensity from 1 to 5."),
  note: formField.optionalText("Note", 1000),
  triggers: formField
    .optionalText("Triggers", 300)
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .refine((tags) => tags.length <= 10, "Use at most 10 triggers.")
    .refine((tags) => tags.every((t) => t.length <= 30), "Each trigger must be at most 30 characters."),
});

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  const submission = parseSubmission(await request.formData(), checkInSchema);
  if (submission.status === "invalid") return invalid(submission);
  const { mood, intensity, note, triggers } = submission.value;
  await getApp(context)
    .db.insertInto("moods")
    .values({
      id: newId(),
      user_id: user.id,
      mood,
      intensity,
      note,
      triggers: JSON.stringify(triggers),
      created_at: new Date().toISOString(),
    })
    .execute();
  throw redirect("/wellbeing/mood?saved=1", 303);
}

const label = (mood: string) => mood.charAt(0).toUpperCase() + mood.slice(1);

export default function MoodPage({ loaderData, actionData }: Route.ComponentProps) {
  const { range, days, perDay, minutes, averages, recent, showResources, saved } = loaderData;
  const charted = perDay.filter((d) => d.score !== null);
  const totalMinutes = minutes.reduce((a, b) => a + b, 0);
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-2xl font-bold">Mood</h1>
      <p className="mt-1 text-stone-700">Only you can see your check-ins.</p>
      {saved ? (
        <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          Checked in. Thank you for taking a moment for yourself.
        </p>
      ) : null}
      {showResources ? (
        <div role="note" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950">
          <p className="font-semibold">The last three days have been hard.</p>
          <p className="mt-1">
            Talking to someone can help. You can reach a real person, for free, any time:{" "}
            <a href="/crisis" className="font-medium underline">
              crisis and support lines
            </a>
            .
          </p>
        </div>
      ) : null}

      <PostForm className="mt-4 rounded-lg border border-stone-200 bg-white p-4">
        <h2 className="mb-2 text-lg font-semibold">Check in</h2>
        <FormErrors state={actionData} />
        <input type="hidden" name="intent" value="check-in" />
        <div className="grid gap-x-4 sm:grid-cols-2">
          <SelectField
            label="How do you feel?"
            name="mood"
            state={actionData}
            defaultValue="neutral"
            options={MOODS.map((m) => ({ value: m, label: label(m) }))}
          />
          <SelectField
            label="How strongly? (1–5)"
            name="intensity"
            state={actionData}
            defaultValue="3"
            options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))}
          />
        </div>
        <TextArea label="Note (optional)" name="note" state={actionData} maxLength={1000} rows={2} />
        <TextField
          label="Triggers (optional)"
          name="triggers"
          state={actionData}
          hint="Comma-separated, like: work, sleep, friends"
          maxLength={300}
        />
        <SubmitButton>Check in</SubmitButton>
      </PostForm>

      <nav aria-label="Range" className="mt-6 flex gap-3 text-sm">
        {[30, 90].map((n) => (
          <a
            key={n}
            href={`/wellbeing/mood?days=${n}`}
            aria-current={range === n ? "page" : undefined}
            className={range === n ? "font-semibold underline" : "text-brand-700 underline"}
          >
            Last {n} days
          </a>
        ))}
      </nav>

      <section aria-labelledby="mood-chart" className="mt-4">
        <h2 id="mood-chart" className="text-xl font-semibold">
          Mood and minutes chatted, last {range} days
        </h2>
        <p className="text-sm text-stone-600">
          How this is computed: each check-in scores 5 for neutral, 5 + intensity for happy, content or excited, and 5 −
          intensity for the others; a day shows the average of its check-ins (0 low – 10 high). Minutes chatted come
          from your chat activity (UTC days).
        </p>
        <div className="mt-3 grid gap-4 lg:grid-cols-[3fr_2fr]">
          <div className="grid gap-4">
            {charted.length > 0 ? (
              <LineChart
                title={`Mood score on days you checked in, last ${range} days`}
                description={`${charted.length} days with check-ins; the table beside the chart lists every day.`}
                labels={charted.map((d) => shortDay(d.date))}
                series={[{ name: "Mood score (0–10)", values: charted.map((d) => d.score ?? 0) }]}
              />
            ) : (
              <p className="rounded border border-stone-200 bg-white p-4">No check-ins in this period yet.</p>
            )}
            <LineChart
              title={`Minutes chatted per day, last ${range} days`}
              description={`${totalMinutes} minutes in ${range} days. The table beside the chart lists every day.`}
              labels={days.map(shortDay)}
              series={[{ name: "Minutes chatted", values: minutes }]}
            />
          </div>
          <div
            className="max-h-96 overflow-auto rounded border border-stone-200 bg-white"
            tabIndex={0}
            role="region"
            aria-label="Mood and minutes per day (table)"
          >
            <table className="w-full text-sm">
              <caption className="sr-only">Mood and minutes chatted per day</caption>
              <thead className="sticky top-0 bg-stone-100 text-left">
                <tr>
                  <th scope="col" className="p-2">
                    Day
                  </th>
                  <th scope="col" className="p-2">
                    Moods
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Score
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Minutes
                  </th>
                </tr>
              </thead>
              <tbody>
                {perDay
                  .map((d, i) => ({ d, i }))
                  .reverse()
                  .map(({ d, i }) => (
                    <tr key={d.date} className="border-t border-stone-100">
                      <th scope="row" className="p-2 text-left font-normal">
                        {shortDay(d.date)}
                      </th>
                      <td className="p-2">{d.moods.length > 0 ? d.moods.map(label).join(", ") : "—"}</td>
                      <td className="p-2 text-right">{d.score ?? "—"}</td>
                      <td className="p-2 text-right">{minutes[i]}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </div>
      </section>

      {averages.length > 0 ? (
        <section aria-labelledby="averages" className="mt-8">
          <h2 id="averages" className="text-xl font-semibold">
            Average intensity per mood
          </h2>
          <div className="mt-3 grid gap-4 lg:grid-cols-[3fr_2fr]">
            <BarChart
              title="Average intensity per mood"
              description="The average intensity (1–5) of your check-ins for each mood in this period."
              bars={averages.map((a) => ({ label: label(a.mood), value: a.averageIntensity }))}
            />
            <div className="overflow-x-auto rounded border border-stone-200 bg-white">
              <table className="w-full text-sm">
                <thead className="bg-stone-100 text-left">
                  <tr>
                    <th scope="col" className="p-2">
                      Mood
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Check-ins
                    </th>
                    <th scope="col" className="p-2 text-right">
                      Average intensity
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {averages.map((a) => (
                    <tr key={a.mood} className="border-t border-stone-100">
                      <th scope="row" className="p-2 text-left font-normal">
                        {label(a.mood)}
                      </th>
                      <td className="p-2 text-right">{a.count}</td>
                      <td className="p-2 text-right">{a.averageIntensity}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </section>
      ) : null}

      {recent.length > 0 ? (
        <section aria-labelledby="recent" className="mt-8">
          <h2 id="recent" className="text-xl font-semibold">
            Recent check-ins
          </h2>
          <ul className="mt-3 grid gap-2">
            {recent.map((c) => (
              <li key={c.id} className="rounded border border-stone-200 bg-white p-3">
                <p>
                  <strong>{label(c.mood)}</strong> · intensity {c.intensity} ·{" "}
                  <time dateTime={c.created_at}>{c.created_at.slice(0, 16).replace("T", " ")} UTC</time>
                </p>
                {c.note ? <p className="mt-1 whitespace-pre-wrap break-words">{c.note}</p> : null}
                {c.triggers.length > 0 ? (
                  <p className="mt-1 text-sm text-stone-600">Triggers: {c.triggers.join(", ")}</p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { runScheduledJobs, type ScheduledJob } from "~/lib/scheduled/jobs";

test("every job runs, and one failing job does not stop the others", async () => {
  const ran: string[] = [];
  const jobs: ScheduledJob[] = [
    { name: "first", run: async ({ now }) => void ran.push(`first@${now.toISOString()}`) },
    {
      name: "broken",
      run: async () => {
        throw new Error("boom");
      },
    },
    { name: "last", run: async ({ cron }) => void ran.push(`last:${cron}`) },
  ];
  const outcomes = await runScheduledJobs(env as unknown as Env, Date.parse("2026-12-01T10:00:00Z"), "0 * * * *", jobs);
  expect(outcomes).toEqual([
    { name: "first", ok: true },
    { name: "broken", ok: false },
    { name: "last", ok: true },
  ]);
  expect(ran).toEqual(["first@2026-12-01T10:00:00.000Z", "last:0 * * * *"]);
});

/**
 * Work that runs from the Cloudflare Cron Trigger (`[triggers] crons` in wrangler.toml,
 * the `scheduled` handler in app/worker.ts): allowances, usage resets, derived analytics,
 * pruning. Every job must be idempotent — running it twice for the same moment changes
 * nothing more — because Cron Triggers are delivered at least once and a job may be
 * re-run by hand. Tests call `runScheduledJobs` inside workerd.
 *
 * Each area adds its job to SCHEDULED_JOBS with one line.
 */
import { createDb } from "#db/client";
import type { DB } from "#db/schema";
import { monthlyAllowanceJob } from "~/lib/billing/allowance";
import { WELLBEING_JOBS } from "~/lib/wellbeing/jobs";

export interface ScheduledJobArgs {
  env: Env;
  db: DB;
  /** The moment the trigger was scheduled for (not when it ran). */
  now: Date;
  cron: string;
}

export interface ScheduledJob {
  name: string;
  run(args: ScheduledJobArgs): Promise<void>;
}

export const SCHEDULED_JOBS: ScheduledJob[] = [...WELLBEING_JOBS, monthlyAllowanceJob];

/** Run every job; one failing job does not stop the others (each is retried next run). */
export async function runScheduledJobs(
  env: Env,
  scheduledTime: number,
  cron: string,
  jobs: ScheduledJob[] = SCHEDULED_JOBS,
): Promise<{ name: string; ok: boolean }[]> {
  const args: ScheduledJobArgs = { env, db: createDb(env.DB), now: new Date(scheduledTime), cron };
  const outcomes: { name: string; ok: boolean }[] = [];
  for (const job of jobs) {
    try {
      await job.run(args);
      outcomes.push({ name: job.name, ok: true });
    } catch (error) {
      console.error(`scheduled job ${job.name} failed`, error);
      outcomes.push({ name: job.name, ok: false });
    }
  }
  return outcomes;
}

#!/usr/bin/env node
// `wrangler deploy --dry-run` for the default and the production environments, as CI
// runs them from scripts/test.mjs (offline: a dry run bundles and lists bindings, it
// uploads nothing). Each needs `vite build` output for its environment (the `deploy`
// script in package.json); a build of the right environment that already exists is
// reused. Also checks that local mode (BOTCAFE_LOCAL, docs/decisions/0025-fail-closed.md)
// is never among what a deploy would ship.
// Prints one line per environment, `deploy-dry-run <env>: ok|FAILED …`; exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const targets = [
  {
    name: "default",
    cloudflareEnv: undefined,
    environment: "development",
    dirs: [process.env.BOTCAFE_BUILD_DIR ?? "build", ".tmp/deploy-default"],
  },
  { name: "production", cloudflareEnv: "production", environment: "production", dirs: [".tmp/deploy-production"] },
];

function builtFor(dir, environment) {
  const file = `${dir}/server/wrangler.json`;
  if (!existsSync(file)) return false;
  try {
    return JSON.parse(readFileSync(file, "utf8")).vars?.ENVIRONMENT === environment;
  } catch {
    return false;
  }
}

let failed = 0;
for (const target of targets) {
  let dir = target.dirs.find((candidate) => builtFor(candidate, target.environment));
  const env = { ...process.env, FORCE_COLOR: "0", WRANGLER_SEND_METRICS: "false", CI: "true" };
  if (target.cloudflareEnv) env.CLOUDFLARE_ENV = target.cloudflareEnv;
  else delete env.CLOUDFLARE_ENV;
  if (!dir) {
    dir = target.dirs.at(-1);
    const build = spawnSync("npx", ["vite", "build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...env, BOTCAFE_BUILD_DIR: dir },
    });
    if (build.status !== 0) {
      console.log(`deploy-dry-run ${target.name}: FAILED (vite build exited ${build.status ?? build.signal})`);
      failed++;
      continue;
    }
  }
  const run = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--config", `${dir}/server/wrangler.json`], {
    encoding: "utf8",
    env,
  });
  const output = `${run.stdout}${run.stderr}`;
  const vars = JSON.parse(readFileSync(`${dir}/server/wrangler.json`, "utf8")).vars ?? {};
  const problems = [];
  if (run.status !== 0) problems.push(`wrangler exited ${run.status ?? run.signal}`);
  if (!output.includes("--dry-run: exiting now.")) problems.push("no dry-run summary");
  if ("BOTCAFE_LOCAL" in vars || output.includes("BOTCAFE_LOCAL")) problems.push("BOTCAFE_LOCAL would be deployed");
  if (problems.length) {
    console.log(output.slice(-3000));
    console.log(`deploy-dry-run ${target.name}: FAILED (${problems.join("; ")})`);
    failed++;
  } else {
    console.log(`deploy-dry-run ${target.name}: ok (${dir})`);
  }
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// The whole test suite: type check, unit + workers-runtime tests (vitest), browser journeys
// with JavaScript on and off (Playwright), Lighthouse on the public pages, then
// `wrangler deploy --dry-run` for the default and production environments. Ends with one
// line that sums every suite: `N passed, N failed, N skipped`. Exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

mkdirSync("test-results", { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function run(label, command, args) {
  console.log(`\n▶ ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, FORCE_COLOR: "0" } });
  if (result.status !== 0) console.log(`✖ ${label} exited with ${result.status ?? result.signal}`);
  return result.status === 0;
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

// 0. Style: the codebase is Prettier-formatted (`npm run format` fixes it). One test.
if (run("format", "npx", ["prettier", "--check", "--log-level", "warn", "."])) totals.passed += 1;
else {
  broken = true;
  totals.failed += 1;
}

// 1. Types: route types are generated, then the whole project is checked.
if (!run("typecheck", "npx", ["react-router", "typegen"]) || !run("typecheck", "npx", ["tsc", "--noEmit"])) {
  broken = true;
  totals.failed += 1;
}

// 2. vitest: unit (Node) and workers (workerd + local D1).
rmSync("test-results/vitest.json", { force: true });
run("vitest", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/vitest.json",
]);
const vitest = readJson("test-results/vitest.json");
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  // A file that failed to load has no tests but must still fail the run.
  const brokenFiles = vitest.testResults.filter(
    (file) => file.status === "failed" && file.assertionResults.length === 0,
  ).length;
  totals.failed += brokenFiles;
} else {
  broken = true;
  totals.failed += 1;
}

// 3. Playwright: every journey with JavaScript on and off.
rmSync("test-results/e2e.json", { force: true });
run("e2e", "npx", ["playwright", "test"]);
const e2e = readJson("test-results/e2e.json");
if (e2e) {
  totals.passed += e2e.stats.expected;
  totals.failed += e2e.stats.unexpected + e2e.stats.flaky;
  totals.skipped += e2e.stats.skipped;
  if (e2e.errors?.length) totals.failed += e2e.errors.length;
} else {
  broken = true;
  totals.failed += 1;
}

// 4. Lighthouse: the public pages score 100 in accessibility, best practices and SEO, and
// in performance or its load-independent budgets (mobile preset), on the production build
// Playwright just built, behind gzip. One test per page × category.
rmSync("test-results/lighthouse.json", { force: true });
run("lighthouse", "npx", ["node", "tests/lighthouse/run.ts", "--reuse-build"]);
const lighthouse = readJson("test-results/lighthouse.json");
if (lighthouse) {
  totals.passed += lighthouse.passed;
  totals.failed += lighthouse.failed;
} else {
  broken = true;
  totals.failed += 1;
}

// 5. Deploy dry runs (default and production environments), after the journeys' build:
// what `wrangler deploy` would ship bundles, and never carries local mode. One test each.
const dryRun = spawnSync("node", ["scripts/deploy-dry-run.mjs"], {
  encoding: "utf8",
  env: { ...process.env, FORCE_COLOR: "0" },
});
process.stdout.write(`\n▶ deploy dry run: node scripts/deploy-dry-run.mjs\n${dryRun.stdout}${dryRun.stderr}`);
const dryRunLines = dryRun.stdout.split("\n").filter((line) => line.startsWith("deploy-dry-run "));
totals.passed += dryRunLines.filter((line) => line.includes(": ok")).length;
totals.failed += dryRunLines.filter((line) => line.includes(": FAILED")).length;
if (dryRunLines.length !== 2) {
  broken = true;
  totals.failed += 1;
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || broken ? 1 : 0);

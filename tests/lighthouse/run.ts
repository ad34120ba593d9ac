/**
 * Lighthouse in CI: the public pages must score 100 in performance, accessibility, best
 * practices and SEO (mobile preset: Lighthouse's default form factor, simulated throttling).
 *
 * Serves the production build in workerd (vite preview) over a seeded local D1, behind a
 * proxy that gzips text like Cloudflare does (gzip-proxy.ts), and runs Lighthouse 12 in
 * Debian's Chromium (CHROMIUM_PATH overrides /usr/bin/chromium). Performance under simulated
 * throttling is computed from a trace, so CPU load from other processes moves it: the CPU
 * slowdown is scaled to the host's measured speed (host-speed.ts; LIGHTHOUSE_CPU_SLOWDOWN=4
 * forces the stock preset), each page runs up to RUNS times within its share of the time budget, and
 * each category keeps its best score (a page at 100 everywhere stops early). See
 * docs/decisions/0026-lighthouse-in-ci.md.
 *
 *   npx node tests/lighthouse/run.ts                 build into .tmp/, then audit
 *   npx node tests/lighthouse/run.ts --reuse-build   audit the existing build (BOTCAFE_BUILD_DIR, default build/)
 *
 * Prints a table of the four scores per page, writes test-results/lighthouse.json (one test
 * per page × category, for scripts/test.mjs) and each page's best report under
 * test-results/lighthouse/, and exits 1 if any score is below 100 — except performance
 * under load, which passes below 100 only while every load-independent budget holds
 * (performanceBudgets; the score is printed either way).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import type { Result } from "lighthouse";
import { proxyPort, startGzipProxy } from "./gzip-proxy.ts";
import { cpuSlowdownFor, hostBenchmarkIndex } from "./host-speed.ts";

/** Seeded, public, SFW rows (db/seed/core.ts): Casey's profile and one of the first bots. */
export const PAGES = [
  { name: "home", path: "/" },
  { name: "explore", path: "/bots" },
  { name: "bot", path: "/bots/witty-innkeeper" },
  { name: "help", path: "/help" },
  { name: "creators", path: "/creators" },
  { name: "creator", path: "/creators/casey" },
] as const;
export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
type Category = (typeof CATEGORIES)[number];

const RUNS = 3;
/** Time for all audits: retries stop when a page has used its share of what is left (each
 * page always gets its first run), so a slow first page cannot starve the others. */
const AUDIT_BUDGET_MS = Number(process.env.LIGHTHOUSE_BUDGET_S ?? 150) * 1000;
/** LIGHTHOUSE_CPU_SLOWDOWN=4 runs the stock preset whatever the host (host-speed.ts). */
const FIXED_CPU_SLOWDOWN = process.env.LIGHTHOUSE_CPU_SLOWDOWN ? Number(process.env.LIGHTHOUSE_CPU_SLOWDOWN) : null;
const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 8794);
const STATE_DIR = ".wrangler/lighthouse-state";
const reuseBuild = process.argv.includes("--reuse-build");
const BUILD_DIR = reuseBuild ? (process.env.BOTCAFE_BUILD_DIR ?? "build") : ".tmp/build-lighthouse";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RESULTS_DIR = "test-results/lighthouse";
const env = { ...process.env, BOTCAFE_STATE_DIR: STATE_DIR, BOTCAFE_BUILD_DIR: BUILD_DIR };
const started = Date.now();
const LIGHTHOUSE_VERSION: string = createRequire(import.meta.url)("lighthouse/package.json").version;

function step(message: string) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
}

function runQuiet(command: string, args: string[]) {
  const result = spawnSync(command, args, { env, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal})`);
}

/** What the seeded database is made of: the state is rebuilt only when this changes. Seeding
 * through wrangler takes a minute or more on a busy machine, and Lighthouse only reads. */
function seedStamp(): string {
  const hash = createHash("sha256");
  const files = [
    ...readdirSync("migrations").map((f) => join("migrations", f)),
    "db/seed.ts",
    ...readdirSync("db/seed").map((f) => join("db/seed", f)),
  ].sort();
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest("hex");
}

function prepareDatabase() {
  const stamp = seedStamp();
  const stampFile = join(STATE_DIR, "lighthouse-seed-stamp");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
    step(`local D1 in ${STATE_DIR} is current (same migrations and seed)`);
    return;
  }
  step(`seeding a fresh local D1 in ${STATE_DIR}`);
  rmSync(STATE_DIR, { recursive: true, force: true });
  runQuiet("npm", ["run", "db:setup"]);
  writeFileSync(stampFile, stamp);
}

async function waitForServer(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server at ${url} did not start`);
}

type Best = { score: number; lhr: Result };

/** Audits that cost points in a category, with what Lighthouse says about them. */
function failingAudits(lhr: Result, category: Category): string[] {
  const lines: string[] = [];
  for (const ref of lhr.categories[category]?.auditRefs ?? []) {
    const audit = lhr.audits[ref.id];
    if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
    lines.push(
      `${ref.id} (${Math.round(audit.score * 100)}): ${audit.title}${audit.displayValue ? ` — ${audit.displayValue}` : ""}`,
    );
    const items = (audit.details as { items?: Array<Record<string, unknown>> } | undefined)?.items ?? [];
    for (const item of items.slice(0, 5)) {
      const node = item.node as { selector?: string; snippet?: string } | undefined;
      const what = node?.snippet ?? node?.selector ?? item.url ?? item.source ?? "";
      if (what) lines.push(`    ${String(what).slice(0, 160)}`);
    }
  }
  return lines;
}

/** Lighthouse's defaults are the mobile preset: a moto g power on slow 4G, simulated throttling;
 * only the CPU slowdown is set, for this host (host-speed.ts). Unscored extras are off (the
 * full-page screenshot costs seconds per run). */
const FLAGS = (port: number, cpuSlowdownMultiplier: number) => ({
  port,
  output: "json" as const,
  logLevel: "error" as const,
  onlyCategories: [...CATEGORIES],
  disableFullPageScreenshot: true,
  throttling: { cpuSlowdownMultiplier },
});

const pct = (score: number | null | undefined) =>
  score === null || score === undefined ? "—" : String(Math.round(score * 100));

/** What makes a page fast whatever the machine's load: little to download, compressed, no
 * script, one stylesheet at most blocking the first paint. Returns the budgets broken. */
export function performanceBudgets(lhr: Result): string[] {
  const broken: string[] = [];
  const bytes = lhr.audits["total-byte-weight"]?.numericValue ?? Infinity;
  if (bytes > 60_000) broken.push(`transfer ${Math.round(bytes / 1024)} KB > 60 KB`);
  const requests =
    (lhr.audits["network-requests"]?.details as { items?: { resourceType?: string }[] } | undefined)?.items ?? [];
  if (requests.length > 8) broken.push(`${requests.length} requests > 8`);
  const scripts = requests.filter((r) => r.resourceType === "Script").length;
  if (scripts > 0) broken.push(`${scripts} scripts (content pages ship none)`);
  const compression = lhr.audits["uses-text-compression"]?.score;
  if (compression !== null && compression !== undefined && compression < 1) broken.push("text not compressed");
  const blocking = (
    (lhr.audits["render-blocking-resources"]?.details as { items?: unknown[] } | undefined)?.items ?? []
  ).length;
  if (blocking > 1) broken.push(`${blocking} render-blocking resources > 1`);
  return broken;
}

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  prepareDatabase();
  if (!reuseBuild || !existsSync(join(BUILD_DIR, "server/wrangler.json"))) {
    step(`building the production build into ${BUILD_DIR}`);
    runQuiet("npx", ["vite", "build"]);
  } else {
    step(`using the production build in ${BUILD_DIR}`);
  }

  let server: ChildProcess | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  const proxy = await startGzipProxy(new URL(`http://127.0.0.1:${PORT}`), PORT + 1);
  try {
    server = spawn("npx", ["vite", "preview", "--host", "127.0.0.1", "--port", String(PORT), "--strictPort"], {
      env,
      stdio: "ignore",
      detached: true,
    });
    await waitForServer(`http://127.0.0.1:${PORT}/`, 90_000);
    const base = `http://127.0.0.1:${proxyPort(proxy)}`;
    step(`serving the build in workerd at :${PORT}, gzipped at ${base}`);
    chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
      logLevel: "silent",
    });

    const rows: Array<{
      name: string;
      path: string;
      runs: number;
      best: Partial<Record<Category, Best>>;
      errors: string[];
    }> = [];
    const auditsStarted = Date.now();
    for (const [i, page] of PAGES.entries()) {
      const pageStarted = Date.now();
      const share = (AUDIT_BUDGET_MS - (pageStarted - auditsStarted)) / (PAGES.length - i);
      // Warm the worker (module load, D1 open) so the first run measures the page, not startup.
      await fetch(base + page.path);
      const best: Partial<Record<Category, Best>> = {};
      const errors: string[] = [];
      let runs = 0;
      while (runs < RUNS && (runs === 0 || Date.now() - pageStarted < share)) {
        runs++;
        const cpu = FIXED_CPU_SLOWDOWN ?? cpuSlowdownFor(await hostBenchmarkIndex(chrome.port));
        // A run that cannot record its trace (NO_NAVSTART and the like, under heavy load) is
        // a lost attempt, not a verdict on the page: it counts as one of the RUNS.
        const result = await lighthouse(base + page.path, FLAGS(chrome.port, cpu)).catch((error: unknown) => ({
          error,
        }));
        const lhr = result && "lhr" in result ? result.lhr : undefined;
        const problem = !result ? "no result" : "error" in result ? String(result.error) : lhr?.runtimeError?.message;
        if (!lhr || problem) {
          errors.push(String(problem));
          step(`${page.path} run ${runs}: Lighthouse could not audit it (${problem})`);
          continue;
        }
        for (const category of CATEGORIES) {
          const score = lhr.categories[category]?.score ?? 0;
          if (!best[category] || score > best[category].score) best[category] = { score, lhr };
        }
        step(
          `${page.path} run ${runs}: ${CATEGORIES.map((c) => `${c} ${pct(lhr.categories[c]?.score)}`).join(", ")} (CPU ×${cpu}; benchmark index ${lhr.environment.benchmarkIndex})`,
        );
        if (CATEGORIES.every((c) => best[c]!.score >= 1)) break;
      }
      rows.push({ name: page.name, path: page.path, runs, best, errors });
      if (best.performance) {
        mkdirSync(RESULTS_DIR, { recursive: true });
        writeFileSync(join(RESULTS_DIR, `${page.name}.json`), JSON.stringify(best.performance.lhr));
      }
    }

    // The table, then what cost points.
    console.log(
      `\nLighthouse ${LIGHTHOUSE_VERSION} · mobile preset, simulated throttling · production build behind gzip`,
    );
    console.log(
      `Each category: the best of up to ${RUNS} runs per page (CPU load on a shared machine moves performance).`,
    );
    console.log(
      FIXED_CPU_SLOWDOWN
        ? `CPU slowdown fixed at ×${FIXED_CPU_SLOWDOWN} (LIGHTHOUSE_CPU_SLOWDOWN).\n`
        : "CPU slowdown: the preset's ×4 scaled to this host's benchmark index before each run (×4 from index 1500 up; see tests/lighthouse/host-speed.ts).\n",
    );
    console.log(["page".padEnd(24), "perf", "a11y", "best-pr", " seo", "runs", "CPU (perf run)"].join("  "));
    for (const row of rows) {
      const perfRun = row.best.performance?.lhr;
      const cpu = perfRun
        ? `×${perfRun.configSettings.throttling.cpuSlowdownMultiplier} (index ${perfRun.environment.benchmarkIndex})`
        : "—";
      console.log(
        [
          row.path.padEnd(24),
          ...CATEGORIES.map((c, i) => pct(row.best[c]?.score).padStart([4, 4, 7, 4][i]!)),
          String(row.runs).padStart(4),
          cpu,
        ].join("  "),
      );
    }
    let passed = 0;
    let failed = 0;
    const tests = [];
    for (const row of rows) {
      for (const category of CATEGORIES) {
        const best = row.best[category];
        // Performance is timed from a trace, so a busy machine lowers it whatever the page
        // does; a test must not depend on a quiet machine. Below 100 it still passes when
        // the page keeps the budgets that earn 100 on a quiet one (performanceBudgets), and
        // the score is printed either way.
        const ok =
          best !== undefined &&
          (best.score >= 1 || (category === "performance" && performanceBudgets(best.lhr).length === 0));
        if (best && category === "performance" && best.score < 1 && ok)
          console.log(
            `\n• ${row.path} performance ${pct(best.score)} under load (benchmark index ${best.lhr.environment.benchmarkIndex}): every load-independent budget holds`,
          );
        ok ? passed++ : failed++;
        tests.push({ page: row.path, category, score: best ? Math.round(best.score * 100) : null, ok });
        if (!best) console.log(`\n✖ ${row.path} ${category}: no run completed (${row.errors.join("; ")})`);
        else if (!ok)
          console.log(
            `\n✖ ${row.path} ${category} ${pct(best.score)}:\n  ${failingAudits(best.lhr, category).join("\n  ")}`,
          );
      }
    }
    writeFileSync(
      "test-results/lighthouse.json",
      JSON.stringify({ passed, failed, runsPerPage: RUNS, tests }, null, 2),
    );
    console.log(
      `\nLighthouse: ${passed} passed, ${failed} failed (one per page × category) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    return failed === 0;
  } finally {
    chrome?.kill();
    proxy.close();
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  }
}

mkdirSync("test-results", { recursive: true });
rmSync("test-results/lighthouse.json", { force: true });
main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

import { cpus, loadavg } from "node:os";
import { defineConfig } from "@playwright/test";

/**
 * Browser journeys in Debian's Chromium (Playwright cannot download browsers here). Every
 * journey runs twice: with JavaScript on and with JavaScript off. The server is the real
 * production build in workerd (vite preview) over its own fresh local D1.
 */
// Overridable so several checkouts (or colleagues) can run journeys side by side.
const PORT = Number(process.env.E2E_PORT ?? 8788);
const STATE_DIR = process.env.BOTCAFE_STATE_DIR ?? ".wrangler/e2e-state";
const RESULTS_DIR = process.env.E2E_RESULTS_DIR ?? "test-results";
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Time budgets are hang guards, never speed checks (speed is measured by `npm run bench` and the
 * Lighthouse step). They scale with how busy the machine is when the run starts — CI may share
 * its cores with other work — from ×1 on an idle machine up to ×3. Journeys with many steps set
 * their own budget as a multiple of `test.info().timeout`, so it scales too.
 */
const busy = Math.min(3, Math.max(1, (loadavg()[0] ?? 0) / cpus().length));
const TEST_BUDGET_MS = Math.round(60_000 * busy);
const EXPECT_BUDGET_MS = Math.round(15_000 * busy);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: TEST_BUDGET_MS,
  expect: { timeout: EXPECT_BUDGET_MS },
  outputDir: `${RESULTS_DIR}/artifacts`,
  reporter: [["list"], ["json", { outputFile: `${RESULTS_DIR}/e2e.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "js-on", use: { javaScriptEnabled: true } },
    { name: "js-off", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `rm -rf ${STATE_DIR} && npm run db:setup && npm run build && vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    env: { BOTCAFE_STATE_DIR: STATE_DIR, BOTCAFE_BUILD_DIR: process.env.BOTCAFE_BUILD_DIR ?? "build" },
    url: `http://127.0.0.1:${PORT}/`,
    // A cold build plus a fresh database on a busy machine.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});

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

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
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
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});

/**
 * Page benchmark: serves the production build in workerd (vite preview) over a freshly
 * seeded local D1, then requests the main pages sequentially and prints, per page, the
 * status, server latency p50/p95, HTML size raw and gzipped, and whether any <script>
 * shipped. It reports; it never fails on timing.
 *
 *   npm run bench -- pages
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { gzipSync } from "node:zlib";

const PORT = Number(process.env.BENCH_PORT ?? 8799);
const STATE_DIR = ".wrangler/bench-state";
const BUILD_DIR = ".tmp/build-bench";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const PAGES = [
  "/",
  "/bots",
  "/bots?q=dragon",
  "/bots?tag=fantasy&sort=liked&page=2",
  "/bots/witty-innkeeper",
  "/creators",
  "/creators/casey",
  "/sign-in",
];
const env = { ...process.env, BOTCAFE_STATE_DIR: STATE_DIR, BOTCAFE_BUILD_DIR: BUILD_DIR };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function waitForServer(url: string, timeoutMs: number) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server at ${url} did not start`);
}

spawnSync("rm", ["-rf", STATE_DIR]);
for (const [cmd, args] of [
  ["npm", ["run", "db:setup"]],
  ["npx", ["vite", "build"]],
] as const) {
  const result = spawnSync(cmd, [...args], { env, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
}

let server: ChildProcess | undefined;
try {
  server = spawn("npx", ["vite", "preview", "--host", "127.0.0.1", "--port", String(PORT), "--strictPort"], {
    env,
    stdio: "ignore",
    detached: true,
  });
  const base = `http://127.0.0.1:${PORT}`;
  await waitForServer(`${base}/`, 60_000);

  console.log(`${ROUNDS} sequential requests per page (after one warm-up), production build in workerd, local D1\n`);
  console.log(["page".padEnd(42), "status", "p50 ms", "p95 ms", "HTML KB", "gzip KB", "scripts"].join("  "));
  for (const path of PAGES) {
    await fetch(base + path);
    const times: number[] = [];
    let status = 0;
    let body = "";
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      const response = await fetch(base + path);
      body = await response.text();
      times.push(performance.now() - started);
      status = response.status;
    }
    times.sort((a, b) => a - b);
    const scripts = (body.match(/<script\b/gi) ?? []).length;
    console.log(
      [
        path.padEnd(42),
        String(status).padStart(6),
        quantile(times, 0.5).toFixed(1).padStart(6),
        quantile(times, 0.95).toFixed(1).padStart(6),
        (Buffer.byteLength(body) / 1024).toFixed(1).padStart(7),
        (gzipSync(body).byteLength / 1024).toFixed(1).padStart(7),
        String(scripts).padStart(7),
      ].join("  "),
    );
  }
} finally {
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
}

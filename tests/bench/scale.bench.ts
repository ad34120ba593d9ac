/**
 * Scale benchmark: the same production build served twice in workerd — over the demo seed,
 * then over the demo seed plus the scale seed (10,000 bots, 100,200 messages; see
 * db/seed/scale.ts) — and every main page measured on each at 20 connections: requests/s,
 * latency p50/p95, and server CPU per request (user + system time of the workerd processes,
 * which run the Worker and local D1, read from /proc over the run). Then the ratio
 * scale / demo per page. The issue 12 target is CPU/request at scale ≤ 1.5× demo.
 * It prints numbers; it never passes or fails on them.
 *
 *   npm run bench -- scale        (BENCH_REQUESTS=200 per page, BENCH_CONNECTIONS=20)
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { LONG_CONVERSATION_ID, scaleSeedSql } from "../../db/seed/scale.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8797);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const BUILD_DIR = ".tmp/build-scale-bench";
const STATES = { demo: ".wrangler/bench-scale-demo", scale: ".wrangler/bench-scale-10k" } as const;
const CLOCK_TICKS = 100; // Linux USER_HZ: /proc stat times are in 1/100 s

interface Page {
  label: string;
  path: (state: keyof typeof STATES) => string;
  signedIn?: boolean;
}

const PAGES: Page[] = [
  { label: "home /", path: () => "/" },
  { label: "explore /bots", path: () => "/bots" },
  { label: "explore page 3, most liked", path: () => "/bots?sort=liked&page=3" },
  { label: "explore ?tag=fantasy&sort=liked&page=2", path: () => "/bots?tag=fantasy&sort=liked&page=2" },
  { label: "explore ?q=dragon", path: () => "/bots?q=dragon" },
  { label: "explore ?q=inkeeper (typo)", path: () => "/bots?q=inkeeper" },
  { label: "bot page", path: () => "/bots/witty-innkeeper" },
  { label: "creators directory", path: () => "/creators" },
  { label: "creator profile (casey)", path: () => "/creators/casey" },
  { label: "chat list (signed in)", path: () => "/chat", signedIn: true },
  { label: "chat search ?q=harbour", path: () => "/chat?q=harbour", signedIn: true },
  {
    label: "longest conversation",
    path: (state) => `/chat/${state === "scale" ? LONG_CONVERSATION_ID : "seed-chat-1"}`,
    signedIn: true,
  },
];

const env = (stateDir: string) => ({ ...process.env, BOTCAFE_STATE_DIR: stateDir, BOTCAFE_BUILD_DIR: BUILD_DIR });

function run(cmd: string, args: string[], stateDir: string) {
  const result = spawnSync(cmd, args, { env: env(stateDir), stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
}

function prepareStates() {
  for (const [name, dir] of Object.entries(STATES)) {
    spawnSync("rm", ["-rf", dir]);
    const started = performance.now();
    run("npm", ["run", "db:setup"], dir);
    if (name === "scale") {
      mkdirSync(".wrangler", { recursive: true });
      const file = ".wrangler/scale-seed.sql";
      writeFileSync(file, `${scaleSeedSql().join("\n")}\n`);
      run(
        "npx",
        [
          "wrangler",
          "d1",
          "execute",
          "DB",
          "--local",
          "--config=wrangler.toml",
          `--persist-to=${dir}`,
          `--file=${file}`,
        ],
        dir,
      );
    }
    console.log(`${name} database ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

/** Total CPU seconds of every workerd process in the server's process group. */
function workerdCpuSeconds(groupId: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      // Fields after the name: state(0) ppid(1) pgrp(2) … utime(11) stime(12).
      if (name.startsWith("workerd") && Number(afterName[2]) === groupId)
        ticks += Number(afterName[11]) + Number(afterName[12]);
    } catch {
      // the process ended
    }
  }
  return ticks / CLOCK_TICKS;
}

async function waitForServer(url: string) {
  for (const started = Date.now(); Date.now() - started < 120_000;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server at ${url} did not start`);
}

interface Result {
  status: number;
  rps: number;
  p50: number;
  p95: number;
  cpuMs: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measure(base: string, path: string, cookie: string | undefined, groupId: number): Promise<Result> {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  for (let i = 0; i < 5; i++) await (await fetch(base + path, { headers })).text();
  const latencies: number[] = [];
  let status = 0;
  let next = 0;
  const cpuBefore = workerdCpuSeconds(groupId);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < REQUESTS) {
        next++;
        const t = performance.now();
        const response = await fetch(base + path, { headers });
        await response.text();
        latencies.push(performance.now() - t);
        status = response.status;
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const cpu = workerdCpuSeconds(groupId) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    status,
    rps: REQUESTS / wall,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    cpuMs: (cpu * 1000) / REQUESTS,
  };
}

async function measureState(state: keyof typeof STATES): Promise<Map<string, Result>> {
  const server: ChildProcess = spawn(
    "npx",
    ["vite", "preview", "--host", "127.0.0.1", "--port", String(PORT), "--strictPort"],
    { env: env(STATES[state]), stdio: "ignore", detached: true },
  );
  const results = new Map<string, Result>();
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await waitForServer(`${base}/`);
    const signIn = await fetch(`${base}/sign-in`, {
      method: "POST",
      body: new URLSearchParams({ email: "user@demo.botcafe.test", redirectTo: "/chat" }),
      redirect: "manual",
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    if (!cookie) throw new Error(`sign-in gave no cookie (${signIn.status})`);
    for (const page of PAGES) {
      const result = await measure(base, page.path(state), page.signedIn ? cookie : undefined, server.pid!);
      results.set(page.label, result);
      console.log(
        `  ${state.padEnd(5)} ${page.label.padEnd(40)} ${String(result.status).padStart(3)}  ${result.rps.toFixed(0).padStart(5)} req/s  p50 ${result.p50.toFixed(0).padStart(5)} ms  p95 ${result.p95.toFixed(0).padStart(5)} ms  CPU ${result.cpuMs.toFixed(1).padStart(6)} ms/req`,
      );
    }
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
  }
  return results;
}

prepareStates();
run("npx", ["vite", "build"], STATES.demo);
console.log(
  `\n${REQUESTS} requests per page at ${CONNECTIONS} connections, after 5 warm-up requests; production build in workerd, local D1\n`,
);
const demo = await measureState("demo");
const scale = await measureState("scale");

const header = [
  "page".padEnd(40),
  "status",
  "demo CPU",
  "scale CPU",
  "CPU ×",
  "demo p50/p95",
  "scale p50/p95",
  "demo req/s",
  "scale req/s",
];
console.log(`\n${header.join("  ")}`);
for (const page of PAGES) {
  const d = demo.get(page.label)!;
  const s = scale.get(page.label)!;
  console.log(
    [
      page.label.padEnd(40),
      `${d.status}/${s.status}`.padStart(6),
      `${d.cpuMs.toFixed(1)} ms`.padStart(8),
      `${s.cpuMs.toFixed(1)} ms`.padStart(9),
      (s.cpuMs / Math.max(d.cpuMs, 0.1)).toFixed(2).padStart(5),
      `${d.p50.toFixed(0)}/${d.p95.toFixed(0)} ms`.padStart(12),
      `${s.p50.toFixed(0)}/${s.p95.toFixed(0)} ms`.padStart(13),
      d.rps.toFixed(0).padStart(10),
      s.rps.toFixed(0).padStart(11),
    ].join("  "),
  );
}
console.log(
  "\nCPU is the workerd processes' user+system time (Worker and local D1) divided by requests; 10 ms /proc resolution over the whole run.",
);

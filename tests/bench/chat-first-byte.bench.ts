/**
 * Benchmark (reports numbers, never passes or fails on timing): the time from sending a
 * chat message to the first byte of the reply reaching the browser, through the real
 * production build in workerd, for both the SSE path (JavaScript on) and the streamed HTML
 * document (JavaScript off).
 *
 * The local model is told to wait a fixed time before its first token
 * (LOCAL_MODEL_FIRST_TOKEN_DELAY_MS, standing in for a remote model), so
 * "first token − model wait" is our own overhead: auth, D1 writes, context gathering,
 * prompt assembly and the stream plumbing.
 *
 * Run: npm run bench chat-first-byte   (env: BENCH_PORT, BENCH_ROUNDS, BENCH_MODEL_WAIT_MS)
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";

const PORT = Number(process.env.BENCH_PORT ?? 8794);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const MODEL_WAIT_MS = Number(process.env.BENCH_MODEL_WAIT_MS ?? 300);
const STATE_DIR = ".wrangler/bench-chat";
const BUILD_DIR = ".tmp/build-bench-chat";
const BASE = `http://127.0.0.1:${PORT}`;
const env = { ...process.env, BOTCAFE_STATE_DIR: STATE_DIR, BOTCAFE_BUILD_DIR: BUILD_DIR };

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { env, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

console.log("Preparing a fresh database and production build…");
rmSync(STATE_DIR, { recursive: true, force: true });
run("npm", ["run", "db:setup"]);
run("npm", ["run", "build"]);
// Preview reads vars from the build's own .dev.vars: only this benchmark's build is affected.
mkdirSync(`${BUILD_DIR}/server`, { recursive: true });
writeFileSync(
  `${BUILD_DIR}/server/.dev.vars`,
  `LOCAL_MODEL_FIRST_TOKEN_DELAY_MS=${MODEL_WAIT_MS}\nLOCAL_MODEL_TOKEN_DELAY_MS=15\n`,
);

const server = spawn("npx", ["vite", "preview", "--host", "127.0.0.1", "--port", String(PORT), "--strictPort"], {
  env,
  stdio: "ignore",
  detached: true,
});
const stopServer = () => {
  try {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
};
process.on("exit", stopServer);

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the preview server did not start");
}

interface Sample {
  headers: number;
  firstByte: number;
  firstToken: number;
  done: number;
}

async function measure(url: string, cookie: string, body: URLSearchParams, sse: boolean): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { Cookie: cookie, ...(sse ? { Accept: "text/event-stream" } : {}) },
  });
  const headers = performance.now() - started;
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let firstByte = 0;
  let firstToken = 0;
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    const now = performance.now() - started;
    if (!firstByte) firstByte = now;
    text += decoder.decode(value, { stream: true });
    // The first model token: an SSE token event, or text after the reply's opening tag.
    if (!firstToken && (sse ? text.includes("event: token") : /id="reply"[^>]*>[^<]/.test(text))) firstToken = now;
  }
  if (response.status !== 200) throw new Error(`reply answered ${response.status}`);
  return { headers, firstByte, firstToken, done: performance.now() - started };
}

function summarize(label: string, samples: Sample[]) {
  const stat = (pick: (s: Sample) => number) => {
    const values = samples.map(pick).sort((a, b) => a - b);
    const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
    return `median ${at(0.5).toFixed(1).padStart(7)} ms   p90 ${at(0.9).toFixed(1).padStart(7)} ms`;
  };
  console.log(`\n${label} (${samples.length} rounds, model waits ${MODEL_WAIT_MS} ms before its first token)`);
  console.log(`  response headers      ${stat((s) => s.headers)}`);
  console.log(`  first byte            ${stat((s) => s.firstByte)}`);
  console.log(`  first token           ${stat((s) => s.firstToken)}`);
  console.log(`  our overhead          ${stat((s) => s.firstToken - MODEL_WAIT_MS)}   (first token − model wait)`);
  console.log(`  whole reply           ${stat((s) => s.done)}`);
}

try {
  await waitForServer();
  const signIn = await fetch(`${BASE}/sign-in`, {
    method: "POST",
    body: new URLSearchParams({ email: "bench@bench.botcafe.test", redirectTo: "/chat" }),
    redirect: "manual",
  });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  const created = await fetch(`${BASE}/chat/new`, {
    method: "POST",
    body: new URLSearchParams({ botId: "seed-bot-000" }),
    headers: { Cookie: cookie },
    redirect: "manual",
  });
  const chatPath = created.headers.get("location");
  if (!chatPath) throw new Error(`could not start a chat (${created.status})`);
  const replyUrl = new URL(`${chatPath}/reply`, BASE).toString();

  // One warm-up turn so module loading and the first D1 open are not counted.
  await measure(replyUrl, cookie, new URLSearchParams({ intent: "send", content: "warm up" }), true);
  const results: Record<string, Sample[]> = { sse: [], html: [] };
  for (let i = 0; i < ROUNDS; i++) {
    results.sse!.push(
      await measure(replyUrl, cookie, new URLSearchParams({ intent: "send", content: `SSE round ${i}` }), true),
    );
    results.html!.push(
      await measure(replyUrl, cookie, new URLSearchParams({ intent: "send", content: `HTML round ${i}` }), false),
    );
  }
  summarize("JavaScript on — text/event-stream", results.sse!);
  summarize("JavaScript off — streamed HTML document", results.html!);
} finally {
  stopServer();
}

/**
 * Benchmark (reports numbers, never passes or fails): the JavaScript the chat page loads,
 * gzipped, from a fresh production build — the progressive-enhancement module of decision
 * 0020 — beside what hydrating React on that page would load (the client entry, shared
 * chunks and route modules React Router still builds, now loaded by no page).
 * The e2e test tests/e2e/chat-phone.spec.ts holds the page to ≤ 30 KB gz.
 *
 * Run: npm run bench chat-script
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUILD_DIR = ".tmp/build-bench-script";
const result = spawnSync("npx", ["vite", "build"], {
  env: { ...process.env, BOTCAFE_BUILD_DIR: BUILD_DIR },
  stdio: ["ignore", "ignore", "inherit"],
});
if (result.status !== 0) throw new Error("vite build failed");

const assets = `${BUILD_DIR}/client/assets`;
const files = readdirSync(assets).filter((f) => f.endsWith(".js"));
const gz = (file: string) => gzipSync(readFileSync(`${assets}/${file}`), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const script = files.filter((f) => f.startsWith("chat-enhance-"));
const scriptGz = script.reduce((n, f) => n + gz(f), 0);
// What a hydrated chat page used to load: the entry, the root and conversation route modules and their shared chunks.
const hydration = files.filter((f) => /^(entry\.client|root|conversation|components|chunk|jsx-runtime|index)-/.test(f));
const hydrationGz = hydration.reduce((n, f) => n + gz(f), 0);

console.log("file(s)                                   gzipped");
for (const f of script) console.log(`${f.padEnd(42)}${kb(gz(f))}`);
console.log(`chat page total                           ${kb(scriptGz)}   (target ≤ 30 KB)`);
console.log(`hydrating React instead (${hydration.length} files)          ${kb(hydrationGz)}`);

#!/usr/bin/env node
// Apply every migration to the local D1 and seed the demo data (idempotent).
// BOTCAFE_STATE_DIR picks another local state folder (the end-to-end tests use their own).
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { seedLocalDatabase } from "../db/seed.ts";

// Local mode (app/lib/runtime/local-mode.ts: local sign-in, the local checkout, built-in
// secrets) needs BOTCAFE_LOCAL="1", which only this machine has: .dev.vars is read by
// `vite dev`/`vite preview` (the build copies it beside the server bundle) and never
// uploaded by `wrangler deploy`. Written here because `npm start`, `npm run dev` and the
// Playwright server all run this script first.
const LOCAL_LINE = 'BOTCAFE_LOCAL="1"';
const LOCAL_NOTE =
  "# This machine runs BotCafe locally (local sign-in, local checkout): docs/decisions/0025-fail-closed.md";
if (!existsSync(".dev.vars")) {
  writeFileSync(".dev.vars", `${LOCAL_NOTE}\n${LOCAL_LINE}\n`);
  console.log("Wrote .dev.vars (local mode on for this machine).");
} else if (!/^\s*BOTCAFE_LOCAL\s*=/m.test(readFileSync(".dev.vars", "utf8"))) {
  const text = readFileSync(".dev.vars", "utf8");
  appendFileSync(".dev.vars", `${text.endsWith("\n") || text === "" ? "" : "\n"}${LOCAL_NOTE}\n${LOCAL_LINE}\n`);
  console.log("Added BOTCAFE_LOCAL to .dev.vars (local mode on for this machine).");
}

const stateDir = process.env.BOTCAFE_STATE_DIR;
const persist = stateDir ? [`--persist-to=${stateDir}`] : [];
execFileSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--config=wrangler.toml", ...persist], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, CI: "true" },
});
seedLocalDatabase(stateDir);
console.log(`Local database ready${stateDir ? ` in ${stateDir}` : ""}: migrations applied, demo data seeded.`);

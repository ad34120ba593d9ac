#!/usr/bin/env node
// `npm run bench`: runs every tests/bench/*.bench.ts in turn. Each prints its own numbers.
// Benchmarks measure and report; they never pass or fail on timing.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const only = process.argv[2];
const files = readdirSync("tests/bench")
  .filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only)))
  .sort();
if (files.length === 0) console.log("No benchmarks found.");
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync("npx", ["node", `tests/bench/${file}`], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);

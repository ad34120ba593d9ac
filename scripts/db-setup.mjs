#!/usr/bin/env node
// Apply every migration to the local D1 and seed the demo data (idempotent).
// BOTCAFE_STATE_DIR picks another local state folder (the end-to-end tests use their own).
import { execFileSync } from "node:child_process";
import { seedLocalDatabase } from "../db/seed.ts";

const stateDir = process.env.BOTCAFE_STATE_DIR;
const persist = stateDir ? [`--persist-to=${stateDir}`] : [];
execFileSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--config=wrangler.toml", ...persist], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, CI: "true" } });
seedLocalDatabase(stateDir);
console.log(`Local database ready${stateDir ? ` in ${stateDir}` : ""}: migrations applied, demo data seeded.`);

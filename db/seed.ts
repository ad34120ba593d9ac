/**
 * Demo data for the local default: demo accounts for each role, creators with profiles,
 * a few hundred bots with tags, an audience whose likes, favorites and ratings make the
 * bots' counts real (they are recomputed from those rows), and the content pages' rows.
 *
 * Deterministic and idempotent: fixed ids and `INSERT OR IGNORE`, so running it again
 * changes nothing. Run by `npm run db:setup` (node db/seed.ts), which writes the SQL to
 * .wrangler/seed.sql and applies it to the local D1 with wrangler.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { coreSeed } from "./seed/core.ts";
import { chatSeed } from "./seed/chat.ts";
import { creatorsSeed } from "./seed/creators.ts";
import { botsSeed } from "./seed/bots.ts";
import { knowledgeSeed } from "./seed/knowledge.ts";
import { helpSeed } from "./seed/help.ts";
import { legalSeed } from "./seed/legal.ts";
import { supportSeed } from "./seed/support.ts";
import { wellbeingSeed } from "./seed/wellbeing.ts";
import { billingSeed } from "./seed/billing.ts";

/** Each area's seed part, applied in order. Add yours here (db/seed/<area>.ts). */
const SEED_PARTS: Array<() => string[]> = [
  coreSeed,
  creatorsSeed,
  chatSeed,
  botsSeed,
  knowledgeSeed,
  helpSeed,
  legalSeed,
  supportSeed,
  wellbeingSeed,
  billingSeed,
];

export function buildSeedSql(): string {
  return `${SEED_PARTS.flatMap((part) => part()).join("\n")}\n`;
}

/** Write the SQL and apply it to the local D1 (in `stateDir` when given). */
export function seedLocalDatabase(stateDir?: string): void {
  mkdirSync(".wrangler", { recursive: true });
  const file = ".wrangler/seed.sql";
  writeFileSync(file, buildSeedSql());
  const persist = stateDir ? [`--persist-to=${stateDir}`] : [];
  execFileSync(
    "npx",
    ["wrangler", "d1", "execute", "DB", "--local", "--config=wrangler.toml", ...persist, `--file=${file}`],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}

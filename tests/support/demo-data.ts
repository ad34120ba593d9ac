/**
 * The demo data `npm run db:setup` seeds (db/seed.ts), applied to a workers test file's
 * own local D1: the same statements, run as D1 batches so the demo accounts (Alex, Casey,
 * Sam, Riley) have the bots, chats, tickets and content they have after `npm start`.
 */
import { env } from "cloudflare:test";
import { buildSeedSql } from "#db/seed";

/** Statements per batch: large enough to be quick, small enough for one D1 call. */
const BATCH = 500;

export async function seedDemoData(): Promise<void> {
  const statements = splitStatements(buildSeedSql());
  for (let i = 0; i < statements.length; i += BATCH)
    await env.DB.batch(statements.slice(i, i + BATCH).map((s) => env.DB.prepare(s)));
}

/** The seed's statements, split on the `;` that ends each one (never one inside a quoted string). */
function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") quoted = !quoted;
    else if (c === ";" && !quoted) {
      const statement = sql.slice(start, i + 1).trim();
      if (statement !== ";") out.push(statement);
      start = i + 1;
    }
  }
  const rest = sql.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

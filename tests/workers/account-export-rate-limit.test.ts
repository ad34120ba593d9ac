/**
 * Issue #16: 15 concurrent data exports all ran, each reading the whole account. The
 * download now counts per user and per address on the Rate Limiting bindings (the same
 * table as wrangler.toml, declared for tests in vitest.config.ts); over the limit it is the
 * app's 429 page with Retry-After. Through app/worker.ts, each run with its own users and
 * CF-Connecting-IP; a run that straddles two binding windows is repeated.
 */
import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { RATE_LIMIT_BINDINGS } from "~/lib/http/rate-limit-bindings";
import { signedInAs } from "../support/worker-fetch";

const limitOf = (binding: string) => RATE_LIMIT_BINDINGS.find((b) => b.name === binding)!.limit;
let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

async function inOneWindow(body: (run: string) => Promise<void>) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const window = Math.floor(Date.now() / 60_000);
    try {
      await body(`-${attempt}`);
      if (Math.floor(Date.now() / 60_000) === window) return;
    } catch (error) {
      if (Math.floor(Date.now() / 60_000) === window) throw error;
    }
  }
  throw new Error("three runs in a row straddled a rate-limit window");
}

async function exporter(id: string) {
  await env.DB.prepare("INSERT INTO users (id, email) VALUES (?, ?)").bind(id, `${id}@example.com`).run();
  const client = await signedInAs(id);
  return (ip: string) => client.post("/account/export/download", {}, { "CF-Connecting-IP": ip });
}

test(
  "15 concurrent exports by one person: only the per-user limit run, the rest are the 429 page with Retry-After",
  () =>
    inOneWindow(async (run) => {
      const download = await exporter(`rl-export${run}`);
      const ip = freshIp();
      const limit = limitOf("RL_DATA_EXPORT_USER");
      expect(limit).toBeLessThan(limitOf("RL_DATA_EXPORT_IP"));
      const responses = await Promise.all(Array.from({ length: 15 }, () => download(ip)));
      const ran = responses.filter((r) => r.status === 200);
      expect(ran).toHaveLength(limit);
      for (const r of ran) expect(r.headers.get("Content-Type")).toBe("application/zip");
      const limited = responses.filter((r) => r.status !== 200);
      expect(limited).toHaveLength(15 - limit);
      for (const r of limited) {
        expect(r.status).toBe(429);
        expect(r.headers.get("Retry-After")).toBe("60");
        expect(r.headers.get("Content-Type")).toMatch(/^text\/html/);
        expect(r.text).toContain("downloading your data faster than we allow");
      }
    }),
  60_000,
);

test(
  "one address spreading exports over many accounts is limited too",
  () =>
    inOneWindow(async (run) => {
      const ip = freshIp();
      const limit = limitOf("RL_DATA_EXPORT_IP");
      const statuses: number[] = [];
      // Each account stays under its own limit; the address goes over.
      for (let i = 0; i <= limit; i++) statuses.push((await (await exporter(`rl-export-ip${run}-${i}`))(ip)).status);
      expect(statuses.slice(0, limit)).toEqual(Array(limit).fill(200));
      expect(statuses[limit]).toBe(429);
    }),
  60_000,
);

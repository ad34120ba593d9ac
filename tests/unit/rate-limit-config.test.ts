/**
 * The Rate Limiting bindings are declared in three places that must agree: the table
 * (app/lib/http/rate-limit-bindings.ts, which vitest.config.ts uses), wrangler.toml's top
 * level (local dev, e2e) and wrangler.toml's [env.production] (bindings are not inherited).
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { RATE_LIMITS } from "~/lib/http/rate-limit";
import { RATE_LIMIT_BINDINGS } from "~/lib/http/rate-limit-bindings";

const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");

function declared(header: string) {
  const blocks = toml.split(header).slice(1);
  return blocks.map((block) => ({
    name: /name = "(\w+)"/.exec(block)?.[1],
    namespace_id: /namespace_id = "(\d+)"/.exec(block)?.[1],
    limit: Number(/limit = (\d+)/.exec(block)?.[1]),
    period: Number(/period = (\d+)/.exec(block)?.[1]),
  }));
}

test("wrangler.toml declares every binding of the table, locally and in production", () => {
  const expected = RATE_LIMIT_BINDINGS.map(({ name, namespace_id, limit, period }) => ({
    name,
    namespace_id,
    limit,
    period,
  }));
  expect(declared("\n[[ratelimits]]\n")).toEqual(expected);
  expect(declared("\n[[env.production.ratelimits]]\n")).toEqual(expected);
});

test("each limiter names two bindings of the table with its period; namespaces are unique", () => {
  const byName = new Map(RATE_LIMIT_BINDINGS.map((b) => [b.name, b]));
  for (const [name, limiter] of Object.entries(RATE_LIMITS)) {
    for (const binding of [limiter.perUser, limiter.perIp]) {
      expect(byName.get(binding)?.period, `${name} → ${binding}`).toBe(limiter.period);
    }
  }
  expect(new Set(RATE_LIMIT_BINDINGS.map((b) => b.namespace_id)).size).toBe(RATE_LIMIT_BINDINGS.length);
  for (const b of RATE_LIMIT_BINDINGS) expect([10, 60]).toContain(b.period);
});

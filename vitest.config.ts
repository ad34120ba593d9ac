import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { miniflareRateLimits } from "./app/lib/http/rate-limit-bindings.ts";

/**
 * Two suites: `unit` runs pure code in Node; `workers` runs inside workerd (the Workers
 * runtime) against a real local D1 with every migration applied. Each workers test file
 * gets its own isolated storage.
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    resolve: { tsconfigPaths: true },
    test: {
      // Hang guards, not speed checks: CI may share its two cores with other work.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      projects: [
        {
          extends: true,
          test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
        },
        {
          extends: true,
          plugins: [
            cloudflareTest({
              remoteBindings: false,
              miniflare: {
                compatibilityDate: "2026-10-01",
                compatibilityFlags: ["nodejs_compat"],
                d1Databases: ["DB"],
                r2Buckets: ["MEDIA"],
                // The same Rate Limiting bindings as wrangler.toml (one table for both).
                ratelimits: miniflareRateLimits(),
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  ENVIRONMENT: "development",
                  // Local mode (app/lib/runtime/local-mode.ts), as on a developer's machine;
                  // requests still need a loopback host (tests/support/worker-fetch.ts).
                  BOTCAFE_LOCAL: "1",
                  VECTOR_INDEX: "local",
                  EMBEDDINGS: "local",
                  CHAT_MODEL: "local",
                  VECTORIZE_INDEX_NAME: "botcafe-knowledge",
                  LOCAL_MODEL_TOKEN_DELAY_MS: "0",
                  // Tier limits are configuration; other areas' tests create bots freely.
                  // tests/workers/billing-*.test.ts set the limit they test.
                  FREE_BOT_LIMIT: "none",
                  // Chat is free in other areas' tests (their users have no balance);
                  // tests/workers/billing-chat*.test.ts set the rate they test.
                  CHAT_TOKEN_RATE: "0",
                },
              },
            }),
          ],
          // app/worker.ts imports the server build the React Router plugin generates; tests
          // get the same module built from app/routes.ts (see tests/support/server-build.ts).
          resolve: {
            alias: {
              "virtual:react-router/server-build": fileURLToPath(
                new URL("./tests/support/server-build.ts", import.meta.url),
              ),
            },
          },
          test: {
            name: "workers",
            // Stylesheet imports (`app.css?url`) resolve to a real href in rendered pages.
            css: { include: [/app\.css/] },
            include: ["tests/workers/**/*.test.ts"],
            setupFiles: ["./tests/workers/apply-migrations.ts"],
            // A local HTTP server speaking Stripe's wire format (tests/support/stripe-fake.ts).
            // And a DNS-over-HTTPS fake for provider host checks (tests/support/doh-fake.ts).
            globalSetup: ["./tests/workers/global-stripe-fake.ts", "./tests/workers/global-doh-fake.ts"],
          },
        },
      ],
    },
  };
});

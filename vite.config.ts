import { cloudflare } from "@cloudflare/vite-plugin";
import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig, type Plugin } from "vite";
import { DEMO_ACCOUNTS } from "./app/lib/auth/demo-accounts.ts";

// Miniflare fills `request.cf` by downloading a sample from workers.cloudflare.com; offline
// that prints an ENOTFOUND error on every start. Its built-in sample serves local use (and
// tests send the headers they need), so never fetch it.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";

/** `npm start` ends with what a newcomer needs: where to go and whom to sign in as. */
function demoAccountsBanner(): Plugin {
  return {
    name: "botcafe-demo-accounts",
    configurePreviewServer(server) {
      const print = server.printUrls.bind(server);
      server.printUrls = () => {
        print();
        const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, "") ?? "http://127.0.0.1:8787";
        const accounts = DEMO_ACCOUNTS.map((a) => `    ${a.display_name.padEnd(14)} ${a.role}`).join("\n");
        server.config.logger.info(
          `\n  Sign in at ${origin}/sign-in as one of the demo accounts (one click each), or with any email:\n${accounts}\n`,
        );
      };
    },
  };
}

export default defineConfig({
  plugins: [
    // Vectorize and Workers AI have no local simulator: never reach for remote
    // bindings, so dev and preview start with no network and no account.
    cloudflare({
      viteEnvironment: { name: "ssr" },
      remoteBindings: false,
      // End-to-end tests run against their own fresh local state (see scripts/db-setup.mjs).
      persistState: process.env.BOTCAFE_STATE_DIR ? { path: process.env.BOTCAFE_STATE_DIR } : true,
    }),
    tailwindcss(),
    reactRouter(),
    demoAccountsBanner(),
  ],
  resolve: { tsconfigPaths: true },
});

import { cloudflare } from "@cloudflare/vite-plugin";
import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

// Miniflare fills `request.cf` by downloading a sample from workers.cloudflare.com; offline
// that prints an ENOTFOUND error on every start. Its built-in sample serves local use (and
// tests send the headers they need), so never fetch it.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";

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
  ],
  resolve: { tsconfigPaths: true },
});

import type { Config } from "@react-router/dev/config";

export default {
  appDirectory: "app",
  ssr: true,
  // Overridable so parallel end-to-end runs do not overwrite each other's build.
  buildDirectory: process.env.BOTCAFE_BUILD_DIR ?? "build",
} satisfies Config;

/** POST /account/export/download — the data export, streamed as a ZIP (resource route). */
import { redirect } from "react-router";
import { exportZipStream } from "~/lib/account/export-zip";
import { requireUser } from "~/lib/auth/guards";
import { getApp } from "~/lib/context";
import { checkRateLimit } from "~/lib/http/rate-limit";
import { exportLimitedResponse } from "./export-limited";
import type { Route } from "./+types/export-download";

export function loader() {
  throw redirect("/account/export");
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser({ request, context });
  // Each export reads the whole account: a few per person (and address) a minute, else a 429.
  const limited = await checkRateLimit({ request, context }, "data_export", user.id);
  if (limited) return exportLimitedResponse(limited);
  const { env } = getApp(context);
  const stream = exportZipStream({ d1: env.DB, bucket: env.MEDIA, userId: user.id, pageSize: 500 });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="botcafe-data-${date}.zip"`,
      "Cache-Control": "private, no-store",
    },
  });
}

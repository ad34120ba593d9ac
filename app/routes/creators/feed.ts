/** /creators/:username/feed.xml — Atom feed of a creator's newest public bots. */
import { getApp } from "~/lib/context";
import { creatorFeedXml } from "~/lib/creators/feed";
import type { Route } from "./+types/feed";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { env, db } = getApp(context);
  const xml =
    params.username.length <= 60
      ? await creatorFeedXml(env.DB, db, params.username, new URL(request.url).origin)
      : null;
  if (xml === null) {
    return new Response("Feed not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(xml, {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}

/** Export a bot you may edit as a Character Card: /bots/:slug/card/{v2.json,v3.json,png}. */
import { editableBotQuery, worldInfoQuery } from "#db/queries/bots";
import { notFound, requireUser } from "~/lib/auth/guards";
import { batch } from "#db/batch";
import { botGrantQuery, canEditBot } from "~/lib/bots/access";
import { cardPng, cardV2, cardV3 } from "~/lib/cards/export";
import { getApp } from "~/lib/context";
import type { Route } from "./+types/card-export";

const FORMATS = ["v2.json", "v3.json", "png"] as const;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser({ request, context });
  const format = FORMATS.find((f) => f === params.format);
  if (!format) notFound();
  const { db, env } = getApp(context);
  const [[bot], grants] = await batch(env.DB, [
    editableBotQuery(db, params.slug),
    botGrantQuery(db, user.id, params.slug),
  ]);
  if (!bot || !canEditBot(user, bot, grants[0]?.permission_level)) notFound("We could not find that bot.");
  const worldInfo = await worldInfoQuery(db, bot.id).execute();
  const headers = new Headers({ "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" });
  if (format === "png") {
    const avatar = bot.avatar_mime === "image/png" && bot.avatar_key ? await env.MEDIA.get(bot.avatar_key) : null;
    const png = await cardPng(bot, worldInfo, avatar ? new Uint8Array(await avatar.arrayBuffer()) : null);
    headers.set("Content-Type", "image/png");
    headers.set("Content-Disposition", `attachment; filename="${bot.slug}.png"`);
    return new Response(png, { headers });
  }
  const card = format === "v2.json" ? cardV2(bot, worldInfo) : cardV3(bot, worldInfo);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.set("Content-Disposition", `attachment; filename="${bot.slug}.${format === "v2.json" ? "v2" : "v3"}.json"`);
  return new Response(JSON.stringify(card, null, 2), { headers });
}

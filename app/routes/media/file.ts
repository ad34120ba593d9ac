/** Serves stored images from R2. Keys are unguessable ids; content type comes from what
 * the upload check found in the bytes, and the browser is told not to sniff. */
import { getApp } from "~/lib/context";
import type { Route } from "./+types/file";

const KEY_PATTERN = /^images\/[a-z0-9]{10,40}\.(png|jpg|gif|webp)$/;

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const key = params["*"] ?? "";
  if (!KEY_PATTERN.test(key)) return new Response("Not found", { status: 404 });
  const object = await getApp(context).env.MEDIA.get(key, { onlyIf: request.headers });
  if (!object) return new Response("Not found", { status: 404 });
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("ETag", object.httpEtag);
  headers.set("Cache-Control", "public, max-age=31536000, immutable");
  headers.set("Content-Disposition", "inline");
  if (!("body" in object)) return new Response(null, { status: 304, headers });
  return new Response(object.body, { headers });
}

/** Finding 10 through the real upload path inside workerd: header-only files and polyglots store nothing. */
import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { storeImage } from "~/lib/media/upload";
import { makeGif, makePng } from "../support/images";

const db = createDb(env.DB);

test("a 30-byte PNG header and a GIF/HTML polyglot are refused and nothing is stored", async () => {
  await env.DB.prepare("INSERT INTO users (id, email) VALUES ('decoder', 'decoder@example.com')").run();
  const png = await makePng(8, 8);
  const polyglot = new Uint8Array([...new TextEncoder().encode("GIF89a/*<html><script>alert(1)</script></html>*/")]);
  const trailingHtml = new Uint8Array([
    ...makeGif(4, 4),
    ...new TextEncoder().encode("<html><script>alert(1)</script></html>"),
  ]);
  for (const bytes of [png.subarray(0, 30), png.subarray(0, 33), polyglot, trailingHtml]) {
    const result = await storeImage(
      { db, bucket: env.MEDIA },
      new File([bytes as Uint8Array<ArrayBuffer>], "x.gif", { type: "image/gif" }),
      { uploadedBy: "decoder" },
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/not a PNG, JPEG, GIF or WebP/) });
  }
  expect((await env.MEDIA.list()).objects).toEqual([]);
  expect(await db.selectFrom("media").select("id").where("uploaded_by_id", "=", "decoder").execute()).toEqual([]);
  // The whole file still goes through.
  expect(
    (
      await storeImage({ db, bucket: env.MEDIA }, new File([png as Uint8Array<ArrayBuffer>], "ok.png"), {
        uploadedBy: "decoder",
      })
    ).ok,
  ).toBe(true);
});

import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { MAX_IMAGE_BYTES, storeImage } from "~/lib/media/upload";
import { makePng } from "../support/images";

const db = createDb(env.DB);

/** Storage is shared by the tests of one file: each test uses its own user. */
async function aUser(id: string) {
  await env.DB.prepare("INSERT INTO users (id, email) VALUES (?, ?)").bind(id, `${id}@example.com`).run();
  return id;
}

test("an image upload lands in R2 and in media with type, size and dimensions read from the bytes", async () => {
  const uploadedBy = await aUser("uploader-ok");
  const png = await makePng(64, 48);
  // The declared type and name lie; the stored type comes from the content.
  const file = new File([png as Uint8Array<ArrayBuffer>], "avatar.gif", { type: "image/gif" });
  const result = await storeImage({ db, bucket: env.MEDIA }, file, { uploadedBy, alt: "An avatar" });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.media).toMatchObject({ mimeType: "image/png", width: 64, height: 48, filesize: png.byteLength });
  const row = await db.selectFrom("media").selectAll().where("id", "=", result.media.id).executeTakeFirstOrThrow();
  expect(row).toMatchObject({
    mime_type: "image/png",
    width: 64,
    height: 48,
    filesize: png.byteLength,
    alt: "An avatar",
    uploaded_by_id: uploadedBy,
  });
  const object = await env.MEDIA.get(row.storage_key);
  expect(new Uint8Array(await object!.arrayBuffer())).toEqual(png);
  expect(object!.httpMetadata?.contentType).toBe("image/png");
});

test("a non-image, an empty file and an oversized file are refused with a clear message and store nothing", async () => {
  const uploadedBy = await aUser("uploader-refused");
  const before = (await env.MEDIA.list()).objects.length;
  const cases: [File, RegExp][] = [
    [new File(["<script>alert(1)</script>"], "evil.png", { type: "image/png" }), /not a PNG, JPEG, GIF or WebP/],
    [new File([], "empty.png", { type: "image/png" }), /empty/],
    [new File([new Uint8Array(MAX_IMAGE_BYTES + 1)], "huge.png", { type: "image/png" }), /limit is 2 MB/],
  ];
  for (const [file, message] of cases) {
    const result = await storeImage({ db, bucket: env.MEDIA }, file, { uploadedBy });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  }
  const { results } = await env.DB.prepare("SELECT COUNT(*) AS n FROM media WHERE uploaded_by_id = ?")
    .bind(uploadedBy)
    .all<{ n: number }>();
  expect(results[0]!.n).toBe(0);
  expect((await env.MEDIA.list()).objects).toHaveLength(before);
});

/** Deleting a bot leaves nothing behind: its knowledge vectors leave the index, their
 * tracking rows go, and its avatar leaves R2 — beyond what the database cascades. */
import { env } from "cloudflare:test";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { deleteBot } from "~/lib/bots/delete-bot";
import { storeImage } from "~/lib/media/upload";
import { markVectorizationPending, vectorizeSource } from "~/lib/retrieval/vectorize-job";
import { createServices } from "~/lib/services";
import { makePng } from "../support/images";

const db = createDb(env.DB);
const services = createServices(env);

test("a deleted bot's knowledge vectors, vector records and avatar are removed", async () => {
  await env.DB.prepare("INSERT INTO users (id, email) VALUES ('owner', 'owner@example.com')").run();
  const avatar = await storeImage(
    { db, bucket: env.MEDIA },
    new File([(await makePng(8, 8)) as Uint8Array<ArrayBuffer>], "a.png"),
    { uploadedBy: "owner" },
  );
  if (!avatar.ok) throw new Error(avatar.error);
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, avatar_id) VALUES ('doomed', 'Doomed', 'doomed', 'owner', ?)",
    ).bind(avatar.media.id),
    env.DB.prepare("INSERT INTO bots (id, name, slug, created_by_id) VALUES ('kept', 'Kept', 'kept', 'owner')"),
    env.DB.prepare(
      "INSERT INTO knowledge (id, title, content, bot_id, created_by_id) VALUES ('k-doomed', 'Lore', 'The tower fell in the winter storm.', 'doomed', 'owner')",
    ),
    env.DB.prepare(
      "INSERT INTO knowledge (id, title, content, bot_id, created_by_id) VALUES ('k-kept', 'Lore', 'The bridge still stands.', 'kept', 'owner')",
    ),
  ]);
  for (const id of ["k-doomed", "k-kept"]) {
    await markVectorizationPending(db, "knowledge", id, services.vectorIndex.name).execute();
    expect((await vectorizeSource({ db, services, sourceType: "knowledge", sourceId: id })).status).toBe("done");
  }
  const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())!.n;
  expect(await count("SELECT COUNT(*) AS n FROM local_vectors WHERE id LIKE '%k-doomed%'")).toBeGreaterThan(0);

  const pending: Promise<unknown>[] = [];
  await deleteBot(
    { db, bucket: env.MEDIA, services, waitUntil: (p) => pending.push(p) },
    { id: "doomed", avatar_id: avatar.media.id },
  );
  await Promise.all(pending);

  expect(await count("SELECT COUNT(*) AS n FROM bots WHERE id = 'doomed'")).toBe(0);
  expect(await count("SELECT COUNT(*) AS n FROM local_vectors WHERE id LIKE '%k-doomed%'")).toBe(0);
  expect(await count("SELECT COUNT(*) AS n FROM vector_records WHERE source_id = 'k-doomed'")).toBe(0);
  expect(await count("SELECT COUNT(*) AS n FROM media WHERE id = '" + avatar.media.id + "'")).toBe(0);
  expect((await env.MEDIA.list()).objects).toHaveLength(0);
  // The other bot's knowledge is untouched.
  expect(await count("SELECT COUNT(*) AS n FROM local_vectors WHERE id LIKE '%k-kept%'")).toBeGreaterThan(0);
  expect(await count("SELECT COUNT(*) AS n FROM vector_records WHERE source_id = 'k-kept'")).toBe(1);
});

/**
 * Character cards on real-format bytes made here (PNG chunks written with the test
 * support's own CRC, not the app's writer): parsing V1/V2/V3, import into D1 in one
 * batch, malformed files creating nothing, and import → export → import losing nothing.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { expect, test } from "vitest";
import { createDb } from "#db/client";
import { editableBotQuery, worldInfoQuery } from "#db/queries/bots";
import { cardPng, cardV2, cardV3 } from "~/lib/cards/export";
import { importCard } from "~/lib/cards/import";
import { CardError, parseCardFile } from "~/lib/cards/parse";
import { readPngChunks, readTextChunks } from "~/lib/cards/png";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import * as importPage from "~/routes/bots/import";
import * as importReport from "~/routes/bots/import-report";
import { crc32, makePng } from "../support/images";

const db = createDb(env.DB);
const deps = { db, d1: env.DB, bucket: env.MEDIA };
const encoder = new TextEncoder();

async function aUser(id: string) {
  await env.DB.prepare("INSERT INTO users (id, email) VALUES (?, ?)").bind(id, `${id}@example.com`).run();
  return id;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  const typeAndBody = new Uint8Array([...encoder.encode(type), ...body]);
  out.set(typeAndBody, 4);
  view.setUint32(8 + body.length, crc32(typeAndBody));
  return out;
}

function base64(text: string): string {
  return btoa(String.fromCharCode(...encoder.encode(text)));
}

/** A real PNG with tEXt chunks inserted before IEND (IEND is always the last 12 bytes). */
async function cardPngBytes(texts: Record<string, string>, size = 32): Promise<Uint8Array> {
  const png = await makePng(size, size);
  const extra = Object.entries(texts).map(([keyword, text]) =>
    chunk("tEXt", new Uint8Array([...encoder.encode(keyword), 0, ...Array.from(text, (c) => c.charCodeAt(0))])),
  );
  return new Uint8Array([
    ...png.subarray(0, png.length - 12),
    ...extra.flatMap((c) => [...c]),
    ...png.subarray(png.length - 12),
  ]);
}

const V2_CARD = {
  spec: "chara_card_v2",
  spec_version: "2.0",
  data: {
    name: "Seraphina",
    description: "A guardian of the forest — with “quotes” and ünïcode ✨",
    personality: "kind, protective",
    scenario: "{{user}} wakes in a glade.",
    first_mes: "*She smiles.* You're awake.",
    mes_example: "<START>\n{{user}}: Who are you?\n{{char}}: Seraphina.",
    creator_notes: "Best with a long context.",
    system_prompt: "You are {{char}}.",
    post_history_instructions: "Stay gentle.",
    alternate_greetings: ["Hello again.", "The forest is quiet today."],
    tags: ["Fantasy", "guardian"],
    creator: "someone",
    character_version: "1.2",
    extensions: { talkativeness: "0.5", depth_prompt: { prompt: "x", depth: 4 } },
    character_book: {
      name: "Forest lore",
      scan_depth: 5,
      token_budget: 300,
      recursive_scanning: false,
      extensions: {},
      entries: [
        {
          keys: ["glade", "clearing"],
          content: "The glade is hidden.",
          extensions: { probability: 100 },
          enabled: true,
          insertion_order: 10,
          case_sensitive: false,
          name: "Glade",
          priority: 5,
          id: 1,
          comment: "place",
          selective: true,
          secondary_keys: ["night"],
          constant: false,
          position: "before_char",
        },
        {
          keys: ["seraphina"],
          content: "She is centuries old.",
          extensions: {},
          enabled: false,
          insertion_order: 20,
          constant: true,
          position: "after_char",
          id: 2,
        },
      ],
    },
    my_custom_field: { keep: "me" },
  },
  // Tools write a V1 copy beside `data`.
  name: "Seraphina",
  create_date: "2024-1-1",
};

test("a V2 PNG card parses: fields map to columns, the book to world info, the rest is kept aside", async () => {
  const parsed = parseCardFile(await cardPngBytes({ chara: base64(JSON.stringify(V2_CARD)) }));
  expect(parsed.report.spec).toBe("v2");
  expect(parsed.report.source).toBe("png");
  expect(parsed.bot).toMatchObject({
    name: "Seraphina",
    greeting: "*She smiles.* You're awake.",
    example_dialogues: V2_CARD.data.mes_example,
    post_history_instructions: "Stay gentle.",
    tags: ["Fantasy", "guardian"],
    alternate_greetings: ["Hello again.", "The forest is quiet today."],
  });
  expect(parsed.worldInfo).toHaveLength(2);
  expect(parsed.worldInfo[0]).toMatchObject({
    title: "Glade",
    content: "The glade is hidden.",
    settings: {
      keys: ["glade", "clearing"],
      secondary_keys: ["night"],
      selective: true,
      insertion_order: 10,
      position: "before_char",
      enabled: true,
      priority: 5,
      comment: "place",
      card_id: 1,
      extensions: { probability: 100 },
    },
  });
  expect(parsed.worldInfo[1]).toMatchObject({
    title: "seraphina",
    settings: { constant: true, enabled: false, position: "after_char" },
  });
  expect(parsed.extras).toMatchObject({
    creator: "someone",
    character_version: "1.2",
    extensions: V2_CARD.data.extensions,
    my_custom_field: { keep: "me" },
    character_book: { name: "Forest lore", scan_depth: 5, token_budget: 300 },
  });
  expect(parsed.report.ignored.map((i) => i.field)).toEqual(["name", "create_date"]);
  expect(parsed.report.keptAside.join("\n")).toMatch(/my_custom_field/);
});

test("ccv3 wins over chara when a PNG has both; V1 JSON and V3 JSON parse too", async () => {
  const v3 = {
    spec: "chara_card_v3",
    spec_version: "3.0",
    data: {
      ...V2_CARD.data,
      name: "Seraphina V3",
      nickname: "Sera",
      group_only_greetings: ["Hi all"],
      source: ["https://example.com/sera"],
    },
  };
  const both = parseCardFile(
    await cardPngBytes({ chara: base64(JSON.stringify(V2_CARD)), ccv3: base64(JSON.stringify(v3)) }),
  );
  expect(both.bot.name).toBe("Seraphina V3");
  expect(both.report.spec).toBe("v3");
  expect(both.extras).toMatchObject({
    nickname: "Sera",
    group_only_greetings: ["Hi all"],
    source: ["https://example.com/sera"],
  });
  expect(both.report.ignored.some((i) => /chara/.test(i.field))).toBe(true);

  const v1 = parseCardFile(
    encoder.encode(
      JSON.stringify({
        name: "Old Timer",
        description: "From 2023",
        first_mes: "Howdy",
        mes_example: "",
        personality: "",
        scenario: "",
        avatar: "none",
      }),
    ),
  );
  expect(v1.report.spec).toBe("v1");
  expect(v1.bot).toMatchObject({ name: "Old Timer", description: "From 2023", greeting: "Howdy" });
  expect(v1.report.ignored).toEqual([{ field: "avatar", reason: expect.stringMatching(/V1/) }]);
});

test("malformed files are refused with a clear message and create nothing", async () => {
  const userId = await aUser("card-refused");
  const good = await cardPngBytes({ chara: base64(JSON.stringify(V2_CARD)) });
  const badCrc = good.slice();
  badCrc[good.length - 20]! ^= 0xff; // a byte inside the tEXt chunk's data
  const cases: [string, Uint8Array, RegExp][] = [
    ["bad PNG", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]), /not a PNG|neither/],
    ["bad CRC", badCrc, /CRC/],
    ["cut short", good.subarray(0, good.length - 30), /cut short|past the end|IEND/],
    ["no card", await makePng(8, 8), /no character card/],
    ["bad base64", await cardPngBytes({ chara: "!!!not base64!!!" }), /base64/],
    ["bad JSON in PNG", await cardPngBytes({ chara: base64("{name: nope") }), /not valid JSON/],
    ["bad JSON file", encoder.encode('{ "spec": '), /not valid JSON/],
    [
      "wrong spec",
      encoder.encode(JSON.stringify({ spec: "chara_card_v9", data: { name: "x" } })),
      /Unsupported card spec/,
    ],
    ["not a card", encoder.encode(JSON.stringify({ hello: "world" })), /not a character card/],
    [
      "field of wrong type",
      encoder.encode(JSON.stringify({ spec: "chara_card_v2", data: { name: "x", description: 42 } })),
      /`description` must be text/,
    ],
    [
      "bad entry",
      encoder.encode(
        JSON.stringify({
          spec: "chara_card_v2",
          data: { name: "x", character_book: { entries: [{ keys: "glade", content: "" }] } },
        }),
      ),
      /keys/,
    ],
    ["oversize", new Uint8Array(2 * 1024 * 1024 + 1), /at most 2 MB/],
    ["plain text", encoder.encode("hello"), /neither/],
  ];
  for (const [label, bytes, message] of cases) {
    let error: unknown;
    try {
      const card = parseCardFile(bytes);
      await importCard(deps, card, userId);
    } catch (e) {
      error = e;
    }
    expect(error, label).toBeInstanceOf(CardError);
    expect((error as Error).message, label).toMatch(message);
  }
  const counts = await env.DB.prepare(
    "SELECT (SELECT COUNT(*) FROM bots WHERE created_by_id = ?1) AS bots, (SELECT COUNT(*) FROM media WHERE uploaded_by_id = ?1) AS media, (SELECT COUNT(*) FROM knowledge WHERE created_by_id = ?1) AS knowledge",
  )
    .bind(userId)
    .first();
  expect(counts).toEqual({ bots: 0, media: 0, knowledge: 0 });
});

test("a failing batch (a lorebook entry breaking a constraint) leaves no bot, entry or avatar behind", async () => {
  const userId = await aUser("card-batch-fails");
  const card = parseCardFile(await cardPngBytes({ chara: base64(JSON.stringify(V2_CARD)) }));
  expect(card.worldInfo).toHaveLength(2);
  // Sabotage after parsing: a null title breaks knowledge.title NOT NULL in the 2nd row.
  const broken = {
    ...card,
    worldInfo: card.worldInfo.map((entry, i) => (i === 1 ? { ...entry, title: null as unknown as string } : entry)),
  };
  await expect(importCard(deps, broken, userId)).rejects.toThrow();
  const counts = await env.DB.prepare(
    "SELECT (SELECT COUNT(*) FROM bots WHERE created_by_id = ?1) AS bots, (SELECT COUNT(*) FROM media WHERE uploaded_by_id = ?1) AS media, (SELECT COUNT(*) FROM knowledge WHERE created_by_id = ?1) AS knowledge",
  )
    .bind(userId)
    .first();
  expect(counts).toEqual({ bots: 0, media: 0, knowledge: 0 });
});

async function exportedBot(slug: string) {
  const bot = await editableBotQuery(db, slug).executeTakeFirstOrThrow();
  const worldInfo = await worldInfoQuery(db, bot.id).execute();
  return { bot, worldInfo };
}

test("import a PNG card, export it as PNG (chara + ccv3), import that: nothing the spec defines is lost", async () => {
  const userId = await aUser("card-round-trip");
  const v3 = {
    spec: "chara_card_v3",
    spec_version: "3.0",
    data: {
      ...V2_CARD.data,
      nickname: "Sera",
      group_only_greetings: ["Hi all"],
      assets: [{ type: "icon", uri: "ccdefault:", name: "main", ext: "png" }],
      creation_date: 1700000000,
    },
  };
  const first = await importCard(
    deps,
    parseCardFile(await cardPngBytes({ ccv3: base64(JSON.stringify(v3)) }, 48)),
    userId,
  );

  const stored = await exportedBot(first.slug);
  expect(stored.bot.avatar_mime).toBe("image/png");
  expect(stored.worldInfo).toHaveLength(2);
  const avatar = await env.MEDIA.get(stored.bot.avatar_key!);
  const avatarBytes = new Uint8Array(await avatar!.arrayBuffer());
  // The stored avatar is the image without the card chunks.
  expect(readTextChunks(readPngChunks(avatarBytes)).has("ccv3")).toBe(false);

  const exportedV3 = cardV3(stored.bot, stored.worldInfo);
  const exportedV2 = cardV2(stored.bot, stored.worldInfo);
  // Every V3 data field that went in comes back out, values unchanged.
  for (const [key, value] of Object.entries(v3.data)) {
    if (key === "character_book") continue;
    expect(exportedV3.data[key], key).toEqual(value);
  }
  const book = exportedV3.data.character_book as {
    name: string;
    scan_depth: number;
    entries: Record<string, unknown>[];
  };
  expect(book).toMatchObject({ name: "Forest lore", scan_depth: 5, token_budget: 300, recursive_scanning: false });
  for (const [i, entry] of v3.data.character_book.entries.entries()) expect(book.entries[i]).toMatchObject(entry);
  expect(exportedV2.data).not.toHaveProperty("nickname"); // V3-only fields stay out of V2
  expect(exportedV2.data).not.toHaveProperty("botcafe_import_report");

  const png = await cardPng(stored.bot, stored.worldInfo, avatarBytes);
  const texts = readTextChunks(readPngChunks(png));
  expect(JSON.parse(atob(texts.get("chara")!))).toMatchObject({ spec: "chara_card_v2" });
  expect(texts.has("ccv3")).toBe(true);

  const second = await importCard(deps, parseCardFile(png), userId);
  expect(second.slug).not.toBe(first.slug); // slugs stay unique
  const again = await exportedBot(second.slug);
  expect(cardV3(again.bot, again.worldInfo)).toEqual(exportedV3);
  expect(cardV2(again.bot, again.worldInfo)).toEqual(exportedV2);
});

test("a bot with no PNG avatar exports onto a generated placeholder PNG", async () => {
  const userId = await aUser("card-placeholder");
  const { slug } = await importCard(deps, parseCardFile(encoder.encode(JSON.stringify(V2_CARD))), userId);
  const { bot, worldInfo } = await exportedBot(slug);
  expect(bot.avatar_id).toBeNull();
  const png = await cardPng(bot, worldInfo, null);
  const chunks = readPngChunks(png); // valid CRCs throughout
  expect(chunks[0]!.type).toBe("IHDR");
  expect(new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset).getUint32(0)).toBe(256);
  const reparsed = parseCardFile(png);
  expect(reparsed.report.spec).toBe("v3");
  expect(reparsed.bot.name).toBe("Seraphina");
  expect(reparsed.worldInfo).toHaveLength(2);
});

function routeArgs(userId: string | null, path: string, params: Record<string, string>, init?: RequestInit) {
  const context = new RouterContextProvider();
  context.set(
    userContext,
    userId
      ? { id: userId, email: `${userId}@example.com`, displayName: userId, role: "creator", preferences: {} }
      : null,
  );
  context.set(appContext, { env, db, services: {} as Services, waitUntil: () => {}, nonce: "test" });
  return { request: new Request(`https://botcafe.test${path}`, init), context, params } as never;
}

async function settle(run: () => Promise<unknown>) {
  try {
    const result = (await run()) as { init?: ResponseInit; data?: unknown } | null;
    return { status: result?.init?.status ?? 200, body: result?.data ?? result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    return {
      status: (thrown as { init?: ResponseInit }).init?.status ?? 500,
      body: (thrown as { data?: unknown }).data,
    };
  }
}

test("the import page: a card becomes a private bot with a report only its owner sees; over-size and empty uploads are 400s", async () => {
  const userId = await aUser("card-route");
  await aUser("card-route-stranger");
  const body = new FormData();
  body.append(
    "card",
    new File(
      [(await cardPngBytes({ chara: base64(JSON.stringify(V2_CARD)) })) as Uint8Array<ArrayBuffer>],
      "sera.png",
      { type: "image/png" },
    ),
  );
  const done = await settle(() => importPage.action(routeArgs(userId, "/bots/import", {}, { method: "POST", body })));
  // Earlier tests in this file imported Seraphina too: the slug gets the next free suffix.
  expect(done).toMatchObject({
    status: 302,
    location: expect.stringMatching(/^\/bots\/seraphina-\d+\/import-report$/),
  });
  const slug = (done as { location: string }).location.split("/")[2]!;
  const bot = await db
    .selectFrom("bots")
    .select(["is_public", "avatar_id"])
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
  expect(bot.is_public).toBe(0);
  expect(bot.avatar_id).not.toBeNull();

  const report = await settle(() => importReport.loader(routeArgs(userId, `/bots/${slug}/import-report`, { slug })));
  expect(report.status).toBe(200);
  expect(report.body).toMatchObject({ bot: { worldInfoCount: 2 }, report: { spec: "v2", source: "png" } });
  expect(
    (await settle(() => importReport.loader(routeArgs("card-route-stranger", `/bots/${slug}/import-report`, { slug }))))
      .status,
  ).toBe(404);

  const huge = await settle(() =>
    importPage.action(
      routeArgs(
        userId,
        "/bots/import",
        {},
        {
          method: "POST",
          body: "x",
          headers: { "Content-Length": String(50 * 1024 * 1024), "Content-Type": "multipart/form-data; boundary=x" },
        },
      ),
    ),
  );
  expect(huge).toMatchObject({ status: 400, body: { fieldErrors: { card: [expect.stringMatching(/too large/)] } } });
  const empty = new FormData();
  empty.append("card", new File([], ""));
  expect(
    (await settle(() => importPage.action(routeArgs(userId, "/bots/import", {}, { method: "POST", body: empty }))))
      .status,
  ).toBe(400);
  const bots = await env.DB.prepare("SELECT COUNT(*) AS n FROM bots WHERE created_by_id = ?").bind(userId).first();
  expect(bots).toEqual({ n: 1 });
});

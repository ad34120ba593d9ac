/**
 * SillyTavern fidelity: a chat export its importer reads (dates in its own format,
 * alternatives as swipes), and lorebook settings SillyTavern keeps in an entry's
 * `extensions` imported, honoured in activation, and exported where it reads them.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { describe, expect, test } from "vitest";
import { createDb } from "#db/client";
import { worldInfoQuery } from "#db/queries/bots";
import { prng } from "#db/seed/sql";
import { cardV2 } from "~/lib/cards/export";
import { importCard } from "~/lib/cards/import";
import { parseCardFile } from "~/lib/cards/parse";
import { sillyTavernDate, toSillyTavernJsonl } from "~/lib/chat/export";
import type { CurrentUser } from "~/lib/auth/user";
import { appContext, userContext } from "~/lib/context";
import type { Services } from "~/lib/services";
import { activateWorldInfo, type WorldInfoEntry } from "~/lib/world-info/activate";
import { parseWorldInfoSettings } from "~/lib/world-info/settings";
import { DEFAULT_WORLD_INFO, type WorldInfoSettings } from "~/lib/world-info/types";
import { loader as exportLoader } from "~/routes/chat/export";

const db = createDb(env.DB);

/** SillyTavern's release importer (public/scripts/utils.js timestampToMoment): Unix
 * numbers, or this one "humanized" pattern rewritten to ISO with a Z. */
function releaseParse(value: string): number | null {
  const pattern = /(\d{4})-(\d{1,2})-(\d{1,2}) @(\d{1,2})h (\d{1,2})m (\d{1,2})s (\d{1,3})ms/;
  const match = pattern.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms] = match.map((part) => part ?? "");
  return Date.parse(
    `${y!.padStart(4, "0")}-${mo!.padStart(2, "0")}-${d!.padStart(2, "0")}T${h!.padStart(2, "0")}:${mi!.padStart(2, "0")}:${s!.padStart(2, "0")}.${ms!.padStart(3, "0")}Z`,
  );
}

/** Its staging parser (parseTimestamp) for the humanized forms, in its order. */
function stagingParse(value: string): number | null {
  const patterns = [
    /(\d{4})-(\d{1,2})-(\d{1,2})@(\d{1,2})h(\d{1,2})m(\d{1,2})s(\d{1,3})ms/,
    /(\d{4})-(\d{1,2})-(\d{1,2})@(\d{1,2})h(\d{1,2})m(\d{1,2})s/,
    /(\d{4})-(\d{1,2})-(\d{1,2}) @(\d{1,2})h (\d{1,2})m (\d{1,2})s (\d{1,3})ms/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(value);
    if (!match) continue;
    const [, y, mo, d, h, mi, s, ms] = match;
    const fraction = ms === undefined ? "" : `.${ms.padStart(3, "0")}`;
    return Date.parse(
      `${y!.padStart(4, "0")}-${mo!.padStart(2, "0")}-${d!.padStart(2, "0")}T${h!.padStart(2, "0")}:${mi!.padStart(2, "0")}:${s!.padStart(2, "0")}${fraction}Z`,
    );
  }
  return null;
}

describe("chat export (JSONL)", () => {
  test("send_date is SillyTavern's humanized date, read back to the same instant by both its parsers", () => {
    for (const iso of ["2026-01-05T04:03:02.001Z", "2026-12-31T23:59:59.999Z", "2027-07-12T01:31:37.120Z"]) {
      const written = sillyTavernDate(iso);
      expect(written).toMatch(/^\d{4}-\d{1,2}-\d{1,2} @\d{2}h \d{2}m \d{2}s \d{1,3}ms$/);
      expect(releaseParse(written)).toBe(Date.parse(iso));
      expect(stagingParse(written)).toBe(Date.parse(iso));
    }
    // The ISO strings we used to write match neither humanized pattern.
    expect(releaseParse("2026-01-05T04:03:02.001Z")).toBeNull();
    expect(sillyTavernDate("not a date")).toBe("1970-1-1 @00h 00m 00s 0ms");
  });

  test("alternatives become swipes, with swipe_id the one shown and mes equal to it", () => {
    const jsonl = toSillyTavernJsonl({
      title: "T",
      botName: "Bram",
      userName: "Sam",
      createdAt: "2026-01-01T00:00:00.000Z",
      messages: [
        { role: "user", content: "Hi", created_at: "2026-01-01T00:00:01.000Z" },
        {
          role: "assistant",
          content: "Second try",
          created_at: "2026-01-01T00:00:02.000Z",
          active_alternative: 1,
          alternatives: [
            { position: 2, content: "Third try", created_at: "2026-01-01T00:00:04.000Z" },
            { position: 0, content: "First try", created_at: "2026-01-01T00:00:02.000Z" },
            { position: 1, content: "Second try", created_at: "2026-01-01T00:00:03.000Z" },
          ],
        },
      ],
    });
    const [header, user, bot] = jsonl
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(header).toMatchObject({
      user_name: "Sam",
      character_name: "Bram",
      create_date: "2026-1-1 @00h 00m 00s 0ms",
    });
    expect(user).not.toHaveProperty("swipes");
    expect(bot).toMatchObject({ swipes: ["First try", "Second try", "Third try"], swipe_id: 1, mes: "Second try" });
    expect(bot.swipes[bot.swipe_id]).toBe(bot.mes);
    expect(bot.swipe_info).toHaveLength(3);
  });

  test("the export route reads alternatives from D1 in the same query and writes them as swipes", async () => {
    await env.DB.batch([
      env.DB.prepare("INSERT INTO users (id, email, display_name) VALUES ('st-user', 'st@example.com', 'Sam')"),
      env.DB.prepare("INSERT INTO bots (id, name, slug, created_by_id) VALUES ('st-bot', 'Bram', 'st-bot', 'st-user')"),
      env.DB.prepare(
        "INSERT INTO conversations (id, user_id, bot_id, title, created_at) VALUES ('st-chat', 'st-user', 'st-bot', 'Swipes', '2026-02-03T04:05:06.007Z')",
      ),
      env.DB.prepare(
        `INSERT INTO messages (id, conversation_id, role, content, sender_type, seq, active_alternative, created_at) VALUES
          ('st-m1', 'st-chat', 'assistant', 'Hello B', 'bot', 1, 1, '2026-02-03T04:05:06.007Z'),
          ('st-m2', 'st-chat', 'user', 'Hi', 'user', 2, 0, '2026-02-03T04:06:00.000Z')`,
      ),
      env.DB.prepare(
        "INSERT INTO message_alternatives (id, message_id, position, content) VALUES ('a0', 'st-m1', 0, 'Hello A'), ('a1', 'st-m1', 1, 'Hello B')",
      ),
    ]);
    const user: CurrentUser = {
      id: "st-user",
      email: "st@example.com",
      displayName: "Sam",
      role: "user",
      preferences: {},
    };
    const context = new RouterContextProvider();
    context.set(userContext, user);
    context.set(appContext, { env, db, services: {} as Services, waitUntil: () => {}, nonce: "test" });
    const response = (await exportLoader({
      request: new Request("http://localhost/chat/st-chat/export/jsonl"),
      context,
      params: { conversationId: "st-chat", format: "jsonl" },
    } as never)) as Response;
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0].create_date).toBe("2026-2-3 @04h 05m 06s 7ms");
    expect(lines[1]).toMatchObject({
      is_user: false,
      mes: "Hello B",
      swipes: ["Hello A", "Hello B"],
      swipe_id: 1,
      send_date: "2026-2-3 @04h 05m 06s 7ms",
    });
    expect(lines[2]).toMatchObject({ is_user: true, mes: "Hi", send_date: "2026-2-3 @04h 06m 00s 0ms" });
  });
});

const ST_EXTENSIONS = {
  match_whole_words: true,
  case_sensitive: true,
  scan_depth: 2,
  probability: 50,
  useProbability: true,
  position: 4,
  depth: 3,
  role: 1,
  display_index: 7,
  other_tool: { kept: true },
};

function stCard() {
  return {
    spec: "chara_card_v2",
    spec_version: "2.0",
    data: {
      name: "Lore Keeper",
      description: "Keeps lore.",
      personality: "",
      scenario: "",
      first_mes: "Hello",
      mes_example: "",
      creator_notes: "",
      system_prompt: "",
      post_history_instructions: "",
      alternate_greetings: [],
      tags: [],
      creator: "",
      character_version: "",
      extensions: {},
      character_book: {
        name: "Book",
        extensions: {},
        entries: [
          {
            keys: ["Cat"],
            content: "Cats rule the town.",
            extensions: ST_EXTENSIONS,
            enabled: true,
            insertion_order: 10,
            case_sensitive: false,
            id: 0,
            comment: "cats",
            selective: false,
            secondary_keys: [],
            constant: false,
            position: "before_char",
          },
          {
            keys: ["dog"],
            content: "Dogs guard the gate.",
            extensions: {},
            enabled: true,
            insertion_order: 20,
            id: 1,
            comment: "dogs",
            selective: false,
            secondary_keys: [],
            constant: false,
            position: "after_char",
          },
        ],
      },
    },
  };
}

describe("lorebook settings in extensions", () => {
  test("import reads them, activation honours them, export writes them back where SillyTavern reads them", async () => {
    await env.DB.prepare("INSERT INTO users (id, email) VALUES ('lore-user', 'lore@example.com')").run();
    const { botId } = await importCard(
      { db, d1: env.DB, bucket: env.MEDIA },
      parseCardFile(new TextEncoder().encode(JSON.stringify(stCard()))),
      "lore-user",
    );
    const rows = await worldInfoQuery(db, botId).execute();
    const cat = parseWorldInfoSettings(rows[0]!.world_info);
    expect(cat).toMatchObject({
      match_whole_words: true,
      case_sensitive: true,
      scan_depth: 2,
      probability: 50,
      at_depth: { depth: 3, role: "user" },
    });
    expect(parseWorldInfoSettings(rows[1]!.world_info)).toMatchObject({
      match_whole_words: false,
      probability: 100,
      at_depth: null,
      position: "after_char",
    });

    // Honoured: whole words and case (no "cat" inside "concatenate", no lower-case "cat"),
    // scan depth 2 (a mention three messages back is out of reach).
    const entry: WorldInfoEntry = {
      id: "cat",
      title: "cats",
      content: rows[0]!.content,
      settings: { ...cat, probability: 100 },
    };
    const fires = (messages: string[]) => activateWorldInfo([entry], messages).length === 1;
    expect(fires(["We concatenate, Cat"])).toBe(true);
    expect(fires(["We concatenate strings"])).toBe(false);
    expect(fires(["a cat"])).toBe(false);
    expect(fires(["the Cat", "x", "y"])).toBe(false);
    expect(fires(["x", "the Cat", "y"])).toBe(true);

    const bot = await db.selectFrom("bots").selectAll().where("id", "=", botId).executeTakeFirstOrThrow();
    const exported = cardV2(bot, rows) as unknown as {
      data: { character_book: { entries: { extensions: Record<string, unknown>; position: string }[] } };
    };
    const [catOut, dogOut] = exported.data.character_book.entries;
    expect(catOut!.extensions).toEqual(ST_EXTENSIONS);
    expect(dogOut!.extensions).toMatchObject({
      match_whole_words: false,
      case_sensitive: false,
      scan_depth: null,
      probability: 100,
      useProbability: false,
      position: 1,
    });
    expect(dogOut!.position).toBe("after_char");
  });

  test("an entry at 50 % fires about half the time; 0 % never, 100 % always (seeded random)", () => {
    const at = (probability: number, extra: Partial<WorldInfoSettings> = {}): WorldInfoEntry => ({
      id: `p${probability}`,
      title: "t",
      content: "Lore.",
      settings: { ...DEFAULT_WORLD_INFO, keys: ["dragon"], probability, ...extra },
    });
    const random = prng(12);
    const count = (entry: WorldInfoEntry, turns = 1000) => {
      let fired = 0;
      for (let i = 0; i < turns; i++) fired += activateWorldInfo([entry], ["a dragon"], {}, random).length;
      return fired;
    };
    const half = count(at(50));
    expect(half).toBeGreaterThan(430);
    expect(half).toBeLessThan(570);
    expect(count(at(0))).toBe(0);
    expect(count(at(100))).toBe(1000);
    // Constant entries roll too, and an unmatched entry never fires however lucky.
    const constant = count(at(25, { constant: true, keys: [] }));
    expect(constant).toBeGreaterThan(180);
    expect(constant).toBeLessThan(320);
    expect(activateWorldInfo([at(100)], ["no such beast"], {}, () => 0)).toEqual([]);
  });

  test("an entry that loses its roll is not brought back by recursion in the same turn", () => {
    const starter: WorldInfoEntry = {
      id: "a",
      title: "a",
      content: "The dragon wakes.",
      settings: { ...DEFAULT_WORLD_INFO, keys: ["cave"] },
    };
    const chancy: WorldInfoEntry = {
      id: "b",
      title: "b",
      content: "Dragon lore.",
      settings: { ...DEFAULT_WORLD_INFO, keys: ["dragon"], probability: 50 },
    };
    const rolls = [0.9, 0.1]; // first roll (0.9 → 90 ≥ 50) loses; a second roll would win
    const random = () => rolls.shift() ?? 0;
    const fired = activateWorldInfo(
      [starter, chancy],
      ["the cave and a dragon"],
      { recursive_scanning: true },
      random,
    ).map((a) => a.entry.id);
    expect(fired).toEqual(["a"]);
  });
});

/**
 * A lorebook for one seeded bot, so world info (and card export with a character_book)
 * can be seen in the demo: seed-bot-016 "Curious Detective", owned by Casey Creator.
 */
import { insert } from "./sql.ts";

const BOT_ID = "seed-bot-016";
const OWNER_ID = "demo-creator";

const ENTRIES: { title: string; keys: string[]; content: string; constant?: boolean; order: number }[] = [
  {
    title: "The city",
    keys: [],
    content: "The story is set in Fogmere, a rainy harbour city lit by gas lamps.",
    constant: true,
    order: 1,
  },
  {
    title: "The missing locket",
    keys: ["locket", "necklace"],
    content: "A silver locket engraved with a heron was stolen from the Ashby house last Tuesday.",
    order: 10,
  },
  {
    title: "Inspector Hale",
    keys: ["hale", "inspector", "police"],
    content: "Inspector Hale of the harbour police is gruff, honest and always one step behind.",
    order: 20,
  },
];

export function botsSeed(): string[] {
  return [
    ...ENTRIES.map((entry, i) =>
      insert("knowledge", {
        // Ids end in the entry's position, so export lists them in this order.
        id: `seed-wi-016-${String(i).padStart(4, "0")}`,
        title: entry.title,
        content: entry.content,
        content_type: "world_info",
        bot_id: BOT_ID,
        created_by_id: OWNER_ID,
        world_info: JSON.stringify({
          keys: entry.keys,
          secondary_keys: [],
          selective: false,
          constant: entry.constant ?? false,
          insertion_order: entry.order,
          position: "before_char",
          enabled: true,
          case_sensitive: false,
          match_whole_words: false,
          use_regex: false,
          scan_depth: null,
          priority: 10,
          comment: entry.title,
          extensions: {},
        }),
      }),
    ),
    `UPDATE bots SET card_extras = json_set(card_extras, '$.character_book', json('{"name":"Fogmere casebook","scan_depth":4,"token_budget":400}')) WHERE id = '${BOT_ID}';`,
  ];
}

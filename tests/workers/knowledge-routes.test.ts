/**
 * Knowledge, memory and inspector pages through their real loaders and actions on local
 * D1: who may see and change what (404 otherwise), 400s that keep the input, uploads
 * checked by content, and deletes that take the vectors with them.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, describe, expect, test } from "vitest";
import { createDb } from "#db/client";
import type { CurrentUser } from "~/lib/auth/user";
import type { PromptReport } from "~/lib/chat/turn-context";
import { appContext, userContext } from "~/lib/context";
import { vectorizeSource } from "~/lib/retrieval/vectorize-job";
import { createServices } from "~/lib/services";
import * as collectionPage from "~/routes/knowledge/collection";
import * as conversationMemories from "~/routes/knowledge/conversation-memories";
import * as entryPage from "~/routes/knowledge/entry";
import * as indexPage from "~/routes/knowledge/index";
import * as lorebookPage from "~/routes/knowledge/lorebook";
import * as memoriesPage from "~/routes/knowledge/memories";
import * as newPage from "~/routes/knowledge/new";
import * as uploadPage from "~/routes/knowledge/upload";
import * as whyPage from "~/routes/knowledge/why";

const db = createDb(env.DB);
const services = createServices(env);
const person = (id: string, role: CurrentUser["role"] = "creator"): CurrentUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  role,
  preferences: {},
});
const owner = person("owner");
const stranger = person("stranger");
const viewer = person("viewer", "user");
const editor = person("editor", "user");

let pending: Promise<unknown>[] = [];
async function settle() {
  const all = pending;
  pending = [];
  await Promise.all(all);
}

function args(user: CurrentUser | null, path: string, params: Record<string, string> = {}, init?: RequestInit) {
  const context = new RouterContextProvider();
  context.set(userContext, user);
  context.set(appContext, { env, db, services, waitUntil: (p) => void pending.push(p), nonce: "test" });
  return { request: new Request(`https://botcafe.test${path}`, init), context, params } as never;
}
const post = (
  user: CurrentUser | null,
  path: string,
  params: Record<string, string>,
  fields: Record<string, string> | FormData,
) => {
  const body = fields instanceof FormData ? fields : new URLSearchParams(fields);
  return args(user, path, params, { method: "POST", body });
};

async function statusOf(
  run: () => Promise<unknown>,
): Promise<{ status: number; location?: string | null; body?: any }> {
  try {
    const result = (await run()) as { init?: ResponseInit; data?: unknown } | Response | null;
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
    if (result && typeof result === "object" && "init" in result && result.init)
      return { status: result.init.status ?? 200, body: result.data };
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    const init = (thrown as { init?: ResponseInit }).init;
    if (init) return { status: init.status ?? 500, body: (thrown as { data?: unknown }).data };
    throw thrown;
  }
}

const entryFields = (overrides: Record<string, string> = {}) => ({
  title: "Harbor facts",
  content: "The harbor opens at dawn.\n\nBoats leave at noon.",
  content_type: "text",
  priority: "high",
  bot_id: "bot-own",
  collection_id: "",
  source_url: "",
  wi_enabled: "on",
  ...overrides,
});

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO users (id, email, role) VALUES ('owner', 'owner@example.com', 'creator'), ('stranger', 's@example.com', 'creator'), ('viewer', 'v@example.com', 'user'), ('editor', 'e@example.com', 'user')",
    ),
    env.DB.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id) VALUES ('bot-own', 'Harbor Hal', 'hal', 'owner'), ('bot-theirs', 'Other', 'other', 'stranger')",
    ),
  ]);
});

describe("knowledge entries", () => {
  test("create: invalid input answers 400 with errors and keeps what was typed", async () => {
    const result = await statusOf(() =>
      newPage.action(
        post(owner, "/knowledge/new", {}, entryFields({ title: "", source_url: "ftp://x", content: "kept text" })),
      ),
    );
    expect(result.status).toBe(400);
    expect(Object.keys(result.body.fieldErrors).sort()).toEqual(["source_url", "title"]);
    expect(result.body.values.content).toBe("kept text");
  });

  test("create: someone else's bot is refused; world info needs a key", async () => {
    const theirs = await statusOf(() =>
      newPage.action(post(owner, "/knowledge/new", {}, entryFields({ bot_id: "bot-theirs" }))),
    );
    expect(theirs.status).toBe(400);
    expect(theirs.body.fieldErrors.bot_id).toEqual(["Pick one of your bots."]);
    const keyless = await statusOf(() =>
      newPage.action(post(owner, "/knowledge/new", {}, entryFields({ content_type: "world_info" }))),
    );
    expect(keyless.status).toBe(400);
    expect(keyless.body.fieldErrors.wi_keys).toBeDefined();
    const badRegex = await statusOf(() =>
      newPage.action(
        post(
          owner,
          "/knowledge/new",
          {},
          entryFields({ content_type: "world_info", wi_keys: "(oops", wi_use_regex: "on" }),
        ),
      ),
    );
    expect(badRegex.body.fieldErrors.wi_keys[0]).toMatch(/not a valid regular expression/);
  });

  test("create, embed after the response, edit (re-embed), view rules, delete (vectors gone)", async () => {
    const created = await statusOf(() => newPage.action(post(owner, "/knowledge/new", {}, entryFields())));
    expect(created.status).toBe(302);
    const id = created.location!.split("/").pop()!;
    expect(
      (await db.selectFrom("vector_records").select("status").where("source_id", "=", id).executeTakeFirstOrThrow())
        .status,
    ).toBe("pending");
    await settle();
    const loaded = await entryPage.loader(args(owner, `/knowledge/${id}`, { entryId: id }));
    expect(loaded.entry.vector_status).toBe("done");
    expect(loaded.canEdit).toBe(true);
    expect(loaded.entry).not.toHaveProperty("created_by_id", "owner");

    // Strangers get a 404, for reading and writing alike.
    expect((await statusOf(() => entryPage.loader(args(stranger, `/knowledge/${id}`, { entryId: id })))).status).toBe(
      404,
    );
    expect(
      (
        await statusOf(() =>
          entryPage.action(post(stranger, `/knowledge/${id}`, { entryId: id }, { intent: "delete" })),
        )
      ).status,
    ).toBe(404);
    expect(
      (await statusOf(() => entryPage.loader(args(owner, "/knowledge/nope", { entryId: "x".repeat(500) })))).status,
    ).toBe(404);

    // A view grant can read but not change; an edit grant can change but not delete.
    await env.DB.prepare(
      "INSERT INTO access_control (id, user_id, resource_type, resource_id, permission_level) VALUES ('g1', 'viewer', 'knowledge', ?, 'view'), ('g2', 'editor', 'knowledge', ?, 'edit')",
    )
      .bind(id, id)
      .run();
    const asViewer = await entryPage.loader(args(viewer, `/knowledge/${id}`, { entryId: id }));
    expect(asViewer.canEdit).toBe(false);
    expect(
      (
        await statusOf(() =>
          entryPage.action(post(viewer, `/knowledge/${id}`, { entryId: id }, entryFields({ intent: "save" }))),
        )
      ).status,
    ).toBe(404);
    const edited = await statusOf(() =>
      entryPage.action(
        post(
          editor,
          `/knowledge/${id}`,
          { entryId: id },
          entryFields({ intent: "save", content: "Rewritten by the editor." }),
        ),
      ),
    );
    expect(edited.status).toBe(302);
    await settle();
    expect(
      await db
        .selectFrom("vector_records")
        .select(["status", "chunk_count"])
        .where("source_id", "=", id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: "done", chunk_count: 1 });
    expect(
      (await statusOf(() => entryPage.action(post(editor, `/knowledge/${id}`, { entryId: id }, { intent: "delete" }))))
        .status,
    ).toBe(404);

    const deleted = await statusOf(() =>
      entryPage.action(post(owner, `/knowledge/${id}`, { entryId: id }, { intent: "delete" })),
    );
    expect(deleted).toMatchObject({ status: 302, location: "/knowledge" });
    await settle();
    expect(await db.selectFrom("knowledge").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
    expect(
      await db.selectFrom("vector_records").select("id").where("source_id", "=", id).executeTakeFirst(),
    ).toBeUndefined();
    expect(await services.vectorIndex.getByIds([`knowledge:${id}:0`])).toEqual([]);
  });

  test("switching an entry to world info removes its vectors and stores its settings", async () => {
    const created = await statusOf(() => newPage.action(post(owner, "/knowledge/new", {}, entryFields())));
    const id = created.location!.split("/").pop()!;
    await settle();
    await entryPage
      .action(
        post(
          owner,
          `/knowledge/${id}`,
          { entryId: id },
          entryFields({
            intent: "save",
            content_type: "world_info",
            wi_keys: "harbor, dock",
            wi_selective: "on",
            wi_secondary_keys: "boat",
            wi_position: "after_char",
            wi_insertion_order: "7",
            wi_scan_depth: "3",
          }),
        ),
      )
      .catch((r) => r);
    await settle();
    const row = await db
      .selectFrom("knowledge")
      .select(["world_info", "content_type"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.world_info)).toMatchObject({
      keys: ["harbor", "dock"],
      secondary_keys: ["boat"],
      selective: true,
      position: "after_char",
      insertion_order: 7,
      scan_depth: 3,
      enabled: true,
    });
    expect(await services.vectorIndex.getByIds([`knowledge:${id}:0`])).toEqual([]);
  });
});

describe("uploads", () => {
  const upload = (file: File, extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("document", file);
    form.set("priority", "normal");
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    return statusOf(() => uploadPage.action(post(owner, "/knowledge/upload", {}, form)));
  };

  test("a UTF-8 Markdown file becomes a document entry titled from its name", async () => {
    const result = await upload(
      new File(["# Tides\n\nHigh tide is at six. Café ☕."], "tide_tables.md", { type: "text/markdown" }),
      { bot_id: "bot-own" },
    );
    expect(result.status).toBe(302);
    const id = result.location!.split("/").pop()!;
    const row = await db
      .selectFrom("knowledge")
      .select(["title", "content", "content_type", "bot_id"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      title: "tide tables",
      content: "# Tides\n\nHigh tide is at six. Café ☕.",
      content_type: "document",
      bot_id: "bot-own",
    });
    await settle();
  });

  test("refused: wrong extension, binary content renamed, invalid UTF-8, empty, too large", async () => {
    const cases: [File, RegExp][] = [
      [new File(["hello"], "notes.pdf", { type: "application/pdf" }), /Only .txt and .md/],
      [
        new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], "sneaky.txt", { type: "text/plain" }),
        /not plain text/,
      ],
      [
        new File([new Uint8Array([0x68, 0x69, 0xff, 0xfe, 0x21])], "latin.txt", { type: "text/plain" }),
        /not valid UTF-8/,
      ],
      [new File(["   \n"], "blank.txt", { type: "text/plain" }), /empty/],
      [new File(["a".repeat(600 * 1024)], "big.txt", { type: "text/plain" }), /too large/],
      [new File(["hi"], "x.txt", { type: "image/png" }), /not text/],
    ];
    for (const [file, message] of cases) {
      const result = await upload(file, { title: "kept title" });
      expect(result.status, file.name).toBe(400);
      expect(result.body.fieldErrors.document[0]).toMatch(message);
      if (result.body.values.title !== undefined) expect(result.body.values.title).toBe("kept title");
    }
  });
});

describe("collections", () => {
  test("private collections are 404 to others; public ones are readable and usable by other creators' bots", async () => {
    await env.DB.prepare(
      "INSERT INTO knowledge_collections (id, name, is_public, created_by_id) VALUES ('c-priv', 'Private', 0, 'owner'), ('c-pub', 'Public', 1, 'owner')",
    ).run();
    expect(
      (
        await statusOf(() =>
          collectionPage.loader(args(stranger, "/knowledge/collections/c-priv", { collectionId: "c-priv" })),
        )
      ).status,
    ).toBe(404);
    const pub = await collectionPage.loader(args(stranger, "/knowledge/collections/c-pub", { collectionId: "c-pub" }));
    expect(pub.canEdit).toBe(false);
    const use = await statusOf(() =>
      collectionPage.action(
        post(
          stranger,
          "/knowledge/collections/c-pub",
          { collectionId: "c-pub" },
          { intent: "use", bot_id: "bot-theirs" },
        ),
      ),
    );
    expect(use.status).toBe(302);
    expect(
      await db.selectFrom("bot_collections").selectAll().where("collection_id", "=", "c-pub").execute(),
    ).toMatchObject([{ bot_id: "bot-theirs" }]);
    const notTheirBot = await statusOf(() =>
      collectionPage.action(
        post(stranger, "/knowledge/collections/c-pub", { collectionId: "c-pub" }, { intent: "use", bot_id: "bot-own" }),
      ),
    );
    expect(notTheirBot.status).toBe(400);
    expect(
      (
        await statusOf(() =>
          collectionPage.action(
            post(
              stranger,
              "/knowledge/collections/c-pub",
              { collectionId: "c-pub" },
              { intent: "save", name: "Hijacked" },
            ),
          ),
        )
      ).status,
    ).toBe(404);
  });

  test("the knowledge page lists one's own entries and other creators' public collections only", async () => {
    await env.DB.prepare(
      "INSERT INTO knowledge (id, title, created_by_id) VALUES ('k-strangers', 'Stranger secret', 'stranger')",
    ).run();
    const mine = await indexPage.loader(args(owner, "/knowledge?page=abc"));
    expect(mine.page).toBe(1);
    expect(mine.entries.map((e) => e.title)).not.toContain("Stranger secret");
    expect(mine.publicCollections.map((c) => c.id)).not.toContain("c-pub");
    const theirs = await indexPage.loader(args(stranger, "/knowledge"));
    expect(theirs.entries.map((e) => e.title)).toEqual(["Stranger secret"]);
    expect(theirs.publicCollections.map((c) => c.id)).toContain("c-pub");
    expect(theirs.publicCollections.map((c) => c.id)).not.toContain("c-priv");
  });

  test("deleting a collection keeps its entries and re-embeds them without it", async () => {
    await env.DB.prepare(
      "INSERT INTO knowledge_collections (id, name, created_by_id) VALUES ('c-gone', 'Gone', 'owner')",
    ).run();
    const created = await statusOf(() =>
      newPage.action(post(owner, "/knowledge/new", {}, entryFields({ collection_id: "c-gone" }))),
    );
    const id = created.location!.split("/").pop()!;
    await settle();
    expect((await services.vectorIndex.getByIds([`knowledge:${id}:0`]))[0]!.metadata.collection_id).toBe("c-gone");
    expect(
      (
        await statusOf(() =>
          collectionPage.action(
            post(stranger, "/knowledge/collections/c-gone", { collectionId: "c-gone" }, { intent: "delete" }),
          ),
        )
      ).status,
    ).toBe(404);
    const deleted = await statusOf(() =>
      collectionPage.action(
        post(owner, "/knowledge/collections/c-gone", { collectionId: "c-gone" }, { intent: "delete" }),
      ),
    );
    expect(deleted).toMatchObject({ status: 302, location: "/knowledge" });
    await settle();
    expect(
      (await db.selectFrom("knowledge").select("collection_id").where("id", "=", id).executeTakeFirstOrThrow())
        .collection_id,
    ).toBeNull();
    expect((await services.vectorIndex.getByIds([`knowledge:${id}:0`]))[0]!.metadata.collection_id).toBe("");
  });
});

describe("lorebook settings", () => {
  test("only the bot's owner sees them; saving keeps the card's other book fields; bad input is a 400", async () => {
    await env.DB.prepare("UPDATE bots SET card_extras = ? WHERE id = 'bot-own'")
      .bind(
        JSON.stringify({ source: "card", character_book: { name: "Hal's book", scan_depth: 9, extensions: { x: 1 } } }),
      )
      .run();
    expect(
      (await statusOf(() => lorebookPage.loader(args(stranger, "/knowledge/lorebooks/bot-own", { botId: "bot-own" }))))
        .status,
    ).toBe(404);
    const page = await lorebookPage.loader(args(owner, "/knowledge/lorebooks/bot-own", { botId: "bot-own" }));
    expect(page.book).toEqual({ name: "Hal's book", scan_depth: 9 });

    const bad = await statusOf(() =>
      lorebookPage.action(
        post(owner, "/knowledge/lorebooks/bot-own", { botId: "bot-own" }, { scan_depth: "-1", token_budget: "250" }),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors.scan_depth[0]).toMatch(/whole number from 0 to 100/);
    expect(bad.body.values.token_budget).toBe("250");

    const saved = await statusOf(() =>
      lorebookPage.action(
        post(
          owner,
          "/knowledge/lorebooks/bot-own",
          { botId: "bot-own" },
          { scan_depth: "", token_budget: "250", recursive_scanning: "on", max_recursion_depth: "2" },
        ),
      ),
    );
    expect(saved.status).toBe(302);
    const row = await db.selectFrom("bots").select("card_extras").where("id", "=", "bot-own").executeTakeFirstOrThrow();
    expect(JSON.parse(row.card_extras)).toEqual({
      source: "card",
      character_book: {
        name: "Hal's book",
        extensions: { x: 1 },
        token_budget: 250,
        recursive_scanning: true,
        max_recursion_depth: 2,
      },
    });
    expect(
      (
        await statusOf(() =>
          lorebookPage.action(
            post(stranger, "/knowledge/lorebooks/bot-own", { botId: "bot-own" }, { token_budget: "1" }),
          ),
        )
      ).status,
    ).toBe(404);
  });
});

describe("memories and the prompt inspector", () => {
  const report: PromptReport = {
    provider: "local",
    model: "botcafe-local-1",
    budget: { contextWindow: 8192, maxReplyTokens: 512, promptBudget: 7680, used: 321 },
    sections: [
      { name: "identity", tokens: 20, text: "You are Harbor Hal." },
      { name: "knowledge", tokens: 30, text: "## Knowledge\n- Harbor facts: The harbor opens at dawn." },
    ],
    context: [
      {
        kind: "world_info",
        sourceId: "wi1",
        title: "Dock",
        text: "The dock is old.",
        priority: 10,
        reason: 'key "dock"',
        tokens: 6,
        included: true,
      },
      {
        kind: "knowledge",
        sourceId: "k1",
        chunkIndex: 0,
        title: "Harbor facts",
        text: "The harbor opens at dawn.",
        priority: 3,
        score: 0.61,
        reason: "similarity 0.61, priority high",
        tokens: 7,
        included: true,
      },
      {
        kind: "memory",
        sourceId: "m1",
        title: "episodic memory",
        text: "Sam likes boats.",
        priority: 0.7,
        score: 0.4,
        reason: "similarity 0.40",
        tokens: 5,
        included: false,
        cutReason: "over the memory budget (4 tokens)",
      },
    ],
    history: { included: 4, dropped: 2 },
  };

  beforeAll(async () => {
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO conversations (id, user_id, bot_id) VALUES ('conv-1', 'owner', 'bot-own'), ('conv-2', 'stranger', 'bot-own')",
      ),
      env.DB.prepare(
        "INSERT INTO messages (id, conversation_id, role, content, sender_type, seq, metadata) VALUES ('msg-a', 'conv-1', 'assistant', 'The harbor opens at dawn.', 'bot', 2, ?), ('msg-u', 'conv-1', 'user', 'When?', 'user', 1, '{}')",
      ).bind(JSON.stringify({ provider: "local", model: "botcafe-local-1", prompt: report })),
      env.DB.prepare(
        "INSERT INTO memories (id, user_id, conversation_id, summary, importance, memory_type, expires_at) VALUES ('mem-1', 'owner', 'conv-1', 'Owner likes boats.', 0.3, 'short_term', '2999-01-01T00:00:00.000Z'), ('mem-2', 'stranger', 'conv-2', 'Stranger memory.', 0.5, 'episodic', NULL)",
      ),
    ]);
    await vectorizeSource({ db, services, sourceType: "memory", sourceId: "mem-1" });
  });

  test("the inspector shows the owner the recorded report; anyone else, or a user message, gets 404", async () => {
    const page = await whyPage.loader(
      args(owner, "/chat/conv-1/messages/msg-a/why", { conversationId: "conv-1", messageId: "msg-a" }),
    );
    expect(page.report?.context.map((c) => [c.kind, c.included])).toEqual([
      ["world_info", true],
      ["knowledge", true],
      ["memory", false],
    ]);
    expect(page.report?.budget.used).toBe(321);
    for (const [user, conversationId, messageId] of [
      [stranger, "conv-1", "msg-a"],
      [owner, "conv-1", "msg-u"],
      [owner, "conv-2", "msg-a"],
    ] as const) {
      expect((await statusOf(() => whyPage.loader(args(user, "/why", { conversationId, messageId })))).status).toBe(
        404,
      );
    }
  });

  test("memory pages: pin makes it long-term without expiry; others' memories 404; edit validates; delete removes vectors", async () => {
    const list = await memoriesPage.loader(args(owner, "/memories"));
    expect(list.memories.map((m) => m.id)).toEqual(["mem-1"]);
    expect(
      (
        await statusOf(() =>
          conversationMemories.loader(args(owner, "/chat/conv-2/memories", { conversationId: "conv-2" })),
        )
      ).status,
    ).toBe(404);

    const pin = await statusOf(() =>
      memoriesPage.action(post(owner, "/memories", {}, { intent: "pin", memory_id: "mem-1" })),
    );
    expect(pin).toMatchObject({ status: 302, location: "/memories" });
    expect(
      await db
        .selectFrom("memories")
        .select(["memory_type", "expires_at"])
        .where("id", "=", "mem-1")
        .executeTakeFirstOrThrow(),
    ).toEqual({ memory_type: "long_term", expires_at: null });

    expect(
      (
        await statusOf(() =>
          memoriesPage.action(post(owner, "/memories", {}, { intent: "delete", memory_id: "mem-2" })),
        )
      ).status,
    ).toBe(404);
    const bad = await statusOf(() =>
      memoriesPage.action(
        post(
          owner,
          "/memories",
          {},
          { intent: "save", memory_id: "mem-1", summary: "Edited summary", importance: "7" },
        ),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.values.summary).toBe("Edited summary");

    expect(await services.vectorIndex.getByIds(["memory:mem-1:0"])).toHaveLength(1);
    const deleted = await statusOf(() =>
      conversationMemories.action(
        post(owner, "/chat/conv-1/memories", { conversationId: "conv-1" }, { intent: "delete", memory_id: "mem-1" }),
      ),
    );
    expect(deleted).toMatchObject({ status: 302, location: "/chat/conv-1/memories" });
    expect(await services.vectorIndex.getByIds(["memory:mem-1:0"])).toEqual([]);
    expect(await db.selectFrom("memories").select("id").where("id", "=", "mem-1").executeTakeFirst()).toBeUndefined();
  });
});

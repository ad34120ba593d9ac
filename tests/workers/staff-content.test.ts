/**
 * The generic content editor at /staff/content/*: admins only (support and users get 404),
 * zod validation per collection (a 400 keeps the typing), the Markdown preview rendered
 * without saving, create / edit / publish each with its audit row, duplicates answered.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { COLLECTIONS } from "~/lib/staff/content-collections";
import * as edit from "~/routes/staff/content-edit";
import * as index from "~/routes/staff/content-index";
import * as list from "~/routes/staff/content-list";
import { args, count, form, person, statusOf } from "../support/route-calls";

const admin = person("admin", "admin");
const riley = person("riley", "support");
const sam = person("sam");

beforeAll(async () => {
  await env.DB.batch(
    [admin, riley, sam].map((u) =>
      env.DB.prepare("INSERT INTO users (id, email, role) VALUES (?, ?, ?)").bind(u.id, u.email, u.role),
    ),
  );
});

test.each(COLLECTIONS.map((c) => c.key))("%s: the list and the new form are for admins only", async (key) => {
  for (const [user, status] of [
    [admin, 200],
    [riley, 404],
    [sam, 404],
    [null, 404],
  ] as const) {
    expect((await statusOf(() => list.loader(args(user, `/staff/content/${key}`, { collection: key })))).status).toBe(
      status,
    );
    expect(
      (await statusOf(() => edit.loader(args(user, `/staff/content/${key}/new`, { collection: key, id: "new" }))))
        .status,
    ).toBe(status);
  }
  expect(
    (
      await statusOf(() =>
        edit.action(args(riley, `/staff/content/${key}/new`, { collection: key, id: "new" }, form({ intent: "save" }))),
      )
    ).status,
  ).toBe(404);
});

test("the content index is admin-only and an unknown collection is a 404", async () => {
  expect((await statusOf(() => index.loader(args(admin, "/staff/content")))).status).toBe(200);
  expect((await statusOf(() => index.loader(args(riley, "/staff/content")))).status).toBe(404);
  expect((await statusOf(() => list.loader(args(admin, "/staff/content/users", { collection: "users" })))).status).toBe(
    404,
  );
});

const doc = {
  intent: "save",
  title: "Getting started",
  slug: "getting-started-guide",
  category: "getting-started",
  order: "1",
  content: "# Welcome\n\nHello **there**.",
};

test("a bad submission is a 400 that keeps the typing and writes nothing", async () => {
  const bad = await statusOf(() =>
    edit.action(
      args(
        admin,
        "/staff/content/docs/new",
        { collection: "docs", id: "new" },
        form({ ...doc, slug: "Not A Slug", order: "-3", category: "gossip" }),
      ),
    ),
  );
  expect(bad.status).toBe(400);
  const body = bad.body as { fieldErrors: Record<string, string[]>; values: Record<string, string> };
  expect(Object.keys(body.fieldErrors).sort()).toEqual(["category", "order", "slug"]);
  expect(body.values.title).toBe("Getting started");
  expect(await count("SELECT count(*) AS n FROM documentation")).toBe(0);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log")).toBe(0);
});

test("preview renders the Markdown without saving", async () => {
  const preview = await statusOf(() =>
    edit.action(
      args(admin, "/staff/content/docs/new", { collection: "docs", id: "new" }, form({ ...doc, intent: "preview" })),
    ),
  );
  expect(preview.status).toBe(200);
  const body = preview.body as { preview: { html: string }[]; values: Record<string, string> };
  expect(body.preview[0]!.html).toContain("<strong>there</strong>");
  expect(body.values.content).toBe(doc.content);
  expect(await count("SELECT count(*) AS n FROM documentation")).toBe(0);
});

test("create, edit and publish are each audited; a duplicate slug is a 400", async () => {
  expect(
    (
      await statusOf(() =>
        edit.action(args(admin, "/staff/content/docs/new", { collection: "docs", id: "new" }, form(doc))),
      )
    ).status,
  ).toBe(303);
  const row = await env.DB.prepare(
    "SELECT id, is_published, \"order\" FROM documentation WHERE slug = 'getting-started-guide'",
  ).first<{ id: string; is_published: number; order: number }>();
  expect(row).toMatchObject({ is_published: 0, order: 1 });
  expect(
    await count("SELECT count(*) AS n FROM staff_audit_log WHERE action = 'content.create' AND target_id = ?", row!.id),
  ).toBe(1);

  expect(
    (
      await statusOf(() =>
        edit.action(
          args(
            admin,
            `/staff/content/docs/${row!.id}`,
            { collection: "docs", id: row!.id },
            form({ ...doc, title: "Start here" }),
          ),
        ),
      )
    ).status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM documentation WHERE id = ? AND title = 'Start here'", row!.id)).toBe(1);
  expect(
    await count("SELECT count(*) AS n FROM staff_audit_log WHERE action = 'content.update' AND target_id = ?", row!.id),
  ).toBe(1);

  expect(
    (
      await statusOf(() =>
        list.action(
          args(admin, "/staff/content/docs", { collection: "docs" }, form({ intent: "publish", id: row!.id })),
        ),
      )
    ).status,
  ).toBe(303);
  expect(await count("SELECT count(*) AS n FROM documentation WHERE id = ? AND is_published = 1", row!.id)).toBe(1);
  expect(
    await count(
      "SELECT count(*) AS n FROM staff_audit_log WHERE action = 'content.publish' AND target_id = ?",
      row!.id,
    ),
  ).toBe(1);

  const duplicate = await statusOf(() =>
    edit.action(
      args(admin, "/staff/content/docs/new", { collection: "docs", id: "new" }, form({ ...doc, title: "Another" })),
    ),
  );
  expect(duplicate.status).toBe(400);
  expect(await count("SELECT count(*) AS n FROM documentation")).toBe(1);
  expect(await count("SELECT count(*) AS n FROM staff_audit_log WHERE action = 'content.create'")).toBe(1);
});

test("lists become JSON arrays and tutorial steps become {title, content}", async () => {
  expect(
    (
      await statusOf(() =>
        edit.action(
          args(
            admin,
            "/staff/content/tiers/new",
            { collection: "tiers", id: "new" },
            form({
              intent: "save",
              name: "Pro",
              price_monthly: "999",
              price_yearly: "9990",
              token_allowance: "5",
              features: "Fast\n\n Friendly \n",
              priority_support: "on",
            }),
          ),
        ),
      )
    ).status,
  ).toBe(303);
  const tier = await env.DB.prepare(
    "SELECT features, priority_support FROM subscription_tiers WHERE name = 'Pro'",
  ).first<{ features: string; priority_support: number }>();
  expect(JSON.parse(tier!.features)).toEqual(["Fast", "Friendly"]);
  expect(tier!.priority_support).toBe(1);
  expect(
    (
      await statusOf(() =>
        edit.action(
          args(
            admin,
            "/staff/content/tutorials/new",
            { collection: "tutorials", id: "new" },
            form({
              intent: "save",
              title: "First bot",
              category: "bots",
              difficulty: "beginner",
              estimated_time: "5",
              steps: "## Open the form\nGo to **New bot**.\n\n## Save\nPress save.",
            }),
          ),
        ),
      )
    ).status,
  ).toBe(303);
  const tutorial = await env.DB.prepare("SELECT steps FROM tutorials WHERE title = 'First bot'").first<{
    steps: string;
  }>();
  expect(JSON.parse(tutorial!.steps)).toEqual([
    { title: "Open the form", content: "Go to **New bot**." },
    { title: "Save", content: "Press save." },
  ]);
});

test("crisis resources keep their source and last-checked date; an empty date stays empty, a bad one is a 400", async () => {
  const resource = {
    intent: "save",
    name: "Test Line",
    description: "",
    category: "hotline",
    type: "general",
    region: "uk",
    contact_phone: "116 123",
    contact_text: "",
    contact_chat: "",
    website: "",
    hours: "",
    source_url: "https://example.org/helplines",
  };
  expect(
    (
      await statusOf(() =>
        edit.action(
          args(
            admin,
            "/staff/content/crisis/new",
            { collection: "crisis", id: "new" },
            form({ ...resource, last_checked: "2026-11-30" }),
          ),
        ),
      )
    ).status,
  ).toBe(303);
  expect(
    await env.DB.prepare("SELECT last_checked FROM crisis_support WHERE name = 'Test Line'").first("last_checked"),
  ).toBe("2026-11-30");
  expect(
    (
      await statusOf(() =>
        edit.action(
          args(
            admin,
            "/staff/content/crisis/new",
            { collection: "crisis", id: "new" },
            form({ ...resource, name: "Undated Line", last_checked: "" }),
          ),
        ),
      )
    ).status,
  ).toBe(303);
  expect(
    await env.DB.prepare("SELECT last_checked FROM crisis_support WHERE name = 'Undated Line'").first("last_checked"),
  ).toBeNull();
  expect(
    (
      await statusOf(() =>
        edit.action(
          args(
            admin,
            "/staff/content/crisis/new",
            { collection: "crisis", id: "new" },
            form({ ...resource, name: "Bad Date", last_checked: "last week" }),
          ),
        ),
      )
    ).status,
  ).toBe(400);
});

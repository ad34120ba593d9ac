/**
 * Personas through their real actions: every field saved, only one default, avatars
 * checked by content, and nobody edits or deletes someone else's persona.
 */
import { env } from "cloudflare:test";
import { RouterContextProvider } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { appContext, userContext } from "~/lib/context";
import { createServices } from "~/lib/services";
import { action as editAction } from "~/routes/personas/edit";
import { action as listAction } from "~/routes/personas/index";
import { action as newAction } from "~/routes/personas/new";
import { action as publicAction } from "~/routes/personas/public";

const db = createDb(env.DB);

beforeAll(async () => {
  await db
    .insertInto("users")
    .values([
      { id: "p-owner", email: "p-owner@example.com" },
      { id: "p-other", email: "p-other@example.com" },
    ])
    .execute();
});

function contextFor(userId: string) {
  const context = new RouterContextProvider();
  context.set(appContext, { env, db, services: createServices(env), waitUntil: () => {}, nonce: "n" });
  context.set(userContext, {
    id: userId,
    email: `${userId}@example.com`,
    displayName: userId,
    role: "user",
    preferences: {},
  });
  return context;
}

async function call(
  action: (args: never) => unknown,
  userId: string,
  fields: Record<string, string | File>,
  params: Record<string, string> = {},
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  try {
    return (await action({
      request: new Request("http://localhost/personas", { method: "POST", body }),
      context: contextFor(userId),
      params,
    } as never)) as { init?: { status: number }; data?: unknown } | Response;
  } catch (thrown) {
    return thrown as Response | { init: { status: number } };
  }
}

const fullPersona = {
  intent: "save",
  name: "Wren",
  description: "A retired captain.",
  personality_traits: "bravery: 9\nPatience = 4.5",
  communication_style: "direct",
  topics_of_interest: "knots, storms, knots",
  signature_phrases: "Steady as she goes\nAll hands!",
  response_length: "concise",
  humor_level: "subtle",
  formality_level: "balanced",
  emotional_expressiveness: "reserved",
  is_default: "on",
  is_public: "on",
};

const statusOf = (result: unknown) =>
  result instanceof Response ? result.status : (result as { init: { status: number } }).init.status;

test("every field is saved, lists are cleaned, traits parsed", async () => {
  expect(statusOf(await call(newAction, "p-owner", fullPersona))).toBe(302);
  const row = await db
    .selectFrom("personas")
    .selectAll()
    .where("user_id", "=", "p-owner")
    .where("name", "=", "Wren")
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({
    description: "A retired captain.",
    communication_style: "direct",
    response_length: "concise",
    humor_level: "subtle",
    formality_level: "balanced",
    emotional_expressiveness: "reserved",
    is_default: 1,
    is_public: 1,
    avatar_id: null,
  });
  expect(JSON.parse(row.personality_traits)).toEqual({ bravery: 9, patience: 4.5 });
  expect(JSON.parse(row.topics_of_interest)).toEqual(["knots", "storms"]);
  expect(JSON.parse(row.signature_phrases)).toEqual(["Steady as she goes", "All hands!"]);
});

test("only one default: a new default replaces the old one, and 'make default' moves it", async () => {
  await call(newAction, "p-owner", { ...fullPersona, name: "Second" });
  const defaults = async () =>
    (
      await db
        .selectFrom("personas")
        .select("name")
        .where("user_id", "=", "p-owner")
        .where("is_default", "=", 1)
        .execute()
    ).map((r) => r.name);
  expect(await defaults()).toEqual(["Second"]);
  const wren = await db.selectFrom("personas").select("id").where("name", "=", "Wren").executeTakeFirstOrThrow();
  expect(statusOf(await call(listAction, "p-owner", { intent: "make-default", personaId: wren.id }))).toBe(302);
  expect(await defaults()).toEqual(["Wren"]);
  // Someone else cannot move my default.
  expect(statusOf(await call(listAction, "p-other", { intent: "make-default", personaId: wren.id }))).toBe(404);
  expect(await defaults()).toEqual(["Wren"]);
});

test("bad input answers 400 with the fields kept; a fake image is refused by its content", async () => {
  const bad = (await call(newAction, "p-owner", {
    ...fullPersona,
    name: "",
    communication_style: "shouty",
    personality_traits: "nope",
  })) as { init: { status: number }; data: { fieldErrors: Record<string, string[]>; values: Record<string, string> } };
  expect(bad.init.status).toBe(400);
  expect(Object.keys(bad.data.fieldErrors).sort()).toEqual(["communication_style", "name", "personality_traits"]);
  expect(bad.data.values.description).toBe("A retired captain.");

  const fake = new File([new TextEncoder().encode("<svg onload=alert(1)>")], "avatar.png", { type: "image/png" });
  const refused = (await call(newAction, "p-owner", { ...fullPersona, name: "Fake", avatar: fake })) as {
    init: { status: number };
    data: { fieldErrors: Record<string, string[]> };
  };
  expect(refused.init.status).toBe(400);
  expect(refused.data.fieldErrors.avatar?.[0]).toContain("not a PNG");
  expect(await db.selectFrom("personas").select("id").where("name", "=", "Fake").executeTakeFirst()).toBeUndefined();
});

test("someone else's persona cannot be edited or deleted; a public one can be copied", async () => {
  const wren = await db.selectFrom("personas").select("id").where("name", "=", "Wren").executeTakeFirstOrThrow();
  await expect(
    call(editAction, "p-other", { ...fullPersona, name: "Hijacked" }, { personaId: wren.id }),
  ).resolves.toMatchObject({ init: { status: 404 } });
  await expect(call(editAction, "p-other", { intent: "delete" }, { personaId: wren.id })).resolves.toMatchObject({
    init: { status: 404 },
  });
  expect(
    (await db.selectFrom("personas").select("name").where("id", "=", wren.id).executeTakeFirstOrThrow()).name,
  ).toBe("Wren");

  const copied = await call(publicAction, "p-other", { intent: "copy", personaId: wren.id });
  expect(statusOf(copied)).toBe(302);
  const copy = await db
    .selectFrom("personas")
    .select(["name", "is_default", "is_public", "signature_phrases"])
    .where("user_id", "=", "p-other")
    .executeTakeFirstOrThrow();
  expect(copy).toEqual({
    name: "Wren",
    is_default: 0,
    is_public: 0,
    signature_phrases: JSON.stringify(["Steady as she goes", "All hands!"]),
  });

  await db.updateTable("personas").set({ is_public: 0 }).where("id", "=", wren.id).execute();
  expect(statusOf(await call(publicAction, "p-other", { intent: "copy", personaId: wren.id }))).toBe(404);
  expect(statusOf(await call(editAction, "p-owner", { intent: "delete" }, { personaId: wren.id }))).toBe(302);
});

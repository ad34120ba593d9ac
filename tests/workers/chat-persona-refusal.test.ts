/**
 * Mutation-review hole (issue 8): starting a chat as another user's private persona was
 * only tested with a persona id that does not exist. Here the persona is real, private and
 * someone else's: refused, and nothing is created — while your own persona, or a public
 * one, is accepted (so the refusal is about ownership, not about the id).
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { signedInAs, type Client } from "../support/worker-fetch";

let bob: Client;

beforeAll(async () => {
  const sql = (query: string) => env.DB.prepare(query);
  await env.DB.batch([
    sql(
      "INSERT INTO users (id, email, role) VALUES ('u-alice', 'alice@example.com', 'user'), ('u-bob', 'bob@example.com', 'user')",
    ),
    sql(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public) VALUES ('b-bob', 'Bob Bot', 'bob-bot', 'u-bob', 1)",
    ),
    sql(
      "INSERT INTO personas (id, name, user_id, is_public) VALUES ('p-alice-private', 'Alice Private', 'u-alice', 0), ('p-alice-public', 'Alice Public', 'u-alice', 1), ('p-bob', 'Bob Self', 'u-bob', 0)",
    ),
    sql(
      "INSERT INTO conversations (id, title, user_id, bot_id, persona_id) VALUES ('c-bob', 'Bob chat', 'u-bob', 'b-bob', 'p-bob')",
    ),
  ]);
  bob = await signedInAs("u-bob");
});

const conversationsOfBob = async () =>
  (
    await env.DB.prepare("SELECT id, persona_id FROM conversations WHERE user_id = 'u-bob' ORDER BY id").all<{
      id: string;
      persona_id: string | null;
    }>()
  ).results;

test("starting a chat as another user's private persona is refused and creates nothing", async () => {
  const before = await conversationsOfBob();
  const refused = await bob.post("/chat/new", { botId: "b-bob", personaId: "p-alice-private" });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain("Pick one of your personas.");
  expect(await conversationsOfBob()).toEqual(before);
});

test("your own persona, or someone's public one, starts the chat as that persona", async () => {
  for (const personaId of ["p-bob", "p-alice-public"]) {
    const started = await bob.post("/chat/new", { botId: "b-bob", personaId });
    expect(started.status, personaId).toBe(302);
    const id = started.location!.replace("/chat/", "");
    const row = await env.DB.prepare("SELECT persona_id FROM conversations WHERE id = ?")
      .bind(id)
      .first<{ persona_id: string }>();
    expect(row!.persona_id).toBe(personaId);
  }
});

test("switching a conversation to another user's private persona is refused and keeps the persona", async () => {
  const refused = await bob.post("/chat/c-bob", {
    intent: "settings",
    personaId: "p-alice-private",
    provider: "local",
    model: "",
  });
  expect(refused.status).toBe(400);
  const row = await env.DB.prepare("SELECT persona_id FROM conversations WHERE id = 'c-bob'").first<{
    persona_id: string;
  }>();
  expect(row!.persona_id).toBe("p-bob");
});

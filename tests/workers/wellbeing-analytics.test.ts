/**
 * Analytics rollups and scheduled work inside workerd: the usage rollup equals a recount
 * of the rows it summarises (written in the same batch as each event); a minor is never
 * served an NSFW bot; the scheduled handler's jobs are idempotent (run twice, same rows).
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { createDb } from "#db/client";
import { wantsNsfw } from "~/lib/bots/access";
import { startConversation } from "~/lib/chat/conversations";
import { createEntry } from "~/lib/knowledge/entries";
import { runScheduledJobs } from "~/lib/scheduled/jobs";
import { createServices } from "~/lib/services";
import { minorContentGate } from "~/lib/wellbeing/gates";
import { wellbeingSettledHook } from "~/lib/wellbeing/settled";
import type { CurrentUser } from "~/lib/auth/user";

const db = createDb(env.DB);
const d1 = env.DB;

beforeAll(async () => {
  await d1.batch([
    d1.prepare(
      "INSERT INTO users (id, email, age_group) VALUES ('adult', 'adult@example.com', 'adult'), ('minor', 'minor@example.com', 'minor'), ('maker', 'maker@example.com', 'adult')",
    ),
    d1.prepare(
      "INSERT INTO bots (id, name, slug, created_by_id, is_public, is_nsfw) VALUES ('sfw', 'Pal', 'pal', 'maker', 1, 0), ('nsfw', 'Night', 'night', 'maker', 1, 1)",
    ),
  ]);
});

test("the usage rollup equals a recount of conversations, knowledge and settled replies", async () => {
  const user = { id: "adult", displayName: "Adult" };
  const started = [
    await startConversation(db, d1, user, { botId: "sfw" }),
    await startConversation(db, d1, user, { botId: "sfw" }),
  ];
  expect(started.every((r) => r.ok)).toBe(true);
  const services = createServices(env as unknown as Env);
  const ctx = { db, d1, services, waitUntil: () => {} };
  await createEntry(ctx, "adult", {
    title: "Lore",
    content: "The dragon sleeps.",
    content_type: "world_info",
    source_url: null,
    priority: "normal",
    collection_id: null,
    bot_id: null,
    world_info: {},
  });
  const now = Date.now();
  for (const [i, id] of ["a1", "a2", "a3", "a3"].entries()) {
    await wellbeingSettledHook.onSettled({
      db,
      d1,
      env: env as unknown as Env,
      userId: "adult",
      conversationId: "x",
      messageId: id,
      replyKey: `${id}-key`,
      intent: "send",
      provider: "local",
      keyId: null,
      promptTokens: 10,
      completionTokens: 5,
      status: "complete",
      now: new Date(now + i * 1000),
    });
  }
  const today = new Date().toISOString().slice(0, 10);
  const rollup = await d1
    .prepare(
      "SELECT conversations_started, knowledge_added, messages_sent, tokens_used FROM usage_analytics WHERE user_id = 'adult' AND date = ?",
    )
    .bind(today)
    .first();
  const recount = await d1
    .prepare(
      `SELECT (SELECT count(*) FROM conversations WHERE user_id = 'adult' AND substr(created_at, 1, 10) = ?1) AS conversations_started,
              (SELECT count(*) FROM knowledge WHERE created_by_id = 'adult' AND substr(created_at, 1, 10) = ?1) AS knowledge_added,
              (SELECT count(*) FROM analytics_settled_replies WHERE substr(settled_at, 1, 10) = ?1) AS messages_sent,
              (SELECT count(*) * 15 FROM analytics_settled_replies WHERE substr(settled_at, 1, 10) = ?1) AS tokens_used`,
    )
    .bind(today)
    .first();
  expect(rollup).toEqual(recount);
  expect(rollup).toEqual({ conversations_started: 2, knowledge_added: 1, messages_sent: 3, tokens_used: 45 });
});

test("a minor is never served NSFW bots: not on Explore, not at chat start, not in a turn", async () => {
  const minor: CurrentUser = {
    id: "minor",
    email: "minor@example.com",
    displayName: "M",
    role: "user",
    preferences: { nsfw: true },
    ageGroup: "minor",
  };
  const adult: CurrentUser = { ...minor, id: "adult", ageGroup: "adult" };
  expect(wantsNsfw(minor)).toBe(false);
  expect(wantsNsfw(adult)).toBe(true);
  expect(
    await startConversation(db, d1, { id: "minor", displayName: "M", ageGroup: "minor" }, { botId: "nsfw" }),
  ).toMatchObject({ ok: false, field: "botId" });
  expect(
    (await startConversation(db, d1, { id: "minor", displayName: "M", ageGroup: "minor" }, { botId: "sfw" })).ok,
  ).toBe(true);
  const turn = (ageGroup: "minor" | "adult", botId: string) => ({
    db,
    d1,
    env: env as unknown as Env,
    user: { id: ageGroup, ageGroup },
    conversationId: "c",
    botId,
    intent: "send" as const,
    userMessage: "hi",
    provider: "local",
    keyId: null,
    country: null,
    now: new Date(),
  });
  expect((await minorContentGate.check(turn("minor", "nsfw"))).refusal).toMatchObject({ status: 403 });
  expect((await minorContentGate.check(turn("minor", "sfw"))).refusal).toBeUndefined();
  expect((await minorContentGate.check(turn("adult", "nsfw"))).refusal).toBeUndefined();
});

test("the scheduled handler is idempotent: usage resets, cool-downs, insights, pruning — twice, same rows", async () => {
  const at = Date.parse("2026-12-02T01:00:00Z");
  await d1.batch([
    d1.prepare("INSERT INTO users (id, email) VALUES ('sched', 'sched@example.com')"),
    // Tokyo is UTC+9: at 01:00Z it is already Dec 2 there, so yesterday's usage resets; a raise whose cool-down passed applies.
    d1.prepare(
      "INSERT INTO self_moderation (id, user_id, time_zone, usage_day, usage_week, daily_usage_seconds, current_daily_usage, weekly_usage_seconds, daily_limit, pending_daily_limit, pending_effective_at) VALUES ('sm', 'sched', 'Asia/Tokyo', '2026-12-01', '2026-11-30', 900, 15, 900, 10, 45, '2026-12-02T00:30:00.000Z')",
    ),
    d1.prepare("INSERT INTO personas (id, name, user_id) VALUES ('p1', 'Knight', 'sched')"),
    d1.prepare(
      "INSERT INTO conversations (id, user_id, bot_id, persona_id, last_message_at) VALUES ('sc', 'sched', 'sfw', 'p1', '2026-12-02T00:40:00.000Z')",
    ),
    d1.prepare(
      "INSERT INTO messages (id, conversation_id, role, sender_type, seq, created_at) VALUES ('sm1', 'sc', 'user', 'persona', 1, '2026-12-02T00:00:00.000Z'), ('sm2', 'sc', 'assistant', 'bot', 2, '2026-12-02T00:10:00.000Z'), ('sm3', 'sc', 'user', 'persona', 3, '2026-12-02T00:40:00.000Z')",
    ),
    d1.prepare(
      "INSERT INTO memories (id, user_id, conversation_id, memory_type, content, importance, access_count) VALUES ('mem1', 'sched', 'sc', 'long_term', 'The knight swore an oath', 1, 2), ('mem2', 'sched', 'sc', 'episodic', 'They met at the inn', 0.5, 0)",
    ),
    d1.prepare(
      "INSERT INTO memories (id, user_id, conversation_id, memory_type, content, importance, expires_at) VALUES ('old', 'sched', 'sc', 'short_term', 'stale', 0.1, '2026-12-01T00:00:00.000Z')",
    ),
  ]);
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all([
        d1.prepare("SELECT * FROM self_moderation WHERE user_id = 'sched'").first(),
        d1
          .prepare(
            "SELECT conversation_id, memory_depth, story_coherence, character_development, key_events, computed_at FROM memory_insights",
          )
          .all()
          .then((r) => r.results),
        d1
          .prepare(
            "SELECT persona_id, conversations_count, average_session_length, engagement_score, consistency_score, computed_at FROM persona_analytics",
          )
          .all()
          .then((r) => r.results),
        d1
          .prepare("SELECT id FROM memories ORDER BY id")
          .all()
          .then((r) => r.results),
      ]),
    );
  const first = await runScheduledJobs(env as unknown as Env, at, "0 * * * *");
  expect(first.every((o) => o.ok)).toBe(true);
  const afterFirst = await snapshot();
  expect(await runScheduledJobs(env as unknown as Env, at, "0 * * * *")).toEqual(first);
  expect(await snapshot()).toBe(afterFirst);

  const sm = await d1
    .prepare(
      "SELECT usage_day, daily_usage_seconds, current_daily_usage, weekly_usage_seconds, daily_limit, pending_daily_limit, pending_effective_at FROM self_moderation WHERE user_id = 'sched'",
    )
    .first();
  expect(sm).toEqual({
    usage_day: "2026-12-02",
    daily_usage_seconds: 0,
    current_daily_usage: 0,
    weekly_usage_seconds: 900,
    daily_limit: 45,
    pending_daily_limit: null,
    pending_effective_at: null,
  });
  const insight = await d1
    .prepare(
      "SELECT memory_depth, story_coherence, character_development FROM memory_insights WHERE conversation_id = 'sc'",
    )
    .first();
  expect(insight).toEqual({ memory_depth: 25.9, story_coherence: 50, character_development: 50 });
  const persona = await d1
    .prepare(
      "SELECT conversations_count, average_session_length, engagement_score FROM persona_analytics WHERE persona_id = 'p1'",
    )
    .first();
  // Messages at 00:00, 00:10 and 00:40: the 30-minute gap is not over 30, so one 40-minute session.
  expect(persona).toEqual({ conversations_count: 1, average_session_length: 40, engagement_score: 9.5 });
  expect((await d1.prepare("SELECT id FROM memories ORDER BY id").all()).results).toEqual([
    { id: "mem1" },
    { id: "mem2" },
  ]);
});

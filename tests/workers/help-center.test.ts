/**
 * The help center against the seeded articles: FTS5 search with prefix matching and
 * escaped highlighted snippets, view counts written after the response, one helpful-vote
 * per person or visitor, and tutorial progress per person.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { helpSeed } from "#db/seed/help";
import { searchHelp } from "~/lib/help/search";
import * as article from "~/routes/help/article";
import * as helpIndex from "~/routes/help/index";
import * as tutorial from "~/routes/help/tutorial";
import { args, db, form, insertUsers, person, statusOf } from "../support/route-calls";

const reader = person("reader");
const staff = person("staffer", "support");

beforeAll(async () => {
  await insertUsers(reader, staff);
  await env.DB.batch(helpSeed().map((statement) => env.DB.prepare(statement)));
});

test("the seed has at least 12 published articles and 4 tutorials", async () => {
  expect(
    await env.DB.prepare("SELECT COUNT(*) FROM documentation WHERE is_published = 1").first("COUNT(*)"),
  ).toBeGreaterThanOrEqual(12);
  expect(
    await env.DB.prepare("SELECT COUNT(*) FROM tutorials WHERE is_published = 1").first("COUNT(*)"),
  ).toBeGreaterThanOrEqual(4);
});

test("search matches word prefixes: 'memo' finds the memories article, with the match highlighted", async () => {
  const hits = await searchHelp(db, "memo");
  expect(hits.map((h) => h.slug)).toContain("memories");
  const memories = hits.find((h) => h.slug === "memories")!;
  expect(memories.snippet.some((part) => part.match && /^memo/i.test(part.text))).toBe(true);
  // Several words must all match.
  expect((await searchHelp(db, "ollama localhost")).map((h) => h.slug)).toEqual(["own-api-key-local-model"]);
});

test("search text never reaches FTS5 syntax, and nothing found suggests categories", async () => {
  for (const q of [
    '"',
    "memo*",
    "NEAR(",
    "title:x",
    "-",
    "a OR b AND",
    "<script>alert(1)</script>",
    "x".repeat(5000),
  ]) {
    const outcome = await statusOf(() => helpIndex.loader(args(null, `/help?q=${encodeURIComponent(q)}`) as never));
    expect(outcome.status).toBe(200);
  }
  const none = await statusOf(() => helpIndex.loader(args(null, "/help?q=zzzyyyxxx") as never));
  expect(none.body).toMatchObject({ q: "zzzyyyxxx", results: [] });
});

test("a misspelt search finds the article and says what it searched for instead", async () => {
  const outcome = await statusOf(() => helpIndex.loader(args(null, "/help?q=memroies") as never));
  const body = outcome.body as { corrected: string | null; results: { slug: string }[] };
  expect(body.corrected).toBe("memories");
  expect(body.results.map((r) => r.slug)).toContain("memories");
  // Words that match as typed are never "corrected".
  const exact = await statusOf(() => helpIndex.loader(args(null, "/help?q=memo") as never));
  expect((exact.body as { corrected: string | null }).corrected).toBeNull();
});

test("an edited article is found by its new words (the FTS index follows the table)", async () => {
  await env.DB.prepare(
    "UPDATE documentation SET content = content || ' Quokkas welcome.' WHERE slug = 'personas'",
  ).run();
  expect((await searchHelp(db, "quokka")).map((h) => h.slug)).toEqual(["personas"]);
});

test("the index lists featured articles first within categories", async () => {
  const outcome = await statusOf(() => helpIndex.loader(args(null, "/help") as never));
  const groups = (outcome.body as { groups: { category: string; articles: { slug: string; is_featured: number }[] }[] })
    .groups;
  const features = groups.find((g) => g.category === "features")!;
  expect(features.articles[0]!.slug).toBe("create-a-bot");
});

test("a view is counted after the response, not before it", async () => {
  const before = await env.DB.prepare("SELECT view_count FROM documentation WHERE slug = 'memories'").first<number>(
    "view_count",
  );
  const call = args(null, "/help/memories", { slug: "memories" });
  const outcome = await statusOf(() => article.loader(call as never));
  expect(outcome.status).toBe(200);
  expect(call.waited).toHaveLength(1);
  await Promise.all(call.waited);
  expect(await env.DB.prepare("SELECT view_count FROM documentation WHERE slug = 'memories'").first("view_count")).toBe(
    before! + 1,
  );
});

test("one helpful-vote per person: voting again replaces the vote; staff see the counts", async () => {
  const vote = (user: typeof reader | null, helpful: string, cookie?: string) =>
    statusOf(() =>
      article.action(
        args(
          user,
          "/help/memories",
          { slug: "memories" },
          form({ intent: "vote", helpful }, cookie ? { Cookie: cookie } : {}),
        ) as never,
      ),
    );
  expect((await vote(reader, "yes")).status).toBe(303);
  await vote(reader, "no");
  // A signed-out visitor gets a cookie and counts once too.
  const first = await vote(null, "yes");
  const visitorCookie = first.headers!.get("Set-Cookie")!.split(";")[0]!;
  expect(visitorCookie).toMatch(/^botcafe_visitor=/);
  await vote(null, "yes", visitorCookie);
  const { results } = await env.DB.prepare(
    "SELECT voter_key, helpful FROM help_votes v JOIN documentation d ON d.id = v.document_id WHERE d.slug = 'memories' ORDER BY voter_key",
  ).all();
  expect(results).toEqual([
    { voter_key: "user:reader", helpful: 0 },
    { voter_key: expect.stringMatching(/^visitor:/), helpful: 1 },
  ]);
  const seenByStaff = await statusOf(() =>
    article.loader(args(staff, "/help/memories", { slug: "memories" }) as never),
  );
  expect(seenByStaff.body).toMatchObject({ votes: { total: 2, helpful: 1 } });
  const seenByReader = await statusOf(() =>
    article.loader(args(reader, "/help/memories", { slug: "memories" }) as never),
  );
  expect(seenByReader.body).toMatchObject({ votes: null });
  expect((await vote(reader, "maybe")).status).toBe(400);
  expect(
    (
      await statusOf(() =>
        article.action(args(reader, "/help/nope", { slug: "nope" }, form({ intent: "vote", helpful: "yes" })) as never),
      )
    ).status,
  ).toBe(404);
});

test("tutorial progress is kept per person and shown as 'n of m done'", async () => {
  const mark = (user: typeof reader, intent: string, step: string) =>
    statusOf(() =>
      tutorial.action(
        args(
          user,
          "/tutorials/tutorial-first-bot",
          { tutorialId: "tutorial-first-bot" },
          form({ intent, step }),
        ) as never,
      ),
    );
  expect((await mark(reader, "done", "1")).status).toBe(303);
  await mark(reader, "done", "3");
  await mark(reader, "done", "3");
  const page = await statusOf(() =>
    tutorial.loader(args(reader, "/tutorials/tutorial-first-bot", { tutorialId: "tutorial-first-bot" }) as never),
  );
  expect(page.body).toMatchObject({ done: [1, 3] });
  expect((page.body as { steps: unknown[] }).steps).toHaveLength(5);
  // Someone else's page is theirs alone.
  const staffPage = await statusOf(() =>
    tutorial.loader(args(staff, "/tutorials/tutorial-first-bot", { tutorialId: "tutorial-first-bot" }) as never),
  );
  expect(staffPage.body).toMatchObject({ done: [] });
  await mark(reader, "undo", "1");
  expect(
    (
      await statusOf(() =>
        tutorial.loader(args(reader, "/tutorials/tutorial-first-bot", { tutorialId: "tutorial-first-bot" }) as never),
      )
    ).body,
  ).toMatchObject({ done: [3] });
  // Steps that do not exist and bad input are refused.
  expect((await mark(reader, "done", "99")).status).toBe(404);
  expect((await mark(reader, "done", "abc")).status).toBe(400);
  // Signed out, marking a step sends you to sign in.
  const signedOut = await statusOf(() =>
    tutorial.action(
      args(
        null,
        "/tutorials/tutorial-first-bot",
        { tutorialId: "tutorial-first-bot" },
        form({ intent: "done", step: "1" }),
      ) as never,
    ),
  );
  expect(signedOut.location).toMatch(/^\/sign-in/);
});

/**
 * The public pages Lighthouse audits in CI (tests/lighthouse/run.ts) tell search engines what
 * they are: a description made from their content, one absolute canonical URL (query strings
 * normalised, notices dropped), and headings that never skip a level. Checked here on every
 * test run, in seconds, rather than only by the slow Lighthouse step.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { anonymous, ORIGIN } from "../support/worker-fetch";

beforeAll(async () => {
  const q = (sql: string, ...values: unknown[]) => env.DB.prepare(sql).bind(...values);
  await env.DB.batch([
    q("INSERT INTO users (id, email, display_name) VALUES ('maker', 'maker@example.com', 'Maker')"),
    q(
      "INSERT INTO creator_profiles (id, user_id, username, display_name, bio) VALUES ('cp-maker', 'maker', 'maker', 'Maker Jones', 'I make cosy fantasy characters.')",
    ),
    q(
      "INSERT INTO bots (id, name, slug, description, tags, is_public, created_by_id) VALUES ('b1', 'Lantern Keeper', 'lantern-keeper', 'Keeps the harbour light and tells sea stories.', '[\"fantasy\"]', 1, 'maker')",
    ),
    q(
      "INSERT INTO bots (id, name, slug, description, tags, is_public, created_by_id) VALUES ('b2', 'Quiet One', 'quiet-one', '', '[]', 1, 'maker')",
    ),
    q(
      "INSERT INTO documentation (id, title, slug, content, category, is_published) VALUES ('d1', 'Start here', 'start-here', 'Hello.', 'getting-started', 1)",
    ),
  ]);
});

function head(html: string) {
  const description = /<meta name="description" content="([^"]*)"/.exec(html)?.[1];
  const canonicals = [...html.matchAll(/<link rel="canonical" href="([^"]*)"/g)].map((m) =>
    m[1]!.replaceAll("&amp;", "&"),
  );
  return { description, canonicals };
}

/** Heading levels in document order; each may go at most one deeper than the one before. */
function skippedHeadings(html: string): string[] {
  const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
  return levels.flatMap((level, i) => (i > 0 && level > levels[i - 1]! + 1 ? [`h${levels[i - 1]} → h${level}`] : []));
}

const PAGES: [path: string, canonical: string][] = [
  ["/", "/"],
  ["/bots", "/bots"],
  ["/bots/lantern-keeper", "/bots/lantern-keeper"],
  ["/help", "/help"],
  ["/creators", "/creators"],
  ["/creators/maker", "/creators/maker"],
];

test.each(PAGES)(
  "%s has a description, an absolute canonical URL and no skipped heading level",
  async (path, canonical) => {
    const page = await anonymous.get(path);
    expect(page.status).toBe(200);
    const { description, canonicals } = head(page.text);
    expect(description?.trim().length, "meta description").toBeGreaterThan(40);
    expect(description!.length).toBeLessThanOrEqual(155);
    expect(canonicals).toEqual([`${ORIGIN}${canonical}`]);
    expect(skippedHeadings(page.text)).toEqual([]);
  },
);

test("descriptions come from the page's content", async () => {
  expect(head((await anonymous.get("/bots/lantern-keeper")).text).description).toBe(
    "Keeps the harbour light and tells sea stories.",
  );
  // A bot with no description still gets one: who it is and who made it.
  expect(head((await anonymous.get("/bots/quiet-one")).text).description).toBe(
    "Quiet One, an AI character by Maker Jones. Start a chat on BotCafe.",
  );
  expect(head((await anonymous.get("/bots")).text).description).toMatch(
    /^Explore 2 public AI characters on BotCafe — fantasy and more\./,
  );
  expect(head((await anonymous.get("/creators/maker")).text).description).toBe(
    "I make cosy fantasy characters. · 2 public bots on BotCafe.",
  );
  expect(head((await anonymous.get("/help")).text).description).toMatch(
    /^How BotCafe works, step by step: getting started\./,
  );
  expect(head((await anonymous.get("/creators")).text).description).toMatch(/1 creator, featured first/);
});

test("filtered and paged pages name their normalised address; notices are not part of it", async () => {
  expect(head((await anonymous.get("/bots?sort=recommended&page=1&utm_source=x&q=+keeper+")).text).canonicals).toEqual([
    `${ORIGIN}/bots?q=keeper`,
  ]);
  expect(head((await anonymous.get("/bots?tag=fantasy&q=lantern")).text).canonicals).toEqual([
    `${ORIGIN}/bots?q=lantern&tag=fantasy`,
  ]);
  expect(head((await anonymous.get("/bots/lantern-keeper?done=share")).text).canonicals).toEqual([
    `${ORIGIN}/bots/lantern-keeper`,
  ]);
  expect(head((await anonymous.get("/creators?q=make&page=1&x=1")).text).canonicals).toEqual([
    `${ORIGIN}/creators?q=make`,
  ]);
  expect(head((await anonymous.get("/help?q=start")).text).canonicals).toEqual([`${ORIGIN}/help?q=start`]);
});

test("descriptions longer than a search snippet are cut at a word", async () => {
  const long = `${"A harbour story about lanterns and tides. ".repeat(8)}`;
  await env.DB.prepare("UPDATE bots SET description = ? WHERE id = 'b1'").bind(long).run();
  const { description } = head((await anonymous.get("/bots/lantern-keeper")).text);
  expect(description!.length).toBeLessThanOrEqual(155);
  expect(description).toMatch(/ [a-z]+…$/);
  expect(long.startsWith(description!.slice(0, -1))).toBe(true);
});

/**
 * Every link goes somewhere. Signed in as each demo account (over the demo data `npm start`
 * seeds), start at the home page and follow, breadth first, every internal link `href` and
 * every form `action` on every page reached:
 * - links: GET; a redirect is followed like a link from the same page;
 * - GET forms: submitted with every field empty;
 * - POST forms: never submitted (they change things). The action path must exist: its GET
 *   answers something other than 404/5xx, or — for an action-only path — a POST with an
 *   empty body does (every action refuses an empty body before it changes anything).
 * Nothing ever goes to /sign-out. Bounded: at most 3 URLs per route pattern, 400 per role.
 * Any 404 or 5xx fails, naming the page that linked to it. Then each role must have
 * reached every area the header menu promises it (support, mood, activity, …). Signed
 * out too: the pages everyone sees.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { seedDemoData } from "../support/demo-data";
import { routeIdFor } from "../support/page-forms";
import { anonymous, ORIGIN, signedInAs, type Client, type WorkerResponse } from "../support/worker-fetch";

const MAX_PAGES = 400;
const PER_ROUTE = 3;
/** Paths never requested: they end the session (or the account). */
const NEVER = [/^\/sign-out$/];

interface Found {
  /** Path plus query, e.g. "/bots?tag=fantasy". */
  url: string;
  method: "GET" | "POST";
  /** The page that linked to it ("(start)" for the first page). */
  from: string;
  what: "link" | "GET form" | "POST form" | "redirect";
}

interface Failure {
  url: string;
  status: number;
  from: string;
  what: string;
}

/** Internal hrefs and form targets on one HTML page, resolved against its URL. */
async function linksOn(html: string, pageUrl: string): Promise<Omit<Found, "from">[]> {
  const found: Omit<Found, "from">[] = [];
  let getForm: { action: URL; names: string[] } | null = null;
  const internal = (raw: string | null): URL | null => {
    if (raw === null) return null;
    const url = new URL(raw, pageUrl);
    return url.origin === ORIGIN ? url : null;
  };
  await new HTMLRewriter()
    .on("a[href]", {
      element(el) {
        const url = internal(el.getAttribute("href"));
        if (url) found.push({ url: url.pathname + url.search, method: "GET", what: "link" });
      },
    })
    .on("form", {
      element(el) {
        const url = internal(el.getAttribute("action") ?? pageUrl);
        if (!url) return;
        if ((el.getAttribute("method") ?? "get").toLowerCase() === "post") {
          getForm = null;
          found.push({ url: url.pathname + url.search, method: "POST", what: "POST form" });
          return;
        }
        const form = { action: url, names: [] as string[] };
        getForm = form;
        el.onEndTag(() => {
          // A GET form replaces the action's query with its fields, here all left empty.
          const query = new URLSearchParams(form.names.map((name) => [name, ""]));
          found.push({
            url: `${form.action.pathname}${query.size ? `?${query}` : ""}`,
            method: "GET",
            what: "GET form",
          });
          getForm = null;
        });
      },
    })
    .on("form input[name], form select[name], form textarea[name]", {
      element(el) {
        const type = (el.getAttribute("type") ?? "").toLowerCase();
        const name = el.getAttribute("name");
        if (getForm && name && type !== "submit" && !getForm.names.includes(name)) getForm.names.push(name);
      },
    })
    .transform(new Response(html))
    .text();
  return found;
}

const isHtml = (response: WorkerResponse) => (response.headers.get("Content-Type") ?? "").includes("text/html");
const broken = (status: number) => status === 404 || status >= 500;

interface CrawlResult {
  failures: Failure[];
  /** Every path answered without a 404/5xx (GETs and form targets). */
  reached: Set<string>;
  pages: number;
}

async function crawl(client: Client): Promise<CrawlResult> {
  const failures: Failure[] = [];
  const reached = new Set<string>();
  const seen = new Set<string>();
  const perRoute = new Map<string, number>();
  const queue: Found[] = [{ url: "/", method: "GET", from: "(start)", what: "link" }];
  let pages = 0;

  /** Whether to request this URL now: once per method and URL, a few per route pattern. */
  const admit = (item: Found): boolean => {
    const path = item.url.split("?")[0]!;
    if (NEVER.some((re) => re.test(path))) return false;
    const key = `${item.method} ${item.url}`;
    if (seen.has(key)) return false;
    const route = routeIdFor(path) ?? "(none)";
    // A path no route serves is always requested: each one is a broken link to report.
    if (route !== "routes/not-found") {
      const count = perRoute.get(`${item.method} ${route}`) ?? 0;
      if (count >= PER_ROUTE) return false;
      perRoute.set(`${item.method} ${route}`, count + 1);
    }
    seen.add(key);
    return true;
  };

  while (queue.length > 0 && pages < MAX_PAGES) {
    const item = queue.shift()!;
    if (!admit(item)) continue;
    pages++;
    const path = item.url.split("?")[0]!;
    if (item.method === "POST") {
      // The action path must exist: a GET that answers, else an empty POST that is refused
      // for its input, not for want of a route.
      const get = await client.get(item.url);
      if (!broken(get.status)) {
        reached.add(path);
        continue;
      }
      const post = await client.post(item.url, {});
      if (broken(post.status))
        failures.push({
          url: item.url,
          status: post.status,
          from: item.from,
          what: `${item.what} (GET ${get.status}, empty POST ${post.status})`,
        });
      else reached.add(path);
      continue;
    }
    const response = await client.get(item.url);
    if (broken(response.status)) {
      failures.push({ url: item.url, status: response.status, from: item.from, what: item.what });
      continue;
    }
    reached.add(path);
    if (response.status >= 300 && response.status < 400 && response.location) {
      const to = new URL(response.location, new URL(item.url, ORIGIN));
      if (to.origin === ORIGIN)
        queue.push({ url: to.pathname + to.search, method: "GET", from: item.from, what: "redirect" });
      continue;
    }
    if (response.status !== 200 || !isHtml(response)) continue;
    for (const link of await linksOn(response.text, new URL(item.url, ORIGIN).href))
      queue.push({ ...link, from: item.url });
  }
  return { failures, reached, pages };
}

/** The areas each role's header menu promises, reached from the home page. */
const EVERYONE = ["/bots", "/creators", "/help", "/crisis"];
const SIGNED_IN = [
  ...EVERYONE,
  "/chat",
  "/knowledge",
  "/personas",
  "/wellbeing",
  "/wellbeing/limits",
  "/wellbeing/mood",
  "/activity",
  "/billing",
  "/gifts",
  "/notifications",
  "/support",
  "/account",
];
const STAFF = ["/staff", "/staff/tickets", "/staff/safety"];
const ROLES = [
  { id: null, name: "nobody (signed out)", areas: EVERYONE },
  { id: "demo-user", name: "Sam (user)", areas: SIGNED_IN },
  { id: "demo-creator", name: "Casey (creator)", areas: [...SIGNED_IN, "/my/bots", "/my/dashboard"] },
  { id: "demo-support", name: "Riley (support)", areas: [...SIGNED_IN, ...STAFF] },
  { id: "demo-admin", name: "Alex (admin)", areas: [...SIGNED_IN, ...STAFF, "/staff/users", "/staff/content"] },
] as const;

beforeAll(async () => {
  await seedDemoData();
}, 120_000);

describe.each(ROLES)("as $name", ({ id, areas }) => {
  let result: CrawlResult;
  beforeAll(async () => {
    result = await crawl(id ? await signedInAs(id) : anonymous);
  }, 300_000);

  test("every link and form on every page reached answers (no 404, no 5xx)", () => {
    const report = result.failures.map((f) => `${f.status} ${f.url} (${f.what} on ${f.from})`);
    expect(report, `broken links after ${result.pages} requests`).toEqual([]);
  });

  test("every area in the menu is reached from the home page", () => {
    expect(
      areas.filter((area) => !result.reached.has(area)),
      "areas no page links to",
    ).toEqual([]);
  });
});

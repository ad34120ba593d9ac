/**
 * IDOR suite: as another user, nothing of Alice's can be seen or changed.
 *
 * The route table comes from the route config (app/routes.ts through the server build in
 * tests/support/server-build.ts): every route must have an entry in tests/workers/idor/,
 * or the first test fails and names it. Requests go through app/worker.ts with real
 * session cookies (tests/support/worker-fetch.ts) against the fixture in idor/fixture.ts
 * (Alice owns one of everything private; Bob is the other user).
 *
 * For each entry, by access:
 * - owner:     Alice's GET answers `status` (200 by default: the path names a real thing);
 *              Bob's GET and every POST — each form harvested from Alice's page that posts
 *              to this route (every intent), plus the entry's `posts` — answer 404;
 *              signed out, each answers a redirect to /sign-in (or `signedOut`).
 * - signed-in: Bob's GET answers `status` (200) without any of Alice's private text
 *              (the fixture marks it SECRET); Alice's forms on that page that name her
 *              things (her ids in a field), and the entry's `posts`, are refused as Bob
 *              (400 or 404). Signed out: a redirect to /sign-in.
 * - public:    Bob's and a signed-out GET answer `status` (200) without SECRET text.
 * - staff:     Bob (a plain user) and signed-out people get 404, GET and POST.
 * And every one of Bob's requests leaves the watched tables exactly as they were.
 *
 * Adding a route: add an entry to your area's file in tests/workers/idor/ (or a new file,
 * listed in idor/index.ts), e.g.
 *   { route: "routes/support/ticket", access: "owner", path: (f) => `/support/tickets/${f.ticket}` }
 *   { route: "routes/help/article", access: "public", path: () => "/help/getting-started" }
 *   { route: "routes/staff/users", access: "staff", path: () => "/staff/users" }
 * If Alice needs a new kind of private thing, add it to idor/fixture.ts (an id in
 * `fixture`, a row in seedFixture with SECRET in its text) and its table to WATCHED_TABLES.
 * A route with an action must be reached by a POST: a form on the entry's page, `posts`,
 * or `noPost` saying why not.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { formsOnPage, routeIdFor, type PageForm } from "../support/page-forms";
import { manifestRoutes, routes as serverRoutes } from "../support/server-build";
import { anonymous, signedInAs, type Client, type WorkerResponse } from "../support/worker-fetch";
import { fixture, SECRET, seedFixture, snapshot } from "./idor/fixture";
import { routeEntries } from "./idor/index";
import type { RouteEntry } from "./idor/types";

let alice: Client;
let bob: Client;

beforeAll(async () => {
  await seedFixture();
  alice = await signedInAs(fixture.alice);
  bob = await signedInAs(fixture.bob);
});

const hasAction = (routeId: string) =>
  typeof (serverRoutes[routeId]?.module as { action?: unknown } | undefined)?.action === "function";
const hasLoader = (routeId: string) =>
  typeof (serverRoutes[routeId]?.module as { loader?: unknown } | undefined)?.loader === "function";

/** Every id of Alice's in the fixture: a form carrying one of these names her things. */
const aliceIds = new Set<string>([
  fixture.privateBot.id,
  fixture.publicBot.id,
  fixture.importedBot.id,
  fixture.persona,
  fixture.conversation,
  fixture.userMessage,
  fixture.botMessage,
  fixture.knowledge,
  fixture.worldInfo,
  fixture.collection,
  fixture.memory,
  fixture.conversationMemory,
  fixture.apiKey,
  "alt-alice",
]);

test("every route in app/routes.ts has an IDOR entry, and every entry names a real route", () => {
  const covered = new Set(routeEntries.map((entry) => entry.route));
  const missing = manifestRoutes.map((route) => route.id).filter((id) => !covered.has(id));
  expect(missing, "routes without an entry in tests/workers/idor/ (see the header of idor.test.ts)").toEqual([]);
  const unknown = routeEntries.map((entry) => entry.route).filter((id) => !serverRoutes[id]);
  expect(unknown, "entries naming no route").toEqual([]);
  // Each entry's path really reaches its route.
  for (const entry of routeEntries) expect(routeIdFor(entry.path(fixture)), entry.path(fixture)).toBe(entry.route);
});

function isSignInRedirect(response: WorkerResponse) {
  return response.status >= 300 && response.status < 400 && (response.location ?? "").startsWith("/sign-in");
}

function expectSignedOut(entry: RouteEntry, response: WorkerResponse, what: string) {
  const expected = entry.signedOut ?? (entry.access === "public" ? 200 : entry.access === "staff" ? 404 : "sign-in");
  if (expected === "sign-in")
    expect(isSignInRedirect(response), `${what}: ${response.status} ${response.location}`).toBe(true);
  else expect(response.status, what).toBe(expected);
}

/** A signed-out POST is sent to sign in, or is a 404 when the route says "no such thing" first. */
function expectSignedOutPost(response: WorkerResponse, what: string) {
  expect(
    isSignInRedirect(response) || response.status === 404,
    `${what}: ${response.status} ${response.location}`,
  ).toBe(true);
}

/** Bob's requests must leave every watched table as it was. */
async function unchangedBy(run: () => Promise<void>) {
  const before = await snapshot();
  await run();
  expect(await snapshot()).toEqual(before);
}

function post(client: Client, path: string, fields: [string, string][] | Record<string, string | string[]>) {
  return client.post(path, fields);
}

/** Alice's forms on the entry's page that post to `routeId`. */
async function alicesForms(entry: RouteEntry, page: WorkerResponse): Promise<PageForm[]> {
  if (!(page.headers.get("Content-Type") ?? "").includes("text/html")) return [];
  const forms = await formsOnPage(page.text, `https://botcafe.test${entry.path(fixture)}`);
  return forms.filter((form) => routeIdFor(form.action) === entry.route);
}

const titleOf = (entry: RouteEntry) => `${entry.access} ${entry.route} ${entry.path(fixture)}`;

describe.each(routeEntries.map((entry) => [titleOf(entry), entry] as const))("%s", (_title, entry) => {
  const path = entry.path(fixture);

  test("as the other user and signed out", async () => {
    let postsSent = 0;
    if (entry.access === "owner") {
      const own = await alice.get(path);
      expect(own.status, `Alice's own GET ${path}`).toBe(entry.status ?? 200);
      const forms = await alicesForms(entry, own);
      await unchangedBy(async () => {
        if (hasLoader(entry.route))
          expect((await bob.get(path)).status, `Bob GET ${path}`).toBe(entry.otherUserGet ?? 404);
        for (const form of forms) {
          expect((await post(bob, form.action, form.fields)).status, `Bob POST ${form.label}`).toBe(404);
          postsSent++;
        }
        for (const extra of entry.posts ?? []) {
          expect((await post(bob, path, extra.fields(fixture))).status, `Bob POST ${extra.label}`).toBe(404);
          postsSent++;
        }
      });
      await unchangedBy(async () => {
        expectSignedOut(entry, await anonymous.get(path), `signed-out GET ${path}`);
        for (const extra of [...forms.map((f) => f.fields), ...(entry.posts ?? []).map((p) => p.fields(fixture))])
          expectSignedOutPost(await post(anonymous, path, extra), `signed-out POST ${path}`);
      });
    } else if (entry.access === "signed-in") {
      const page = await bob.get(path);
      expect(page.status, `Bob GET ${path}`).toBe(entry.status ?? 200);
      expect(page.text, `Bob's ${path} shows Alice's private text`).not.toContain(SECRET);
      const naming = (await alicesForms(entry, await alice.get(path))).filter(
        (form) =>
          form.fields.some(([, value]) => aliceIds.has(value)) || [...aliceIds].some((id) => form.action.includes(id)),
      );
      await unchangedBy(async () => {
        for (const form of naming) {
          expect([400, 404], `Bob POST ${form.label} (Alice's form)`).toContain(
            (await post(bob, form.action, form.fields)).status,
          );
          postsSent++;
        }
        for (const extra of entry.posts ?? []) {
          expect([400, 404], `Bob POST ${extra.label}`).toContain(
            (await post(bob, path, extra.fields(fixture))).status,
          );
          postsSent++;
        }
      });
      expectSignedOut(entry, await anonymous.get(path), `signed-out GET ${path}`);
      if (hasAction(entry.route) && !entry.noPost)
        expectSignedOutPost(await post(anonymous, path, {}), `signed-out POST ${path}`);
    } else if (entry.access === "public") {
      await unchangedBy(async () => {
        const asBob = await bob.get(path);
        expect(asBob.status, `Bob GET ${path}`).toBe(entry.status ?? 200);
        expect(asBob.text, `${path} shows private text to Bob`).not.toContain(SECRET);
        const signedOut = await anonymous.get(path);
        expectSignedOut(entry, signedOut, `signed-out GET ${path}`);
        expect(signedOut.text, `${path} shows private text signed out`).not.toContain(SECRET);
      });
    } else {
      await unchangedBy(async () => {
        expect((await bob.get(path)).status, `Bob GET ${path}`).toBe(404);
        expect((await anonymous.get(path)).status, `signed-out GET ${path}`).toBe(404);
        if (hasAction(entry.route)) {
          expect((await post(bob, path, {})).status, `Bob POST ${path}`).toBe(404);
          for (const extra of entry.posts ?? [])
            expect((await post(bob, path, extra.fields(fixture))).status, `Bob POST ${extra.label}`).toBe(404);
        }
      });
    }
    // Any route with an action is reached by at least one POST somewhere in the table.
    if (postsSent > 0) postedRoutes.add(entry.route);
  });
});

const postedRoutes = new Set<string>();

test("every owner route with an action was posted to by the other user (or says why not)", () => {
  const unposted = routeEntries
    .filter((entry) => entry.access === "owner" && hasAction(entry.route) && !entry.noPost)
    .map((entry) => entry.route)
    .filter((id) => !postedRoutes.has(id));
  expect(unposted, "routes with an action no IDOR case posts to: add `posts` (or `noPost`) to their entry").toEqual([]);
});

/**
 * Requests through app/worker.ts (tests/support/worker-fetch.ts): the session cookie signs
 * people in, cross-origin writes are refused, every response carries the security headers,
 * and a body that is not a readable form is a 400 on every route — never a 500.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { anonymous, ORIGIN, signedInAs, workerFetch } from "../support/worker-fetch";

beforeAll(async () => {
  await env.DB.prepare(
    "INSERT INTO users (id, email, role, display_name) VALUES ('u-ann', 'ann@example.com', 'creator', 'Ann Example')",
  ).run();
});

test("pages render through the worker with the security headers, signed in or out", async () => {
  const home = await anonymous.get("/");
  expect(home.status).toBe(200);
  expect(home.headers.get("Content-Security-Policy")).toContain("script-src 'nonce-");
  expect(home.headers.get("X-Frame-Options")).toBe("DENY");
  expect(home.text).toContain("<html");
  expect(home.text).toMatch(/<link[^>]*rel="stylesheet" href="[^"]+app\.css/);
  const ann = await signedInAs("u-ann");
  const newBot = await ann.get("/bots/new");
  expect(newBot.status).toBe(200);
  expect(newBot.text).toContain("Ann Example");
  expect((await anonymous.get("/bots/new")).status).toBe(302);
  expect((await anonymous.get("/no/such/page")).status).toBe(404);
});

test("a cross-origin form post is refused before any route runs", async () => {
  const ann = await signedInAs("u-ann");
  const refused = await ann.post(
    "/bots/new",
    { name: "Forged" },
    { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
  );
  expect(refused.status).toBe(403);
  const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM bots WHERE name = 'Forged'").first<{ n: number }>();
  expect(count!.n).toBe(0);
});

/** Bodies `request.formData()` cannot read; each used to be a 500 (issue 8, finding 4). */
const unreadableBodies: [string, Record<string, string>, BodyInit | null][] = [
  ["text/plain", { "Content-Type": "text/plain" }, "name=Pal"],
  ["JSON", { "Content-Type": "application/json" }, JSON.stringify({ name: "Pal" })],
  ["no content type", {}, null],
  [
    "multipart without a boundary",
    { "Content-Type": "multipart/form-data" },
    '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nPal\r\n--x--\r\n',
  ],
  [
    "garbage multipart",
    { "Content-Type": "multipart/form-data; boundary=abc" },
    "this is not multipart at all \u0000\u00ff",
  ],
];

for (const [label, headers, body] of unreadableBodies) {
  test(`a ${label} body is a 400 page, not a 500, and changes nothing`, async () => {
    const ann = await signedInAs("u-ann");
    for (const path of ["/bots/new", "/sign-in", "/personas/new", "/chat/new", "/knowledge/upload"]) {
      const response = await ann.request(path, { method: "POST", body, headers: { ...headers, Origin: ORIGIN } });
      expect(response.status, `${label} → ${path}`).toBe(400);
      expect(response.text).toContain("That request did not look right");
      expect(response.headers.get("Content-Security-Policy")).toBeTruthy();
    }
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM bots").first<{ n: number }>();
    expect(count!.n).toBe(0);
  });
}

test("/api/ paths keep their raw body for the route (webhooks)", async () => {
  // The JSON reaches the webhook itself, which refuses it for its missing signature — not
  // the worker's "not a form" page.
  const response = await workerFetch(
    new Request(`${ORIGIN}/api/stripe/webhook`, {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json" },
    }),
  );
  expect(response.status).toBe(400);
  expect(response.text).not.toContain("That request did not look right");
});

test("a readable form still reaches the route with its body intact", async () => {
  const ann = await signedInAs("u-ann");
  const created = await ann.post("/bots/new", { name: "Harness Pal", is_public: "on" });
  expect(created).toMatchObject({ status: 302, location: "/bots/harness-pal" });
  const multipart = await ann.post("/bots/new", { name: "Multipart Pal", avatar: new File([], "") });
  expect(multipart).toMatchObject({ status: 302, location: "/bots/multipart-pal" });
});

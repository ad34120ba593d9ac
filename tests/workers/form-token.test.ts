/**
 * Writes need a same-origin Origin or Referer; a browser that sends neither gets in only
 * with the per-session form token every POST form carries (app/lib/http/form-token.ts).
 * The finding: a plain POST with no Origin changed a user's role through a staff cookie.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { anonymous, ORIGIN, signedInAs, type Client } from "../support/worker-fetch";

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO users (id, email, role, display_name) VALUES ('u-boss', 'boss@example.com', 'admin', 'Boss')",
    ),
    env.DB.prepare(
      "INSERT INTO users (id, email, role, display_name) VALUES ('u-target', 'target@example.com', 'user', 'Target')",
    ),
    env.DB.prepare(
      "INSERT INTO users (id, email, role, display_name) VALUES ('u-maker', 'maker@example.com', 'creator', 'Maker')",
    ),
  ]);
});

const tokenOn = (html: string) => html.match(/name="_form_token" value="([^"]+)"/)?.[1] ?? null;
const roleOf = async (id: string) =>
  (await env.DB.prepare("SELECT role FROM users WHERE id = ?").bind(id).first<{ role: string }>())!.role;
const botCount = async (name: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM bots WHERE name = ?").bind(name).first<{ n: number }>())!.n;

/** A POST with exactly these headers: no Origin, Referer or Sec-Fetch-Site unless given. */
const rawPost = (
  client: Client,
  path: string,
  fields: Record<string, string> | FormData,
  headers: Record<string, string> = {},
) =>
  client.request(path, {
    method: "POST",
    body: fields instanceof FormData ? fields : new URLSearchParams(fields),
    headers,
  });

async function formToken(client: Client, path: string): Promise<string> {
  const page = await client.get(path);
  expect(page.status).toBe(200);
  const token = tokenOn(page.text);
  expect(token, `a form token on ${path}`).toBeTruthy();
  return token!;
}

const makeAdmin = { intent: "role", userId: "u-target", role: "admin" };

test("a POST with neither Origin nor Referer and no token is refused (403) and changes nothing", async () => {
  const boss = await signedInAs("u-boss");
  const refused = await rawPost(boss, "/staff/users", makeAdmin);
  expect(refused.status).toBe(403);
  expect(await roleOf("u-target")).toBe("user");
  // A token from another session does not pass either.
  const other = await signedInAs("u-maker");
  const foreign = await formToken(other, "/bots/new");
  expect((await rawPost(boss, "/staff/users", { ...makeAdmin, _form_token: foreign })).status).toBe(403);
  expect((await rawPost(boss, "/staff/users", { ...makeAdmin, _form_token: "not-the-token" })).status).toBe(403);
  expect(await roleOf("u-target")).toBe("user");
});

test("with the page's token, a POST with neither Origin nor Referer goes through", async () => {
  const maker = await signedInAs("u-maker");
  const token = await formToken(maker, "/bots/new");
  const created = await rawPost(maker, "/bots/new", { name: "Token Pal", _form_token: token });
  expect(created).toMatchObject({ status: 302, location: "/bots/token-pal" });
  // Multipart (uploads): the token is read from a copy, the route still gets the whole body.
  const form = new FormData();
  form.append("_form_token", token);
  form.append("name", "Upload Pal");
  form.append("avatar", new File([], ""));
  expect(await rawPost(maker, "/bots/new", form)).toMatchObject({ status: 302, location: "/bots/upload-pal" });
  expect(await botCount("Upload Pal")).toBe(1);
});

test("signed out, the token is bound to a per-browser cookie set with the page", async () => {
  const page = await anonymous.get("/sign-in");
  const cookie = page.headers.get("Set-Cookie")?.match(/botcafe_browser=([^;]+)/)?.[1];
  const token = tokenOn(page.text);
  expect(cookie && token).toBeTruthy();
  const withCookie = { Cookie: `botcafe_browser=${cookie}` };
  const signIn = { email: "newcomer@example.com", _form_token: token! };
  expect((await rawPost(anonymous, "/sign-in", signIn)).status).toBe(403); // no cookie
  expect(
    (await rawPost(anonymous, "/sign-in", signIn, { Cookie: "botcafe_browser=someone-elses-browser-id-123" })).status,
  ).toBe(403);
  expect((await rawPost(anonymous, "/sign-in", signIn, withCookie)).status).toBe(302);
});

test("a cross-origin Referer is refused; a same-origin Referer alone is enough", async () => {
  const boss = await signedInAs("u-boss");
  expect((await rawPost(boss, "/staff/users", makeAdmin, { Referer: "https://evil.example/page" })).status).toBe(403);
  expect(await roleOf("u-target")).toBe("user");
  const maker = await signedInAs("u-maker");
  const created = await rawPost(maker, "/bots/new", { name: "Referer Pal" }, { Referer: `${ORIGIN}/bots/new` });
  expect(created).toMatchObject({ status: 302, location: "/bots/referer-pal" });
});

test("the Stripe webhook stays exempt: it authenticates each request by its signature", async () => {
  const response = await rawPost(anonymous, "/api/stripe/webhook", { x: "1" });
  expect(response.status).not.toBe(403);
});

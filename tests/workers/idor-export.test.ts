/**
 * The IDOR cases the route table cannot express for the account area (see
 * tests/workers/idor/account.ts): the data export is a deflated ZIP, so the suite's SECRET
 * check cannot read it, and a deletion with Alice's email typed out cannot be an entry's
 * post (the fuzz suite sends those as Alice). Same fixture, through app/worker.ts.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, expect, test } from "vitest";
import worker from "~/worker";
import { ORIGIN, signedInAs, type Client } from "../support/worker-fetch";
import { fixture, SECRET, seedFixture, snapshot } from "./idor/fixture";

let alice: Client;
let bob: Client;

beforeAll(async () => {
  await seedFixture();
  alice = await signedInAs(fixture.alice);
  bob = await signedInAs(fixture.bob);
});

async function exportOf(client: Client): Promise<Record<string, string>> {
  const request = new Request(`${ORIGIN}/account/export/download`, {
    method: "POST",
    body: new URLSearchParams(),
    headers: { Cookie: client.cookie, Origin: ORIGIN, "Sec-Fetch-Site": "same-origin" },
    redirect: "manual",
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, env, ctx);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/zip");
  const bytes = new Uint8Array(await response.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

const aliceMarks = [
  SECRET,
  fixture.alice,
  "alice@example.com",
  fixture.privateBot.id,
  fixture.conversation,
  fixture.ticket,
  fixture.notification,
  fixture.persona,
  fixture.apiKey,
];

test("Bob's data export holds nothing of Alice's (and Alice's own does: the check can see it)", async () => {
  const before = await snapshot();
  const bobs = Object.values(await exportOf(bob)).join("\n");
  expect(bobs).toContain("bob@example.com");
  for (const mark of aliceMarks) expect(bobs, mark).not.toContain(mark);
  expect(await snapshot()).toEqual(before);
  const alices = Object.values(await exportOf(alice)).join("\n");
  expect(alices).toContain("SECRET ticket description");
  expect(alices).toContain("SECRET notification text");
});

test("Bob typing Alice's email on /account/delete deletes no one", async () => {
  const before = await snapshot();
  const response = await bob.post("/account/delete", {
    intent: "delete",
    confirmEmail: "alice@example.com",
    userId: fixture.alice,
  });
  expect(response.status).toBe(400);
  expect(await snapshot()).toEqual(before);
});

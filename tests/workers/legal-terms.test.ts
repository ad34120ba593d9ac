/**
 * Legal documents and the terms gate: which version is in force, what a person still has
 * to accept, which requests the gate blocks (and the way back), acceptance rows with IP and
 * user agent, the age rule, and the diff between versions.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { userContext } from "~/lib/context";
import { currentDocumentQuery, pendingAgreements } from "~/lib/legal/documents";
import { legalGateMiddleware } from "~/lib/legal/gate";
import * as accept from "~/routes/legal/accept";
import * as legalDocument from "~/routes/legal/document";
import * as legalVersion from "~/routes/legal/version";
import { args, db, form, insertUsers, person, statusOf } from "../support/route-calls";

const accepted = person("accepted");
const behind = person("behind");
const newcomer = person("newcomer", "user", null);
const child = person("child", "user", null);
const teen = person("teen", "user", null);

beforeAll(async () => {
  await insertUsers(accepted, behind, newcomer, child, teen);
  const doc = (id: string, type: string, version: string, date: string, active: number, content: string) =>
    env.DB.prepare(
      "INSERT INTO legal_documents (id, type, title, version, effective_date, is_active, content) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).bind(id, type, type === "terms" ? "Terms of Service" : "Privacy Policy", version, date, active, content);
  await env.DB.batch([
    doc("t1", "terms", "1.0", "2025-01-01", 1, "Be kind.\n\nNo spam."),
    doc("t2", "terms", "2.0", "2026-06-01", 1, "Be kind.\n\nNo spam, ever.\n\nTokens have no cash value."),
    // A draft (inactive) and a scheduled version (effective in the future) are not in force.
    doc("t3-draft", "terms", "3.0-draft", "2026-07-01", 0, "Draft."),
    doc("t4-future", "terms", "4.0", "2999-01-01", 1, "Future."),
    doc("p1", "privacy", "1.0", "2025-01-01", 1, "We keep little."),
    env.DB.prepare(
      "INSERT INTO user_agreements (id, user_id, document_id) VALUES ('a1', 'accepted', 't2'), ('a2', 'accepted', 'p1'), ('a3', 'behind', 't1'), ('a4', 'behind', 'p1')",
    ),
  ]);
});

test("the version in force is the active one with the latest effective date that has come", async () => {
  const terms = await currentDocumentQuery(db, "terms", new Date().toISOString()).executeTakeFirst();
  expect(terms?.version).toBe("2.0");
  // Before version 2 took effect, version 1 was in force.
  expect((await currentDocumentQuery(db, "terms", "2026-03-01T00:00:00Z").executeTakeFirst())?.version).toBe("1.0");
  // The public page shows the same.
  const page = await statusOf(() => legalDocument.loader(args(null, "/legal/terms", { type: "terms" }) as never));
  expect(page.body).toMatchObject({ document: { version: "2.0", effective_date: "2026-06-01" } });
  expect(
    (await statusOf(() => legalDocument.loader(args(null, "/legal/nonsense", { type: "nonsense" }) as never))).status,
  ).toBe(404);
});

test("a person who accepted an older terms version has it pending; one who accepted the current has none", async () => {
  expect((await pendingAgreements(db, "behind")).map((d) => d.id)).toEqual(["t2"]);
  expect(await pendingAgreements(db, "accepted")).toEqual([]);
  expect((await pendingAgreements(db, "newcomer")).map((d) => d.id).sort()).toEqual(["p1", "t2"]);
});

/** Run the gate for a request; 'next' when it let the request through, else the redirect. */
async function gate(
  user: ReturnType<typeof person> | null,
  method: string,
  path: string,
  headers: Record<string, string> = {},
) {
  const call = args(user, path, {}, { method, headers });
  call.context.set(userContext, user);
  let passed = false;
  const outcome = await statusOf(() =>
    legalGateMiddleware(
      { request: call.request, context: call.context, params: {}, unstable_pattern: "" } as never,
      async () => {
        passed = true;
        return new Response("ok");
      },
    ),
  );
  return passed ? "next" : outcome.location;
}

test("the gate blocks changes, not reading, until the new terms are accepted, and says where to come back to", async () => {
  expect(await gate(behind, "GET", "/bots")).toBe("next");
  // A form post goes on to the accept page with its body (307), to be sent on after accepting.
  expect(await gate(behind, "POST", "/bots/new", { Referer: "https://botcafe.test/bots/new?from=x" })).toBe(
    `/legal/accept?redirectTo=${encodeURIComponent("/bots/new?from=x")}&continue=${encodeURIComponent("/bots/new")}`,
  );
  // A single-fetch data request comes back to the page, not to the .data URL.
  expect(await gate(behind, "POST", "/chat/c1.data")).toBe(
    `/legal/accept?redirectTo=${encodeURIComponent("/chat/c1")}`,
  );
  // Declining still leaves export, deletion, sign-out and the accept page itself.
  for (const path of ["/account/export/download", "/account/delete", "/sign-out", "/legal/accept"])
    expect(await gate(behind, "POST", path)).toBe("next");
  expect(await gate(accepted, "POST", "/bots/new")).toBe("next");
  // A chat turn is gated in the turn (after the crisis check: chat-terms-crisis.test.ts).
  expect(await gate(behind, "POST", "/chat/c1/reply")).toBe("next");
  expect(await gate(behind, "POST", "/chat/c1/reply/x")).toBe(
    `/legal/accept?redirectTo=${encodeURIComponent("/chat/c1/reply/x")}&continue=${encodeURIComponent("/chat/c1/reply/x")}`,
  );
  // A streaming fetch elsewhere gets a message and a link to show instead of an HTML redirect.
  const call = args(behind, "/bots/new", {}, { method: "POST", headers: { Accept: "text/event-stream" } });
  call.context.set(userContext, behind);
  const refused = await Promise.resolve()
    .then(() =>
      legalGateMiddleware(
        { request: call.request, context: call.context, params: {} } as never,
        async () => new Response("ok"),
      ),
    )
    .catch((r: Response) => r);
  expect((refused as Response).status).toBe(403);
  expect(await (refused as Response).json()).toMatchObject({
    link: { href: expect.stringContaining("/legal/accept?redirectTo=") },
  });
  expect(await gate(null, "POST", "/help/x")).toBe("next");
});

test("someone who has not finished signing up is sent to the accept page for everything but public reading", async () => {
  expect(await gate(newcomer, "GET", "/chat")).toBe(`/legal/accept?redirectTo=${encodeURIComponent("/chat")}`);
  expect(await gate(newcomer, "GET", "/legal/terms")).toBe("next");
  expect(await gate(newcomer, "GET", "/help/memories")).toBe("next");
  expect(await gate(newcomer, "POST", "/help/memories")).toBe(
    `/legal/accept?redirectTo=${encodeURIComponent("/help/memories")}`,
  );
  expect(await gate(newcomer, "POST", "/chat/c1/reply")).toBe(
    `/legal/accept?redirectTo=${encodeURIComponent("/chat/c1/reply")}`,
  );
});

test("accepting records one row per pending document with IP and user agent, and returns to the page", async () => {
  const headers = { "CF-Connecting-IP": "203.0.113.7", "User-Agent": "OldPhone/2.0" };
  const outcome = await statusOf(() =>
    accept.action(
      args(
        behind,
        "/legal/accept",
        {},
        form({ accept: "on", documentIds: ["t2"], redirectTo: "/bots/new?from=x" }, headers),
      ) as never,
    ),
  );
  expect(outcome).toMatchObject({ status: 303, location: "/bots/new?from=x" });
  const row = await env.DB.prepare(
    "SELECT ip_address, user_agent, accepted_at FROM user_agreements WHERE user_id = 'behind' AND document_id = 't2'",
  ).first();
  expect(row).toMatchObject({ ip_address: "203.0.113.7", user_agent: "OldPhone/2.0" });
  expect(await pendingAgreements(db, "behind")).toEqual([]);
});

test("accepting needs the box ticked, refuses a stale page, and never redirects off-site", async () => {
  const unticked = await statusOf(() =>
    accept.action(
      args(newcomer, "/legal/accept", {}, form({ documentIds: ["t2", "p1"], birthDate: "1990-05-05" })) as never,
    ),
  );
  expect(unticked.status).toBe(400);
  const stale = await statusOf(() =>
    accept.action(
      args(
        newcomer,
        "/legal/accept",
        {},
        form({ accept: "on", documentIds: ["t1", "p1"], birthDate: "1990-05-05" }),
      ) as never,
    ),
  );
  expect(stale.status).toBe(400);
  const noDate = await statusOf(() =>
    accept.action(
      args(
        newcomer,
        "/legal/accept",
        {},
        form({ accept: "on", documentIds: ["t2", "p1"], birthDate: "tomorrow" }),
      ) as never,
    ),
  );
  expect(noDate.status).toBe(400);
  const ok = await statusOf(() =>
    accept.action(
      args(
        newcomer,
        "/legal/accept",
        {},
        form({ accept: "on", documentIds: ["t2", "p1"], birthDate: "1990-05-05", redirectTo: "//evil.example/" }),
      ) as never,
    ),
  );
  expect(ok).toMatchObject({ status: 303, location: "/" });
  const user = await env.DB.prepare("SELECT age_group, age_checked_at FROM users WHERE id = 'newcomer'").first<{
    age_group: string;
    age_checked_at: string;
  }>();
  expect(user?.age_group).toBe("adult");
  expect(user?.age_checked_at).toBeTruthy();
});

test("the date of birth is never stored; 13–17 is a minor; under 13 gets no account at all", async () => {
  const thirteenYearsAgo = new Date();
  thirteenYearsAgo.setUTCFullYear(thirteenYearsAgo.getUTCFullYear() - 13);
  thirteenYearsAgo.setUTCDate(thirteenYearsAgo.getUTCDate() - 1);
  const teenBirthday = thirteenYearsAgo.toISOString().slice(0, 10);
  await statusOf(() =>
    accept.action(
      args(
        teen,
        "/legal/accept",
        {},
        form({ accept: "on", documentIds: ["t2", "p1"], birthDate: teenBirthday }),
      ) as never,
    ),
  );
  expect(await env.DB.prepare("SELECT age_group FROM users WHERE id = 'teen'").first("age_group")).toBe("minor");
  const { results } = await env.DB.prepare("SELECT * FROM users WHERE id = 'teen'").all();
  expect(JSON.stringify(results)).not.toContain(teenBirthday);

  const outcome = await statusOf(() =>
    accept.action(
      args(
        child,
        "/legal/accept",
        {},
        form({ accept: "on", documentIds: ["t2", "p1"], birthDate: new Date().toISOString().slice(0, 4) + "-01-01" }),
      ) as never,
    ),
  );
  expect(outcome.body).toMatchObject({ tooYoung: true });
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE id = 'child'").first("n")).toBe(0);
  expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM user_agreements WHERE user_id = 'child'").first("n")).toBe(0);
});

test("a version page shows what changed since the version before, paragraph by paragraph", async () => {
  const outcome = await statusOf(() =>
    legalVersion.loader(args(null, "/legal/terms/versions/2.0", { type: "terms", version: "2.0" }) as never),
  );
  expect(outcome.body).toMatchObject({
    previousVersion: "1.0",
    changes: [
      { kind: "removed", text: "No spam." },
      { kind: "added", text: "No spam, ever." },
      { kind: "added", text: "Tokens have no cash value." },
    ],
  });
  // Drafts and scheduled versions are not public.
  expect(
    (
      await statusOf(() =>
        legalVersion.loader(args(null, "/legal/terms/versions/4.0", { type: "terms", version: "4.0" }) as never),
      )
    ).status,
  ).toBe(404);
  expect(
    (
      await statusOf(() =>
        legalVersion.loader(
          args(null, "/legal/terms/versions/3.0-draft", { type: "terms", version: "3.0-draft" }) as never,
        ),
      )
    ).status,
  ).toBe(404);
});

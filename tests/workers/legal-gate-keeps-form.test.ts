/**
 * The terms gate keeps the form post it holds back (app/lib/legal/pending-form.ts), through
 * the real Worker: an admin with new terms to accept types a suspension reason and posts
 * it; the gate sends the same body on to the accept page (307), which shows the documents
 * with the reason kept in hidden inputs; accepting records the agreements and sends the
 * fields on (307) to the staff page, where the suspension is asked about and applied.
 */
import { env } from "cloudflare:test";
import { beforeAll, expect, test } from "vitest";
import { signedInAs, type Client } from "../support/worker-fetch";
import { count } from "../support/route-calls";

let admin: Client;

beforeAll(async () => {
  const user = env.DB.prepare(
    "INSERT INTO users (id, email, display_name, role, age_group) VALUES (?, ?, ?, ?, 'adult')",
  );
  const doc = env.DB.prepare(
    "INSERT INTO legal_documents (id, type, title, version, effective_date, is_active, content) VALUES (?, ?, ?, ?, ?, 1, 'Text')",
  );
  await env.DB.batch([
    user.bind("g-admin", "g-admin@example.com", "Gale Admin", "admin"),
    user.bind("g-target", "g-target@example.com", "Tess Target", "user"),
    doc.bind("g-terms-1", "terms", "Terms of Service", "1.0", "2020-01-01"),
    doc.bind("g-terms-2", "terms", "Terms of Service", "2.0", "2021-01-01"),
    doc.bind("g-privacy-1", "privacy", "Privacy Policy", "1.0", "2020-01-01"),
    // The admin accepted the old terms and the privacy policy: terms 2.0 is pending.
    env.DB.prepare(
      "INSERT INTO user_agreements (id, user_id, document_id) VALUES ('g-a1', 'g-admin', 'g-terms-1'), ('g-a2', 'g-admin', 'g-privacy-1')",
    ),
  ]);
  admin = await signedInAs("g-admin");
});

const reason = "Posting spam links in every public bot — third warning";
const suspension = { intent: "suspend", userId: "g-target", note: reason };

test("a suspension typed behind the terms gate survives accepting the terms and is applied", async () => {
  // 1. The gate holds the post back, and sends its body on to the accept page.
  const held = await admin.post("/staff/users?user=g-target", suspension, {
    Referer: "https://botcafe.test/staff/users?user=g-target",
  });
  expect(held.status).toBe(307);
  expect(held.location).toBe(
    `/legal/accept?redirectTo=${encodeURIComponent("/staff/users?user=g-target")}&continue=${encodeURIComponent("/staff/users?user=g-target")}`,
  );
  expect(await count("SELECT count(*) AS n FROM users WHERE id = 'g-target' AND suspended_at IS NOT NULL")).toBe(0);

  // 2. The browser posts the same body there: the accept step, with the reason kept.
  const step = await admin.post(held.location!, suspension);
  expect(step.status).toBe(200);
  expect(step.text).toContain("Terms of Service<!-- -->, version <!-- -->2.0");
  expect(step.text).toContain(`name="note" value="${reason}"`);
  expect(step.text).toContain('name="intent" value="suspend"');
  expect(step.text).toContain("Accept and apply my change");

  // Not ticking the box: a 400 that still carries the reason; nothing accepted.
  const unticked = await admin.post(held.location!, {
    ...suspension,
    _terms_step: "accept",
    _terms_documents: "g-terms-2",
  });
  expect(unticked.status).toBe(400);
  expect(unticked.text).toContain(`name="note" value="${reason}"`);
  expect(
    await count("SELECT count(*) AS n FROM user_agreements WHERE user_id = 'g-admin' AND document_id = 'g-terms-2'"),
  ).toBe(0);

  // 3. Accepting records the agreement and sends the original fields on (307 keeps the body).
  const accepting = { ...suspension, _terms_step: "accept", _terms_documents: "g-terms-2", _terms_accept: "on" };
  const accepted = await admin.post(held.location!, accepting);
  expect(accepted.status).toBe(307);
  expect(accepted.location).toBe("/staff/users?user=g-target");
  expect(
    await count("SELECT count(*) AS n FROM user_agreements WHERE user_id = 'g-admin' AND document_id = 'g-terms-2'"),
  ).toBe(1);

  // 4. The browser re-posts the same body to the staff page: the gate lets it through, and
  // the suspension asks first, with the reason that was typed before the gate.
  const asked = await admin.post(accepted.location!, accepting);
  expect(asked.status).toBe(200);
  expect(asked.text).toContain("Suspend Tess Target?");
  expect(asked.text).toContain(reason);
  const done = await admin.post(accepted.location!, { ...suspension, confirmed: "yes" });
  expect(done.status).toBe(303);
  expect(await count("SELECT count(*) AS n FROM users WHERE id = 'g-target' AND suspended_at IS NOT NULL")).toBe(1);
  expect(
    await env.DB.prepare(
      "SELECT note FROM staff_audit_log WHERE action = 'user.suspend' AND target_id = 'g-target'",
    ).first("note"),
  ).toBe(reason);
});

test("a form holding a secret (an API key) is refused the old way, not echoed into a page", async () => {
  const other = env.DB.prepare(
    "INSERT INTO users (id, email, role, age_group) VALUES ('g-keys', 'g-keys@example.com', 'user', 'adult')",
  );
  await env.DB.batch([
    other,
    env.DB.prepare("INSERT INTO user_agreements (id, user_id, document_id) VALUES ('g-k1', 'g-keys', 'g-privacy-1')"),
  ]);
  const keys = await signedInAs("g-keys");
  const refused = await keys.post("/settings/keys", { intent: "add", apiKey: "sk-test-secret" });
  expect(refused.status).toBe(303);
  expect(refused.location).not.toContain("continue=");
});

test("the continue address must be one of our own pages, never the accept page itself", async () => {
  await env.DB.prepare(
    "INSERT INTO users (id, email, role, age_group) VALUES ('g-behind', 'g-behind@example.com', 'user', 'adult')",
  ).run();
  const behind = await signedInAs("g-behind");
  const outside = await behind.post(`/legal/accept?continue=${encodeURIComponent("//evil.example/x")}`, { x: "1" });
  // No kept form: the ordinary accept action answers (a 400: the box was not ticked).
  expect(outside.status).toBe(400);
  expect(outside.text).not.toContain("Accept and apply my change");
  const loop = await behind.post(`/legal/accept?continue=${encodeURIComponent("/legal/accept")}`, { x: "1" });
  expect(loop.text).not.toContain("Accept and apply my change");
});

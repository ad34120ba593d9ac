/**
 * Fuzz suite: no request a person can send makes a 5xx.
 *
 * Every route with an action — from the same route table as the IDOR suite
 * (tests/workers/idor/, generated from app/routes.ts) — gets each form its pages render
 * (harvested as the owner, so requests reach validation and the database) and each of the
 * entry's `posts`, then mutated: no fields, each field missing, each field a 1 MB string,
 * NUL bytes, invalid UTF-8, every field twice, wrong types (files, numbers out of range,
 * arrays), and the unreadable bodies (text/plain, JSON, none, multipart without a
 * boundary, garbage multipart). Loaders get hostile query strings. Any status >= 500 fails
 * and is listed with the mutation that caused it.
 *
 * Submissions that delete run last, so the rest still find their objects.
 */
import { beforeAll, beforeEach, expect, test } from "vitest";
import { formsOnPage, routeIdFor } from "../support/page-forms";
import { routes as serverRoutes } from "../support/server-build";
import { anonymous, ORIGIN, signedInAs, type Client } from "../support/worker-fetch";
import { fixture, seedFixture } from "./idor/fixture";
import { routeEntries } from "./idor/index";
import type { RouteEntry } from "./idor/types";

const MEGABYTE = "x".repeat(1024 * 1024);
const WRONG_VALUES = ["-1", "1e309", "NaN", "9".repeat(400)];

let alice: Client;

beforeAll(async () => {
  await seedFixture();
});

// A fresh session for every test: some routes end the sender's sessions (/sign-out, "sign
// out everywhere" on /account), and every test after them would otherwise run signed out.
beforeEach(async () => {
  alice = await signedInAs(fixture.alice);
});

type Fields = [string, string | Blob][];

interface Mutation {
  label: string;
  send: (client: Client, path: string) => Promise<{ status: number }>;
}

const form = (label: string, fields: Fields): Mutation => ({
  label,
  send: (client, path) => client.post(path, fields),
});
const raw = (label: string, body: BodyInit | null, contentType?: string): Mutation => ({
  label,
  send: (client, path) =>
    client.request(path, {
      method: "POST",
      body,
      headers: { ...(contentType ? { "Content-Type": contentType } : {}), Origin: ORIGIN },
    }),
});

function encodeUrl(fields: [string, string][]): string {
  return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

/** Mutations of one valid-looking submission (`hidden`: fields a person does not type). */
function mutationsOf(fields: [string, string][], hidden: string[] = []): Mutation[] {
  const intent = fields.filter(([name]) => name === "intent");
  const rest = fields.filter(([name]) => name !== "intent");
  const out: Mutation[] = [
    form("as the page sends it", fields),
    form("no fields", []),
    form("only the intent", intent),
  ];
  for (const [name] of rest) {
    out.push(
      form(
        `without ${name}`,
        fields.filter(([n]) => n !== name),
      ),
    );
    // Typed fields one at a time (the others valid, so the long one is what gets stored).
    if (!hidden.includes(name))
      out.push(
        form(
          `${name} is 1 MB`,
          fields.map(([n, v]) => [n, n === name ? MEGABYTE : v]),
        ),
      );
  }
  out.push(
    form(
      "every value 1 MB",
      fields.map(([n, v]) => [n, n === "intent" ? v : MEGABYTE]),
    ),
  );
  out.push(
    form(
      "NUL bytes in every value",
      fields.map(([n, v]) => [n, n === "intent" ? v : `${v}\u0000\u0000x`]),
    ),
  );
  out.push(
    form(
      "every value a NUL",
      fields.map(([n, v]) => [n, n === "intent" ? v : "\u0000"]),
    ),
  );
  out.push(
    form(
      "every field twice",
      fields.flatMap(
        ([n, v]) =>
          [
            [n, v],
            [n, `${v}-again`],
          ] as [string, string][],
      ),
    ),
  );
  out.push(form("the intent twice, different", [...fields, ["intent", "other"]]));
  out.push(
    form(
      "every value a file",
      fields.map(([n, v]) => [n, n === "intent" ? v : new File([v || "x"], "value.txt", { type: "text/plain" })]),
    ),
  );
  for (const wrong of WRONG_VALUES)
    out.push(
      form(
        `every value ${JSON.stringify(wrong.slice(0, 20))}`,
        fields.map(([n, v]) => [n, n === "intent" ? v : wrong]),
      ),
    );
  // Bytes that are not UTF-8, percent-encoded and raw, in a urlencoded body; and in multipart.
  const invalidUtf8 = encodeUrl(intent) + rest.map(([n]) => `&${encodeURIComponent(n)}=%FF%FE%C0%80%ED%A0%80`).join("");
  out.push(raw("invalid UTF-8, percent-encoded", invalidUtf8, "application/x-www-form-urlencoded"));
  const rawBytes = new Uint8Array([
    ...new TextEncoder().encode(`${encodeUrl(intent)}&${rest[0]?.[0] ?? "x"}=`),
    0xff,
    0xfe,
    0xc0,
    0x80,
    0x00,
  ]);
  out.push(raw("invalid UTF-8, raw bytes", rawBytes, "application/x-www-form-urlencoded"));
  const boundary = "fuzzboundary";
  const parts = fields
    .map(
      ([n, v]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${n === "intent" ? v : "\udcff"}\r\n`,
    )
    .join("");
  out.push(
    raw(
      "invalid UTF-8 in multipart",
      new Uint8Array([
        ...new TextEncoder().encode(parts),
        0xff,
        0xfe,
        ...new TextEncoder().encode(`\r\n--${boundary}--\r\n`),
      ]),
      `multipart/form-data; boundary=${boundary}`,
    ),
  );
  return out;
}

/** Bodies no form can be read from (issue 8, finding 4): once per route. */
const UNREADABLE: Mutation[] = [
  raw("text/plain body", "intent=delete", "text/plain"),
  raw("JSON body", JSON.stringify({ intent: "delete", name: "x" }), "application/json"),
  raw("no content type", null),
  raw(
    "multipart without a boundary",
    '--x\r\nContent-Disposition: form-data; name="intent"\r\n\r\ndelete\r\n--x--\r\n',
    "multipart/form-data",
  ),
  raw("garbage multipart", "garbage \u0000 not multipart", "multipart/form-data; boundary=zzz"),
];

/** Hostile query strings for every loader. */
const QUERIES = [
  "?page=-1&sort=%00&q=%FF%FE&tag=%00&archived=%00",
  `?page=99999999999999999999&q=${"a".repeat(4000)}&tag=${"b".repeat(500)}`,
  "?page=abc&tag=a&tag=b&tag=c&sort=oldest&sort=newest&q=1&q=2",
  "?redirectTo=%2F%09%2Fevil.example&type=%00&bot=%00&format=zzz",
];

const hasAction = (routeId: string) =>
  typeof (serverRoutes[routeId]?.module as { action?: unknown } | undefined)?.action === "function";
// Deleting, and ending the sender's sessions (the rest of that test would run signed out).
const isDestructive = (label: string, path: string) => /delete|sign-out|end-session/.test(label) || /delete/.test(path);

async function submissionsFor(
  entry: RouteEntry,
  path: string,
  client: Client,
): Promise<{ label: string; fields: [string, string][]; hidden: string[] }[]> {
  const page = await client.get(path);
  const harvested = (page.headers.get("Content-Type") ?? "").includes("text/html")
    ? await formsOnPage(page.text, `${ORIGIN}${path}`)
    : [];
  const own = harvested
    .filter((f) => routeIdFor(f.action) === entry.route)
    .map((f) => ({ label: f.label, fields: f.fields, hidden: f.hidden }));
  const extra = (entry.posts ?? []).map((p) => ({
    label: p.label,
    hidden: [] as string[],
    fields: Object.entries(p.fields(fixture)).flatMap(([k, v]) =>
      Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]],
    ),
  }));
  // A list page renders the same form once per item (pin/delete per memory…): fuzz each
  // shape once — same action, same field names, same intent.
  const seen = new Set<string>();
  return [...own, ...extra].filter((submission) => {
    const shape = JSON.stringify([
      submission.fields.map(([name, value]) => (name === "intent" ? `${name}=${value}` : name)).sort(),
      submission.label.split(" ")[0],
    ]);
    if (seen.has(shape)) return false;
    seen.add(shape);
    return true;
  });
}

const actionEntries = routeEntries.filter((entry) => hasAction(entry.route));
// Destructive entries (delete pages) last; within an entry, destructive submissions last.
const ordered = [
  ...actionEntries.filter((e) => !isDestructive("", e.path(fixture))),
  ...actionEntries.filter((e) => isDestructive("", e.path(fixture))),
];

test.each(ordered.map((entry) => [`${entry.route} ${entry.path(fixture)}`, entry] as const))(
  "POST %s never answers 5xx",
  async (_title, entry) => {
    const path = entry.path(fixture);
    const client = entry.access === "public" ? anonymous : alice;
    const submissions = (await submissionsFor(entry, path, client)).sort(
      (a, b) => Number(isDestructive(a.label, path)) - Number(isDestructive(b.label, path)),
    );
    const failures: string[] = [];
    let sent = 0;
    const run = async (label: string, mutation: Mutation) => {
      const response = await mutation.send(client, path);
      sent++;
      if (response.status >= 500) failures.push(`${response.status} ← ${label}: ${mutation.label}`);
    };
    for (const mutation of UNREADABLE) await run("unreadable", mutation);
    for (const submission of submissions)
      for (const mutation of mutationsOf(submission.fields, submission.hidden)) await run(submission.label, mutation);
    if (submissions.length === 0)
      for (const mutation of mutationsOf([
        ["intent", "x"],
        ["name", "x"],
      ]))
        await run("no form on the page", mutation);
    expect(failures, `${failures.length} of ${sent} requests answered 5xx`).toEqual([]);
  },
  120_000,
);

test.each(routeEntries.map((entry) => [entry.path(fixture), entry] as const))(
  "GET %s with hostile query strings never answers 5xx",
  async (path, entry) => {
    const client = entry.access === "public" ? anonymous : alice;
    const failures: string[] = [];
    for (const query of QUERIES) {
      const response = await client.get(`${path}${query}`);
      if (response.status >= 500) failures.push(`${response.status} ← ${query.slice(0, 60)}`);
    }
    expect(failures).toEqual([]);
  },
  60_000,
);

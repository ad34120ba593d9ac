/** Provider host checks (app/lib/ai/host-resolver.ts): addresses judged v4 and v6, and the
 * DNS-over-HTTPS JSON wire format read from a local fake fetch (no network). */
import { expect, test } from "vitest";
import { dohResolver, isPublicAddress, resolvedHostProblem } from "~/lib/ai/host-resolver";

test("private, loopback, link-local, CGNAT, ULA, multicast and unspecified addresses are not public", () => {
  const notPublic = [
    "127.0.0.1",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.255",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "192.0.0.8",
    "198.18.0.1",
    "::",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "64:ff9b::a00:1",
    "2002:7f00:1::1",
    "2001:db8::1",
    "fe80::1%eth0",
    "not an address",
    "1.2.3",
  ];
  for (const address of notPublic) expect(isPublicAddress(address), address).toBe(false);
  for (const address of [
    "93.184.215.14",
    "1.1.1.1",
    "100.128.0.1",
    "172.32.0.1",
    "2606:4700:4700::1111",
    "::ffff:93.184.215.14",
    "2a00:1450:4001:80b::200e",
  ]) {
    expect(isPublicAddress(address), address).toBe(true);
  }
});

/** Answers as cloudflare-dns.com's JSON API does (captured shape), from a table. */
function fakeDoh(
  table: Record<string, { A?: string[]; AAAA?: string[]; status?: number }>,
  seen: string[] = [],
): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    seen.push(
      `${new Headers(init?.headers).get("Accept")} ${url.searchParams.get("name")} ${url.searchParams.get("type")}`,
    );
    const name = url.searchParams.get("name")!;
    const type = url.searchParams.get("type") as "A" | "AAAA";
    const code = type === "A" ? 1 : 28;
    const entry = table[name];
    const body = {
      Status: entry ? (entry.status ?? 0) : 3,
      TC: false,
      RD: true,
      RA: true,
      AD: false,
      CD: false,
      Question: [{ name: `${name}.`, type: code }],
      // A CNAME in the chain comes first in real answers; only A/AAAA data are addresses.
      ...(entry && !entry.status
        ? {
            Answer: [
              { name: `${name}.`, type: 5, TTL: 300, data: "edge.example.net." },
              ...(entry[type] ?? []).map((data) => ({ name: "edge.example.net.", type: code, TTL: 60, data })),
            ],
          }
        : {}),
    };
    return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/dns-json" } });
  }) as typeof fetch;
}

test("the DoH resolver asks for A and AAAA in the JSON format and reads only address answers", async () => {
  const seen: string[] = [];
  const resolver = dohResolver(
    fakeDoh({ "api.example.com": { A: ["93.184.215.14"], AAAA: ["2606:2800:21f:cb07:6820:80da:af6b:8b2c"] } }, seen),
    "https://doh.test/dns-query",
  );
  expect(await resolver.addresses("api.example.com")).toEqual([
    "93.184.215.14",
    "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
  ]);
  expect(seen.sort()).toEqual(["application/dns-json api.example.com A", "application/dns-json api.example.com AAAA"]);
});

test("a name is refused when any address is not public, when it has none, and when resolution fails", async () => {
  const resolver = dohResolver(
    fakeDoh({
      "api.example.com": { A: ["93.184.215.14"] },
      "127.0.0.1.nip.io": { A: ["127.0.0.1"] },
      "mixed.example.com": { A: ["93.184.215.14", "10.0.0.7"] },
      "six.example.com": { AAAA: ["::ffff:192.168.0.1"] },
      "empty.example.com": {},
      "broken.example.com": { status: 2 },
    }),
  );
  expect(await resolvedHostProblem("https://api.example.com/v1", resolver)).toBeNull();
  for (const host of [
    "127.0.0.1.nip.io",
    "mixed.example.com",
    "six.example.com",
    "empty.example.com",
    "broken.example.com",
    "nxdomain.example.com",
  ]) {
    expect(await resolvedHostProblem(`https://${host}/v1`, resolver), host).toMatch(
      /private|no address|could not look up/,
    );
  }
  const down = dohResolver((async () => new Response("nope", { status: 502 })) as typeof fetch);
  expect(await resolvedHostProblem("https://api.example.com/v1", down)).toMatch(/could not look up/);
  const offline = dohResolver((async () => {
    throw new TypeError("network down");
  }) as typeof fetch);
  expect(await resolvedHostProblem("https://api.example.com/v1", offline)).toMatch(/could not look up/);
});

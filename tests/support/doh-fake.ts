/**
 * A local DNS-over-HTTPS server speaking the JSON API (`application/dns-json`) as
 * cloudflare-dns.com does, over a fixed table — so the provider host checks run with no
 * network. Unknown names are NXDOMAIN (Status 3).
 */
import { createServer, type Server } from "node:http";

export const DOH_TABLE: Record<string, { A?: string[]; AAAA?: string[] }> = {
  "llm.example.com": { A: ["93.184.215.14"], AAAA: ["2606:2800:21f:cb07:6820:80da:af6b:8b2c"] },
  "127.0.0.1.nip.io": { A: ["127.0.0.1"] },
  "ten.nip.io": { A: ["10.1.2.3"] },
  "mapped.example.com": { AAAA: ["::ffff:127.0.0.1"] },
};

export async function startDohFake(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const name = (url.searchParams.get("name") ?? "").toLowerCase().replace(/\.$/, "");
    const type = url.searchParams.get("type") === "AAAA" ? "AAAA" : "A";
    const entry = DOH_TABLE[name];
    const body = entry
      ? {
          Status: 0,
          TC: false,
          RD: true,
          RA: true,
          AD: false,
          CD: false,
          Question: [{ name: `${name}.`, type: type === "A" ? 1 : 28 }],
          Answer: (entry[type] ?? []).map((data) => ({
            name: `${name}.`,
            type: type === "A" ? 1 : 28,
            TTL: 300,
            data,
          })),
        }
      : {
          Status: 3,
          TC: false,
          RD: true,
          RA: true,
          AD: false,
          CD: false,
          Question: [{ name: `${name}.`, type: type === "A" ? 1 : 28 }],
        };
    res.writeHead(200, { "Content-Type": "application/dns-json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
}

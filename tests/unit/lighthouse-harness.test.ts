/** The Lighthouse step's own parts (tests/lighthouse/): the gzip proxy that stands in for
 * Cloudflare's compression, and the CPU slowdown scaled to the host. */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { proxyPort, startGzipProxy } from "../lighthouse/gzip-proxy.ts";
import { cpuSlowdownFor } from "../lighthouse/host-speed.ts";

const HTML = `<!doctype html><title>x</title>${"<p>hello</p>".repeat(200)}`;
let origin: Server;
let proxy: Server;
let seenHost = "";

beforeAll(async () => {
  origin = createServer((req, res) => {
    seenHost = req.headers.host ?? "";
    if (req.url === "/logo.png")
      res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([137, 80, 78, 71]));
    else if (req.url === "/empty") res.writeHead(204).end();
    else
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(HTML) })
        .end(HTML);
  });
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  proxy = await startGzipProxy(new URL(`http://127.0.0.1:${(origin.address() as AddressInfo).port}`), 0);
});
afterAll(() => {
  proxy.close();
  origin.close();
});

/** The raw response (fetch would decompress it behind our back). */
function get(path: string, acceptEncoding?: string) {
  return new Promise<{ status: number; encoding: string | null; vary: string | null; body: Buffer }>(
    (resolve, reject) => {
      const headers = acceptEncoding ? { "accept-encoding": acceptEncoding } : {};
      request({ host: "127.0.0.1", port: proxyPort(proxy), path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            encoding: res.headers["content-encoding"] ?? null,
            vary: String(res.headers.vary ?? "") || null,
            body: Buffer.concat(chunks),
          }),
        );
      })
        .on("error", reject)
        .end();
    },
  );
}

test("text is gzipped for clients that accept it, as Cloudflare does; the Host is passed through", async () => {
  const page = await get("/", "gzip, deflate, br");
  expect(page.encoding).toBe("gzip");
  expect(page.vary).toMatch(/Accept-Encoding/);
  expect(gunzipSync(page.body).toString()).toBe(HTML);
  expect(page.body.length).toBeLessThan(HTML.length / 5);
  expect(seenHost).toBe(`127.0.0.1:${proxyPort(proxy)}`);
});

test("images, empty responses and clients without gzip get the origin's bytes", async () => {
  expect((await get("/", "identity")).encoding).toBeNull();
  const logo = await get("/logo.png", "gzip");
  expect(logo.encoding).toBeNull();
  expect([...logo.body]).toEqual([137, 80, 78, 71]);
  expect(await get("/empty", "gzip")).toMatchObject({ status: 204, encoding: null });
});

test("the CPU slowdown is the preset's ×4 on a fast host and scales down, never below ×1, on a slow or busy one", () => {
  expect(cpuSlowdownFor(2000)).toBe(4);
  expect(cpuSlowdownFor(1500)).toBe(4);
  expect(cpuSlowdownFor(750)).toBe(2);
  expect(cpuSlowdownFor(600)).toBe(1.6);
  expect(cpuSlowdownFor(100)).toBe(1);
});

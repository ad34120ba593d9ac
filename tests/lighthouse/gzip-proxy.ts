/**
 * A reverse proxy that compresses like Cloudflare's edge: text responses (HTML, CSS,
 * JavaScript, JSON, SVG, XML) are gzipped for clients that accept it. `vite preview` serves
 * the production build uncompressed, and Lighthouse would then score transfer sizes that no
 * visitor ever sees (and flag "enable text compression").
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream";
import { constants, createGzip } from "node:zlib";

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|atom\+xml|rss\+xml|manifest\+json)|image\/svg\+xml)/i;

/** Whether a response with these headers, for a request that sent `acceptEncoding`, gets gzipped. */
export function shouldGzip(
  method: string,
  status: number,
  headers: IncomingHttpHeaders,
  acceptEncoding: string | undefined,
): boolean {
  if (method === "HEAD" || status === 204 || status === 304) return false;
  if (headers["content-encoding"]) return false;
  if (!/\bgzip\b/i.test(acceptEncoding ?? "")) return false;
  return COMPRESSIBLE.test(String(headers["content-type"] ?? ""));
}

/** Listen on 127.0.0.1:`port` (0 picks a free port) and forward everything to `upstream`. */
export function startGzipProxy(upstream: URL, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    // The Host stays the one the browser asked for, as Cloudflare passes it to a Worker:
    // absolute URLs the page builds (canonical links) name this proxy, not the origin.
    const headers = { ...req.headers };
    // Ask the origin for identity bytes: compression is this layer's job, as at the edge.
    delete headers["accept-encoding"];
    const forward = request(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (upstreamRes) => {
        const status = upstreamRes.statusCode ?? 502;
        const out = { ...upstreamRes.headers };
        if (!shouldGzip(req.method ?? "GET", status, upstreamRes.headers, req.headers["accept-encoding"])) {
          res.writeHead(status, out);
          pipeline(upstreamRes, res, () => {});
          return;
        }
        delete out["content-length"];
        out["content-encoding"] = "gzip";
        out.vary = out.vary ? `${out.vary}, Accept-Encoding` : "Accept-Encoding";
        res.writeHead(status, out);
        // Flush per chunk so streamed HTML keeps streaming, as it does behind Cloudflare.
        pipeline(upstreamRes, createGzip({ flush: constants.Z_SYNC_FLUSH }), res, () => {});
      },
    );
    forward.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("upstream unavailable");
    });
    pipeline(req, forward, () => {});
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

export function proxyPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

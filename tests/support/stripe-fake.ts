/**
 * A local HTTP server that speaks Stripe's wire format for the calls BotCafe makes:
 * form-encoded POST bodies with bracketed keys (metadata[userId]=…, line_items[0][price]=…),
 * Bearer secret-key auth, JSON objects back, and Stripe's error body
 * ({"error": {"type", "code", "message", "param"}}) with the matching status.
 *
 * Runs in Node (vitest globalSetup for the workers project); the Stripe client inside
 * workerd is pointed at it with host/port/protocol. GET /__requests returns every request
 * it received so tests can check what was sent.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";

export interface RecordedRequest {
  method: string;
  path: string;
  form: Record<string, string>;
  idempotencyKey: string | null;
}

/** Stripe's nested form encoding → a flat map ("metadata[userId]" → "u1"). */
function parseForm(body: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) form[key] = value;
  return form;
}

function stripeError(status: number, type: string, message: string, param?: string, code?: string) {
  return { status, body: { error: { type, message, ...(param ? { param } : {}), ...(code ? { code } : {}) } } };
}

function metadataOf(form: Record<string, string>, prefix = "metadata"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    const match = key.match(new RegExp(`^${prefix.replace(/[[\]]/g, "\\$&")}\\[([^\\]]+)\\]$`));
    if (match) out[match[1]!] = value;
  }
  return out;
}

export function startStripeFake(port = 0): Promise<{ server: Server; port: number }> {
  const requests: RecordedRequest[] = [];
  const idempotent = new Map<string, unknown>();
  let counter = 0;
  const next = (prefix: string) => `${prefix}_fake${String(++counter).padStart(6, "0")}`;

  function handle(
    method: string,
    path: string,
    form: Record<string, string>,
    auth: string | undefined,
  ): { status: number; body: unknown } {
    if (!auth?.startsWith("Bearer sk_test_"))
      return stripeError(401, "invalid_request_error", "Invalid API Key provided.");
    if (method === "POST" && path === "/v1/customers") {
      return {
        status: 200,
        body: {
          id: next("cus"),
          object: "customer",
          email: form.email ?? null,
          metadata: metadataOf(form),
          livemode: false,
        },
      };
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      if (!form.mode)
        return stripeError(400, "invalid_request_error", "Missing required param: mode.", "mode", "parameter_missing");
      if (!form.success_url)
        return stripeError(
          400,
          "invalid_request_error",
          "Missing required param: success_url.",
          "success_url",
          "parameter_missing",
        );
      if (form.mode === "subscription" && !form["line_items[0][price]"])
        return stripeError(
          400,
          "invalid_request_error",
          "A subscription needs a recurring price.",
          "line_items[0][price]",
          "parameter_missing",
        );
      if (form["line_items[0][price]"] === "price_missing")
        return stripeError(
          400,
          "invalid_request_error",
          "No such price: 'price_missing'",
          "line_items[0][price]",
          "resource_missing",
        );
      const id = next("cs_test");
      return {
        status: 200,
        body: {
          id,
          object: "checkout.session",
          mode: form.mode,
          customer: form.customer ?? null,
          client_reference_id: form.client_reference_id ?? null,
          metadata: metadataOf(form),
          status: "open",
          payment_status: "unpaid",
          url: `https://checkout.stripe.com/c/pay/${id}`,
          livemode: false,
        },
      };
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      if (!form.customer)
        return stripeError(
          400,
          "invalid_request_error",
          "Missing required param: customer.",
          "customer",
          "parameter_missing",
        );
      const id = next("bps");
      return {
        status: 200,
        body: {
          id,
          object: "billing_portal.session",
          customer: form.customer,
          return_url: form.return_url ?? null,
          url: `https://billing.stripe.com/p/session/${id}`,
          livemode: false,
        },
      };
    }
    return stripeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  const server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname === "/__requests") {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(requests));
      return;
    }
    const contentType = req.headers["content-type"] ?? "";
    const form = req.method === "POST" ? parseForm(body) : {};
    if (req.method === "POST" && !contentType.startsWith("application/x-www-form-urlencoded")) {
      const { status, body: error } = stripeError(400, "invalid_request_error", "Request bodies must be form-encoded.");
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(error));
      return;
    }
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    requests.push({ method: req.method ?? "GET", path: url.pathname, form, idempotencyKey });
    const replay = idempotencyKey ? idempotent.get(`${url.pathname}:${idempotencyKey}`) : undefined;
    const result =
      (replay as { status: number; body: unknown } | undefined) ??
      handle(req.method ?? "GET", url.pathname, form, req.headers.authorization);
    if (idempotencyKey && !replay) idempotent.set(`${url.pathname}:${idempotencyKey}`, result);
    res
      .writeHead(result.status, { "Content-Type": "application/json", "Request-Id": `req_${counter}` })
      .end(JSON.stringify(result.body));
  });
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve({ server, port: (server.address() as { port: number }).port })),
  );
}

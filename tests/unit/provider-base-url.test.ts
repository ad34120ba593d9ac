/**
 * Finding 7 of the security review: a key with baseUrl=http://127.0.0.1:… made the
 * server post the user's bearer key to any host and port. Production now allows only
 * https:// to public host names; development also allows this machine over http.
 */
import { describe, expect, test } from "vitest";
import { baseUrlProblem } from "~/lib/ai/base-url";

const publicUrls = [
  "https://api.openai.com/v1",
  "https://api.together.xyz/v1/",
  "https://llm.example.com:8443/v1",
  "https://API.Mistral.AI/v1",
];
const refusedEverywhere = [
  "http://api.openai.com/v1", // plain http to a public host leaks the key on the wire
  "https://10.0.0.5/v1",
  "https://192.168.1.10/v1",
  "https://169.254.169.254/latest",
  "https://[fd00::1]/v1",
  "https://[::ffff:127.0.0.1]/v1",
  "https://intranet/v1",
  "https://printer.local/v1",
  "https://metadata.google.internal/",
  "https://user:pass@api.example.com/v1",
  "ftp://api.example.com/",
  "file:///etc/passwd",
  "not a url",
];
const loopback = [
  "http://localhost:11434/v1",
  "http://127.0.0.1:8080/v1",
  "http://[::1]:1234/v1",
  "http://2130706433/v1",
  "http://0x7f.1/v1",
  "https://localhost/v1",
  "http://ollama.localhost/v1",
];

describe("production", () => {
  test.each(publicUrls)("accepts %s", (url) => expect(baseUrlProblem(url, "production")).toBeNull());
  test.each([...refusedEverywhere, ...loopback])("refuses %s", (url) =>
    expect(baseUrlProblem(url, "production")).not.toBeNull(),
  );
});

describe("development", () => {
  test.each([...publicUrls, ...loopback])("accepts %s", (url) => expect(baseUrlProblem(url, "development")).toBeNull());
  test.each(refusedEverywhere)("refuses %s", (url) => expect(baseUrlProblem(url, "development")).not.toBeNull());
});

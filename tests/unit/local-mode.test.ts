/** Local mode (app/lib/runtime/local-mode.ts): the local var AND a request to this machine. */
import { expect, test } from "vitest";
import { sessionSecret } from "~/lib/auth/session";
import { envForRequest, isLocalMode, isLoopbackHostname } from "~/lib/runtime/local-mode";

test("only the local var, and never beside ENVIRONMENT=production, is local mode", () => {
  expect(isLocalMode({ BOTCAFE_LOCAL: "1", ENVIRONMENT: "development" })).toBe(true);
  expect(isLocalMode({ BOTCAFE_LOCAL: "1" })).toBe(true);
  // wrangler.toml's top-level [vars] (what a plain `wrangler deploy` ships) is not enough.
  expect(isLocalMode({ ENVIRONMENT: "development" })).toBe(false);
  expect(isLocalMode({ BOTCAFE_LOCAL: "true", ENVIRONMENT: "development" })).toBe(false);
  expect(isLocalMode({ BOTCAFE_LOCAL: "1", ENVIRONMENT: "production" })).toBe(false);
});

test("loopback is 127.0.0.0/8, localhost and [::1] — nothing that merely looks like it", () => {
  for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "localhost.", "[::1]"])
    expect(isLoopbackHostname(host), host).toBe(true);
  for (const host of [
    "botcafe.example",
    "127.0.0.1.nip.io",
    "localhost.evil.example",
    "10.0.0.5",
    "192.168.1.20",
    "0.0.0.0",
    "[::]",
    "128.0.0.1",
    "127.0.0.256",
  ]) {
    expect(isLoopbackHostname(host), host).toBe(false);
  }
});

test("a request not addressed to this machine loses local mode", () => {
  const env = { BOTCAFE_LOCAL: "1", ENVIRONMENT: "development", SESSION_SECRET: undefined as string | undefined };
  expect(isLocalMode(envForRequest(env, new Request("http://127.0.0.1:8787/sign-in")))).toBe(true);
  expect(isLocalMode(envForRequest(env, new Request("http://localhost:5173/")))).toBe(true);
  expect(isLocalMode(envForRequest(env, new Request("http://[::1]:8787/")))).toBe(true);
  const remote = envForRequest(env, new Request("http://192.168.1.20:8787/sign-in"));
  expect(isLocalMode(remote)).toBe(false);
  expect(env.BOTCAFE_LOCAL).toBe("1"); // the shared env is not changed
});

test("the session secret never falls back to the built-in one outside local mode", () => {
  expect(sessionSecret({ ENVIRONMENT: "development" })).toBeNull();
  expect(sessionSecret({ ENVIRONMENT: "production", BOTCAFE_LOCAL: "1" })).toBeNull();
  expect(sessionSecret({ ENVIRONMENT: "production", SESSION_SECRET: "s3cret" })).toBe("s3cret");
  expect(sessionSecret({ BOTCAFE_LOCAL: "1" })).toEqual(expect.any(String));
});

/**
 * Where a person's provider key may be sent. The server posts the person's bearer key to
 * the key's base URL, so a base URL must not point the server at itself or at anything
 * that is not a public provider:
 * - production: only `https://` to a public host name — no IP literals, no `localhost`,
 *   no single-label or internal names (`.local`, `.internal`, `.lan`, `.home.arpa`), no
 *   credentials in the URL;
 * - development: also `http://` to this machine (`localhost`, `127.x.x.x`, `[::1]`), so a
 *   local llama.cpp or Ollama server works.
 * The URL is parsed (as fetch would), so encoded or numeric forms of an address
 * (`http://2130706433/`, `0x7f.1`) are judged by what they mean. Workers cannot open
 * connections to private networks in any case; this keeps the rule visible and tested.
 */

import { isLocalMode, type LocalModeEnv } from "../runtime/local-mode";

/** "development" is local mode; "production" is every other deployment (previews too). */
export type Environment = "production" | "development";

const INTERNAL_SUFFIXES = [
  ".localhost",
  ".local",
  ".internal",
  ".lan",
  ".home.arpa",
  ".intranet",
  ".corp",
  ".localdomain",
];

const isIpv4 = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
const isIpv6 = (host: string) => host.startsWith("[") && host.endsWith("]");

/** This machine: where a development server may run a model. */
function isLoopback(host: string): boolean {
  return (
    host === "localhost" || host.endsWith(".localhost") || (isIpv4(host) && host.startsWith("127.")) || host === "[::1]"
  );
}

function isPublicHostName(host: string): boolean {
  if (isIpv4(host) || isIpv6(host)) return false; // use the provider's name, not an address
  if (host === "localhost" || !host.includes(".")) return false;
  return !INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** Why this base URL may not be used here, or null when it may. */
export function baseUrlProblem(raw: string, environment: Environment): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "Enter a full URL, such as https://api.example.com/v1.";
  }
  if (url.username || url.password) return "Put the key in the API key field, not in the URL.";
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (environment === "development" && isLoopback(host) && (url.protocol === "http:" || url.protocol === "https:"))
    return null;
  if (url.protocol !== "https:") {
    return environment === "production"
      ? "The base URL must start with https://."
      : "The base URL must start with https:// (http:// works only for a server on this machine, such as http://localhost:11434/v1).";
  }
  if (!isPublicHostName(host)) {
    return environment === "production"
      ? "The base URL must be a public host name, such as https://api.example.com/v1 (no IP addresses, localhost or internal names)."
      : "The base URL must be a public host name, or a server on this machine (localhost).";
  }
  return null;
}

/** The strict rule everywhere but local mode (a developer's machine, app/lib/runtime/local-mode.ts). */
export function environmentOf(env: LocalModeEnv): Environment {
  return isLocalMode(env) ? "development" : "production";
}

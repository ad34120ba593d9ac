/**
 * Finds an OpenAI-compatible model server running on this machine (Ollama, llama.cpp's
 * server, KoboldCpp, LM Studio, or the URL in LOCAL_MODEL_URL), so a newcomer who already
 * has one can use it instead of the offline demo model with one form.
 *
 * Local mode only: in production nothing is probed. A probe is `GET {baseUrl}/models`
 * answered with `{ object: "list", data: [{ id, object: "model" }] }`. It is quick and
 * never slows a page: every candidate is asked at once with a short timeout, the answer
 * (found or not) is cached per isolate for a while, and pages wait only briefly for it
 * (`offer`), letting a slow probe finish in the background for the next page.
 */
import { baseUrlProblem, environmentOf } from "./base-url";

export interface LocalServer {
  /** e.g. "Ollama" */
  name: string;
  /** The OpenAI-compatible base URL, e.g. http://localhost:11434/v1 */
  baseUrl: string;
  /** The model ids from its /models list, in its order. */
  models: string[];
}

type ProbeEnv = { ENVIRONMENT?: string; BOTCAFE_LOCAL?: string; LOCAL_MODEL_URL?: string };

/** The usual ports of the usual servers, in the order they are offered. */
export const KNOWN_LOCAL_SERVERS: readonly { name: string; baseUrl: string }[] = [
  { name: "Ollama", baseUrl: "http://localhost:11434/v1" },
  { name: "llama.cpp server", baseUrl: "http://localhost:8080/v1" },
  { name: "KoboldCpp", baseUrl: "http://localhost:5001/v1" },
  { name: "LM Studio", baseUrl: "http://localhost:1234/v1" },
];

const MAX_MODELS = 50;

/** LOCAL_MODEL_URL as a base URL: `/v1` added to a bare origin; null when unusable here. */
export function configuredBaseUrl(raw: string | undefined): string | null {
  if (!raw?.trim()) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (baseUrlProblem(url.href, "development")) return null;
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${path || "/v1"}`;
}

/** The server's model ids, or null when nothing (or something else) answers in time. */
export async function listModels(baseUrl: string, fetcher: typeof fetch, timeoutMs: number): Promise<string[] | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetcher(`${baseUrl}/models`, {
      headers: { Accept: "application/json" },
      signal: controller.signal,
    });
    if (!response.ok) return null;
    const body = (await response.json()) as { object?: unknown; data?: unknown };
    if (!Array.isArray(body.data)) return null;
    const ids = body.data
      .map((m) =>
        m && typeof m === "object" && typeof (m as { id?: unknown }).id === "string"
          ? (m as { id: string }).id.trim()
          : "",
      )
      .filter((id) => id.length > 0 && id.length <= 100);
    return ids.length ? [...new Set(ids)].slice(0, MAX_MODELS) : null;
  } catch {
    return null; // refused, timed out, or not JSON: not a model server
  } finally {
    clearTimeout(timer);
  }
}

export interface LocalServerDetectorOptions {
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** How long one probe may take. */
  timeoutMs?: number;
  /** How long a found server is reused. */
  ttlMs?: number;
  /** How long "nothing answers" is reused: longer, since each probe of a closed port is
   * logged by workerd ("Network connection lost") even though it is caught. */
  missTtlMs?: number;
  now?: () => number;
}

export interface LocalServerDetector {
  /** Probes (or reuses the cached answer) and waits for it. */
  detect(env: ProbeEnv): Promise<LocalServer | null>;
  /** The answer if it is ready within `waitMs`, else null; the probe then finishes in
   * the background (through `waitUntil`) for the next page. */
  offer(env: ProbeEnv, waitUntil: (promise: Promise<unknown>) => void, waitMs?: number): Promise<LocalServer | null>;
}

export function createLocalServerDetector(options: LocalServerDetectorOptions = {}): LocalServerDetector {
  const timeoutMs = options.timeoutMs ?? 500;
  const ttlMs = options.ttlMs ?? 30_000;
  const missTtlMs = options.missTtlMs ?? 300_000;
  const now = options.now ?? Date.now;
  let cached: { key: string; at: number; answer: Promise<LocalServer | null>; found?: boolean } | null = null;

  async function probe(env: ProbeEnv): Promise<LocalServer | null> {
    const fetcher = options.fetch ?? ((input, init) => fetch(input, init));
    const configured = configuredBaseUrl(env.LOCAL_MODEL_URL);
    const candidates = [
      ...(configured ? [{ name: "Your local model server", baseUrl: configured }] : []),
      ...KNOWN_LOCAL_SERVERS.filter((s) => s.baseUrl !== configured),
    ];
    const answers = await Promise.all(candidates.map((c) => listModels(c.baseUrl, fetcher, timeoutMs)));
    const index = answers.findIndex((models) => models !== null);
    return index < 0 ? null : { ...candidates[index]!, models: answers[index]! };
  }

  const detector: LocalServerDetector = {
    detect(env) {
      if (environmentOf(env) !== "development") return Promise.resolve(null);
      const key = env.LOCAL_MODEL_URL ?? "";
      const age = cached ? now() - cached.at : 0;
      if (!cached || cached.key !== key || age >= (cached.found === false ? missTtlMs : ttlMs)) {
        const entry: NonNullable<typeof cached> = { key, at: now(), answer: probe(env) };
        void entry.answer.then((server) => (entry.found = server !== null));
        cached = entry;
      }
      return cached.answer;
    },
    async offer(env, waitUntil, waitMs = 150) {
      const answer = detector.detect(env);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
      try {
        return await Promise.race([answer, late]);
      } finally {
        clearTimeout(timer);
        waitUntil(answer);
      }
    },
  };
  return detector;
}

/** The one detector of this isolate: its cache is what keeps pages quick. */
export const localServerDetector = createLocalServerDetector();

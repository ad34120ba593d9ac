/**
 * Does a base URL's host name lead somewhere public? A name like `127.0.0.1.nip.io`
 * passes every rule about how a name looks and still points at loopback, so outside
 * local mode a provider's host is resolved — DNS over HTTPS (the JSON API, A and AAAA) —
 * and refused when any address is private, loopback, link-local, CGNAT, ULA, multicast,
 * reserved or unspecified, v4 or v6 (v4-mapped and NAT64 forms judged by their v4), and
 * when resolution fails. Checked when a key is saved and again before each provider call.
 *
 * The resolver takes `fetch` as a parameter: tests answer in the real DoH JSON wire format
 * from a local fake, with no network.
 */

export interface HostResolver {
  /** Every A and AAAA address of `host`; throws when it cannot be resolved. */
  addresses(host: string): Promise<string[]>;
}

export const DOH_ENDPOINT = "https://cloudflare-dns.com/dns-query";
const DNS_TYPE = { A: 1, AAAA: 28 } as const;

interface DohAnswer {
  Status?: number;
  Answer?: { name?: string; type?: number; data?: string }[];
}

/** A HostResolver over the DoH JSON API (`accept: application/dns-json`), as cloudflare-dns.com and dns.google speak it. */
export function dohResolver(fetchImpl: typeof fetch, endpoint = DOH_ENDPOINT): HostResolver {
  async function query(host: string, type: keyof typeof DNS_TYPE): Promise<string[]> {
    const url = new URL(endpoint);
    url.searchParams.set("name", host);
    url.searchParams.set("type", type);
    const response = await fetchImpl(url.toString(), { headers: { Accept: "application/dns-json" } });
    if (!response.ok) throw new Error(`DNS over HTTPS answered ${response.status}.`);
    const body = (await response.json()) as DohAnswer;
    // 0 NOERROR; 3 NXDOMAIN and the rest (SERVFAIL, REFUSED…) are failures.
    if (body.Status !== 0) throw new Error(`DNS status ${body.Status}.`);
    return (body.Answer ?? [])
      .filter((answer) => answer.type === DNS_TYPE[type] && typeof answer.data === "string")
      .map((answer) => answer.data!);
  }
  return {
    async addresses(host) {
      const [v4, v6] = await Promise.all([query(host, "A"), query(host, "AAAA")]);
      return [...v4, ...v6];
    },
  };
}

function ipv4Octets(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

function isPublicIpv4([a, b, c]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return false; // "this network", private, loopback
  if (a === 100 && b! >= 64 && b! <= 127) return false; // CGNAT 100.64/10
  if (a === 169 && b === 254) return false; // link-local
  if (a === 172 && b! >= 16 && b! <= 31) return false; // private
  if (a === 192 && b === 168) return false; // private
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF protocol assignments, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return false; // TEST-NET-3
  if (a! >= 224) return false; // multicast, reserved, broadcast
  return true;
}

/** The eight 16-bit groups of an IPv6 address (dotted v4 tail allowed), or null. */
function ipv6Groups(text: string): number[] | null {
  let address = text.replace(/^\[|\]$/g, "").toLowerCase();
  if (address.includes("%")) return null; // zone ids are link-local by definition
  const v4Tail = address.match(/^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (v4Tail) {
    const octets = ipv4Octets(v4Tail[2]!);
    if (!octets) return null;
    address = `${v4Tail[1]}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

function isPublicIpv6(g: number[]): boolean {
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255];
  if (g.slice(0, 7).every((x) => x === 0) && (g[7] === 0 || g[7] === 1)) return false; // :: and ::1
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return isPublicIpv4(v4(g[6]!, g[7]!)); // ::ffff:a.b.c.d
  if (g.slice(0, 6).every((x) => x === 0)) return false; // deprecated v4-compatible ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return isPublicIpv4(v4(g[6]!, g[7]!)); // NAT64
  if (g[0] === 0x2002) return isPublicIpv4(v4(g[1]!, g[2]!)); // 6to4
  if ((g[0]! & 0xfe00) === 0xfc00) return false; // ULA fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((g[0]! & 0xffc0) === 0xfec0) return false; // site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return false; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return false; // documentation
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return false; // discard 100::/64
  return true;
}

/** Is this address (v4 or v6 text) one a provider may live at? Anything unparseable is not. */
export function isPublicAddress(address: string): boolean {
  const v4 = ipv4Octets(address);
  if (v4) return isPublicIpv4(v4);
  const v6 = ipv6Groups(address);
  return v6 ? isPublicIpv6(v6) : false;
}

/** Why `baseUrl`'s host may not be called, or null when every address it resolves to is public. */
export async function resolvedHostProblem(baseUrl: string, resolver: HostResolver): Promise<string | null> {
  let host: string;
  try {
    host = new URL(baseUrl.trim()).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return "Enter a full URL, such as https://api.example.com/v1.";
  }
  let addresses: string[];
  try {
    addresses = await resolver.addresses(host);
  } catch {
    return `We could not look up ${host}; check the name and try again.`;
  }
  if (addresses.length === 0) return `${host} has no address; check the name.`;
  if (!addresses.every(isPublicAddress))
    return `${host} points to a private or local network address; use the provider's public host name.`;
  return null;
}

/** The app's resolver: DoH from the Worker, at DOH_ENDPOINT when set (tests point it at a local fake). */
export function hostResolverFor(
  env: { DOH_ENDPOINT?: string },
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): HostResolver {
  return dohResolver(fetchImpl, env.DOH_ENDPOINT || DOH_ENDPOINT);
}

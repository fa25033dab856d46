import { CozeError } from './errors/index.js';

/** Picks the proxy for a request URL, or undefined to connect directly. */
export type ProxyChooser = (target: URL) => URL | undefined;

/**
 * The proxy policy of the Node transport. `proxy: 'http://host:port'` sends every request through
 * that proxy; `proxy: false` none; by default the environment decides, as curl and httpx read it:
 * `https_proxy`/`HTTPS_PROXY` for https URLs, `http_proxy`/`HTTP_PROXY` for http URLs (the
 * lower-case name wins), and `no_proxy`/`NO_PROXY` lists the hosts reached directly. Returns
 * undefined when no proxy is configured at all.
 */
export function chooseProxy(
  option: string | false | undefined,
  env: Record<string, string | undefined>,
): ProxyChooser | undefined {
  if (option === false) return undefined;
  if (option !== undefined) {
    const proxy = parseProxy(option, 'proxy');
    return () => proxy;
  }
  const read = (name: string) => env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;
  const https = read('https_proxy');
  const http = read('http_proxy');
  if (!https && !http) return undefined;
  const byProtocol: Record<string, URL | undefined> = {
    'https:': https ? parseProxy(https, env.https_proxy ? 'https_proxy' : 'HTTPS_PROXY') : undefined,
    'http:': http ? parseProxy(http, env.http_proxy ? 'http_proxy' : 'HTTP_PROXY') : undefined,
  };
  const bypass = noProxyRules(read('no_proxy') ?? '');
  return (target) => {
    const proxy = byProtocol[target.protocol];
    return proxy && !bypass(target) ? proxy : undefined;
  };
}

/** A proxy URL: http only (a scheme-less `host:port` means http, as in curl). */
function parseProxy(value: string, name: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    // Unreadable: url stays undefined.
  }
  if (!url || url.protocol !== 'http:' || !url.hostname) {
    const shown = url ? `${url.protocol}//${url.host}` : 'an unreadable URL';
    throw new CozeError(`${name} must be an http:// proxy URL such as http://proxy.example:3128; got ${shown}.`);
  }
  return url;
}

/**
 * NO_PROXY as curl reads it: comma- or space-separated entries, `*` for every host; a name matches
 * itself and its subdomains (`example.com`, `.example.com` and `*.example.com` alike; a trailing dot
 * on either side is ignored); an IP address or a CIDR block (`10.0.0.0/8`, `fd00::/8`) matches the
 * addresses in it, IPv6 ones however they are written; `:port` narrows an entry to it.
 */
export function noProxyRules(list: string): (target: URL) => boolean {
  const rules = list
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .map(parseRule);
  // Stryker disable next-line ArrowFunction: chooseProxy reads the answer with `!`, to which undefined is false.
  if (rules.length === 0) return () => false;
  return (target) => {
    // Stryker disable next-line Regex: a URL's hostname has brackets only around a whole IPv6 address, so unanchored alike.
    const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
    const port = target.port || (target.protocol === 'https:' ? '443' : '80');
    return rules.some((rule) => (rule.port === undefined || rule.port === port) && rule.matches(host));
  };
}

interface Rule {
  port: string | undefined;
  matches: (host: string) => boolean;
}

function parseRule(entry: string): Rule {
  if (entry === '*') return { port: undefined, matches: () => true };
  let host = entry;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
  } else if (/^[^:]+:\d+$/.test(entry)) {
    [host, port] = entry.split(':') as [string, string];
  }
  const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(host);
  // Only an IPv4 block is read as one: an octet over 255 or a prefix over 32 would wrap onto other
  // addresses (10.0.0.0/33 onto 0.0.0.0/1). curl reads no block there, and the entry matches nothing.
  if (cidr && Number(cidr[2]) <= 32 && cidr[1]!.split('.').every((octet) => Number(octet) <= 255)) {
    const bits = Number(cidr[2]);
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    const network = (ipv4(cidr[1]!)! & mask) >>> 0;
    return {
      port,
      matches: (target) => {
        const address = ipv4(target);
        return address !== undefined && (address & mask) >>> 0 === network;
      },
    };
  }
  // No host name has a colon: this is an IPv6 address or block, or matches nothing.
  if (host.includes(':')) return { port, matches: ipv6Block(host) };
  const name = host.replace(/^\*?\./, '').replace(/\.$/, '');
  return { port, matches: (target) => target === name || target.endsWith(`.${name}`) };
}

/** `2001:db8::/32`, or one address (`::1`, in any spelling) as a /128. */
function ipv6Block(entry: string): (target: string) => boolean {
  const parts = /^([\da-f:.]+)(?:\/(\d{1,3}))?$/.exec(entry);
  const bits = Number(parts?.[2] ?? 128);
  const address = parts && bits <= 128 ? ipv6(canonicalIpv6(parts[1]!)) : undefined;
  // Stryker disable next-line ArrowFunction: the rule's answer is read by `some`, to which undefined is false.
  if (address === undefined) return () => false;
  const mask = ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
  const network = address & mask;
  return (target) => {
    const value = ipv6(target);
    return value !== undefined && (value & mask) === network;
  };
}

/** How a URL writes an IPv6 address (`0:0::1` as `::1`, a dotted tail in hex), or '' when it is none. */
function canonicalIpv6(text: string): string {
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    // Stryker disable next-line StringLiteral: any text without a colon reads as no address.
    return '';
  }
}

/** An IPv6 address as a URL writes it, as a 128-bit number; undefined for anything else. */
function ipv6(text: string): bigint | undefined {
  // A name or an IPv4 address has no colon (and would not read as hex).
  if (!text.includes(':')) return undefined;
  const [head, tail] = text.split('::').map((half) => (half ? half.split(':') : []));
  const groups = tail === undefined ? head! : [...head!, ...Array<string>(8 - head!.length - tail.length).fill('0'), ...tail];
  return groups.reduce((sum, group) => (sum << 16n) + BigInt(`0x${group}`), 0n);
}

function ipv4(text: string): number | undefined {
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!parts) return undefined;
  return parts.slice(1).reduce((sum, part) => sum * 256 + Number(part), 0);
}

/** Where the code runs, as far as it can tell without asking for any permission. */
export interface Platform {
  /**
   * `node`, `bun`, `deno`, `workerd` (Cloudflare Workers), `edge-light` (Vercel's edge runtime), a browser
   * (`chrome`, `edge`, `firefox`, `safari`, or `browser` when the page does not say which), or `unknown`.
   */
  runtime: string;
  /** The runtime's or browser's version, e.g. `22.23.5`; `unknown` where it does not tell. */
  version: string;
  /** `linux`, `macos`, `windows`, `android`, `ios`, `chromeos`, `freebsd`, `openbsd`, … or `unknown`. */
  os: string;
  /**
   * Whether this is a web page or a browser's worker: code that runs here, and any secret in it, is
   * shipped to every visitor. Server runtimes (Node, Bun, Deno, workerd) are not browsers.
   */
  browser: boolean;
}

interface Globals {
  Deno?: { version?: { deno?: string }; build?: { os?: string } };
  Bun?: unknown;
  EdgeRuntime?: unknown;
  process?: { versions?: Record<string, string | undefined>; platform?: string };
  navigator?: { userAgent?: string; userAgentData?: { platform?: string } };
  document?: unknown;
  WorkerGlobalScope?: unknown;
}

let detected: Platform | undefined;

/**
 * Detects the runtime, its version and the operating system, once. Reads only globals that need no
 * permission (on Deno: `Deno.version` and `Deno.build`, never the environment).
 *
 * @example
 * detectPlatform(); // { runtime: 'node', version: '22.23.5', os: 'linux', browser: false }
 */
export function detectPlatform(): Platform {
  return (detected ??= platformOf(globalThis));
}

/**
 * A User-Agent value in the common `product (runtime version; os)` form.
 *
 * @example
 * userAgent('my-sdk/1.2.0'); // 'my-sdk/1.2.0 (node 22.23.5; linux)'
 */
export function userAgent(product: string, platform: Platform = detectPlatform()): string {
  return `${product} (${platform.runtime} ${platform.version}; ${platform.os})`;
}

/** The platform a global object describes (detectPlatform() reads `globalThis`; tests pass fakes). */
export function platformOf(globals: object): Platform {
  const g = globals as Globals;
  const server = (runtime: string, version: string | undefined, os: string | undefined): Platform => ({
    runtime,
    version: version || 'unknown',
    os: osName(os),
    browser: false,
  });
  // Deno and Bun also define `process` (and Deno 2 a Node-like `navigator`): ask them first.
  if (typeof g.Deno?.version?.deno === 'string') return server('deno', g.Deno.version.deno, g.Deno.build?.os);
  if (g.Bun !== undefined) return server('bun', g.process?.versions?.bun, g.process?.platform);
  // Stryker disable next-line StringLiteral: an agent naming no browser or OS, not Mozilla/… or Cloudflare-Workers, reads as '' does
  const agent = g.navigator?.userAgent ?? '';
  if (agent === 'Cloudflare-Workers') return server('workerd', undefined, undefined);
  if (typeof g.EdgeRuntime === 'string') return server('edge-light', undefined, undefined);
  // A test environment that fakes `window` (jsdom, happy-dom) still runs in Node: a server.
  if (typeof g.process?.versions?.node === 'string') return server('node', g.process.versions.node, g.process.platform);
  if (g.document !== undefined || (g.WorkerGlobalScope !== undefined && agent.startsWith('Mozilla/'))) {
    return { ...browserOf(agent), os: osName(g.navigator?.userAgentData?.platform ?? osFromUserAgent(agent)), browser: true };
  }
  return { runtime: 'unknown', version: 'unknown', os: 'unknown', browser: false };
}

// Order matters: Edge's agent also names Chrome and Safari, Chrome's names Safari.
const BROWSERS: Array<[string, RegExp]> = [
  ['edge', /\bEdg(?:e|A|iOS)?\/([\d.]+)/],
  ['firefox', /\b(?:Firefox|FxiOS)\/([\d.]+)/],
  ['chrome', /\b(?:HeadlessChrome|Chrome|Chromium|CriOS)\/([\d.]+)/],
  ['safari', /\bVersion\/([\d.]+).*\bSafari\//],
];

function browserOf(agent: string): Pick<Platform, 'runtime' | 'version'> {
  for (const [runtime, pattern] of BROWSERS) {
    const version = pattern.exec(agent)?.[1];
    if (version) return { runtime, version };
  }
  return { runtime: 'browser', version: 'unknown' };
}

function osFromUserAgent(agent: string): string | undefined {
  if (/Android/.test(agent)) return 'android';
  if (/iPhone|iPad|iPod/.test(agent)) return 'ios';
  if (/CrOS/.test(agent)) return 'chromeos';
  if (/Windows/.test(agent)) return 'windows';
  if (/Mac OS X|Macintosh/.test(agent)) return 'macos';
  if (/Linux|X11/.test(agent)) return 'linux';
  return undefined;
}

const OS_NAMES: Record<string, string> = { darwin: 'macos', macos: 'macos', win32: 'windows', 'chrome os': 'chromeos' };

function osName(os: string | undefined): string {
  if (!os) return 'unknown';
  const name = os.toLowerCase();
  return OS_NAMES[name] ?? name;
}

import { describe, expect, it } from 'vitest';
import { detectPlatform, userAgent } from '../src/index.js';
import { platformOf } from '../src/platform.js';

// Real agents, as the browsers send them.
const AGENTS = {
  chrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  headless: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.7444.59 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
  firefox: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0',
  safari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
};
const page = (userAgent: string, extra: object = {}) => ({ document: {}, navigator: { userAgent }, ...extra });

describe('detectPlatform', () => {
  it('sees this Node process as node, with its version and OS, not a browser', () => {
    expect(detectPlatform()).toEqual({
      runtime: 'node',
      version: process.versions.node,
      os: { darwin: 'macos', win32: 'windows' }[process.platform as string] ?? process.platform,
      browser: false,
    });
  });

  it.each([
    ['deno', { Deno: { version: { deno: '2.9.6' }, build: { os: 'darwin' } }, process: { versions: { node: '24.2.0' } } }, { runtime: 'deno', version: '2.9.6', os: 'macos' }],
    ['bun', { Bun: {}, process: { versions: { node: '24.3.0', bun: '1.4.4' }, platform: 'linux' } }, { runtime: 'bun', version: '1.4.4', os: 'linux' }],
    ['workerd', { navigator: { userAgent: 'Cloudflare-Workers' } }, { runtime: 'workerd', version: 'unknown', os: 'unknown' }],
    ['edge-light', { EdgeRuntime: 'edge-runtime' }, { runtime: 'edge-light', version: 'unknown', os: 'unknown' }],
    // jsdom and happy-dom fake a page inside Node: still a server.
    ['node with a fake window', { document: {}, navigator: { userAgent: AGENTS.chrome }, process: { versions: { node: '22.23.5' }, platform: 'win32' } }, { runtime: 'node', version: '22.23.5', os: 'windows' }],
    ['nothing it knows', {}, { runtime: 'unknown', version: 'unknown', os: 'unknown' }],
  ])('tells %s apart, as a server', (_name, globals, expected) => {
    expect(platformOf(globals)).toEqual({ ...expected, browser: false });
  });

  it.each([
    ['chrome', page(AGENTS.chrome), { runtime: 'chrome', version: '131.0.0.0', os: 'linux' }],
    ['headless chrome', page(AGENTS.headless), { runtime: 'chrome', version: '142.0.7444.59', os: 'linux' }],
    ['chrome with client hints', page(AGENTS.chrome, { navigator: { userAgent: AGENTS.chrome, userAgentData: { platform: 'Chrome OS' } } }), { runtime: 'chrome', version: '131.0.0.0', os: 'chromeos' }],
    ['edge', page(AGENTS.edge), { runtime: 'edge', version: '131.0.2903.86', os: 'windows' }],
    ['firefox', page(AGENTS.firefox), { runtime: 'firefox', version: '133.0', os: 'macos' }],
    ['safari', page(AGENTS.safari), { runtime: 'safari', version: '18.1', os: 'ios' }],
    ['android chrome', page(AGENTS.android), { runtime: 'chrome', version: '131.0.6778.81', os: 'android' }],
    ['a browser worker', { WorkerGlobalScope: class {}, navigator: { userAgent: AGENTS.firefox } }, { runtime: 'firefox', version: '133.0', os: 'macos' }],
    ['an unknown browser', page('Mozilla/5.0 (compatible; Something/1.0)'), { runtime: 'browser', version: 'unknown', os: 'unknown' }],
  ])('tells %s apart, as a browser', (_name, globals, expected) => {
    expect(platformOf(globals)).toEqual({ ...expected, browser: true });
  });

  it('reads a ChromeOS agent as chromeos when the page gives no client hints', () => {
    const agent = 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    expect(platformOf(page(agent))).toEqual({ runtime: 'chrome', version: '131.0.0.0', os: 'chromeos', browser: true });
  });

  it('copes with globals that are only partly there (a half-built fake, an odd runtime) without throwing', () => {
    const unknown = { runtime: 'unknown', version: 'unknown', os: 'unknown', browser: false };
    // A Deno without `version` is not taken for Deno; one without `build` has no OS to tell.
    expect(platformOf({ Deno: {} })).toEqual(unknown);
    expect(platformOf({ Deno: { version: { deno: '2.9.6' } } })).toEqual({ runtime: 'deno', version: '2.9.6', os: 'unknown', browser: false });
    // Bun without a `process`, or with one that has no `versions`.
    expect(platformOf({ Bun: {} })).toEqual({ runtime: 'bun', version: 'unknown', os: 'unknown', browser: false });
    expect(platformOf({ Bun: {}, process: { platform: 'darwin' } })).toEqual({ runtime: 'bun', version: 'unknown', os: 'macos', browser: false });
    // A `process` with no `versions` is not Node.
    expect(platformOf({ process: { platform: 'linux' } })).toEqual(unknown);
    // A page without `navigator` is a browser that does not say which.
    expect(platformOf({ document: {} })).toEqual({ runtime: 'browser', version: 'unknown', os: 'unknown', browser: true });
  });

  it('takes a worker for a browser only when its agent is a browser’s, and a browser agent alone for no browser', () => {
    const unknown = { runtime: 'unknown', version: 'unknown', os: 'unknown', browser: false };
    // A worker global whose agent is not `Mozilla/…` (a server runtime that defines WorkerGlobalScope).
    expect(platformOf({ WorkerGlobalScope: class {}, navigator: { userAgent: 'Chrome/131.0.0.0 (Linux)' } })).toEqual(unknown);
    expect(platformOf({ WorkerGlobalScope: class {} })).toEqual(unknown);
    // A browser's agent with neither a document nor a worker global.
    expect(platformOf({ navigator: { userAgent: AGENTS.firefox } })).toEqual(unknown);
  });
});

describe('userAgent', () => {
  it('reads `product (runtime version; os)`', () => {
    expect(userAgent('my-sdk/1.2.0', { runtime: 'bun', version: '1.4.4', os: 'linux', browser: false })).toBe(
      'my-sdk/1.2.0 (bun 1.4.4; linux)',
    );
    expect(userAgent('my-sdk/1.2.0')).toBe(`my-sdk/1.2.0 (node ${process.versions.node}; ${detectPlatform().os})`);
  });
});

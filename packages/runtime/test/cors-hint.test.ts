import { describe, expect, it } from 'vitest';
import { corsHint, pageOrigin } from '../src/cors-hint.js';

// The hint itself, for any page; tools/platforms/smoke/suite.mjs sees it in Chromium, on a refused connection.
describe('the CORS hint of a connection error', () => {
  it('in a page, a fetch TypeError names the API origin, the page origin and the headers', () => {
    expect(corsHint(new TypeError('Failed to fetch'), 'https://api.coze.cn/v1/chat?x=1', 'http://localhost:5173')).toBe(
      " (in a browser, a CORS refusal fails the same way: check that https://api.coze.cn allows the origin http://localhost:5173 and the request's headers)",
    );
  });

  it('adds nothing outside a page, or for an error that is not the fetch TypeError', () => {
    expect(corsHint(new TypeError('fetch failed'), 'https://api.coze.cn/v1/chat', undefined)).toBe('');
    expect(corsHint(new Error('socket hang up'), 'https://api.coze.cn/v1/chat', 'http://localhost:5173')).toBe('');
    expect(corsHint('Failed to fetch', 'https://api.coze.cn/v1/chat', 'http://localhost:5173')).toBe('');
  });

  it('there is no page in a server runtime; in a browser, the page is its location\'s origin', () => {
    expect(pageOrigin()).toBeUndefined();
    const chrome = { runtime: 'chrome', version: '140', os: 'linux', browser: true };
    expect(pageOrigin(chrome, { location: { origin: 'http://localhost:5173' } })).toBe('http://localhost:5173');
    // A worker without a location, and a file: page, whose origin is opaque.
    expect(pageOrigin(chrome, {})).toBe('null');
    expect(pageOrigin({ ...chrome, browser: false }, { location: { origin: 'http://localhost:5173' } })).toBeUndefined();
  });
});
